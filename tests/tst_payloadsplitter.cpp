// PayloadSplitter: the elements of a payload's instances array and the rest,
// whatever the pieces the payload arrives in.
#include "payloadsplitter.h"

#include <QTest>

using namespace stellmap;

namespace {

struct Split
{
    QList<QByteArray> elements;
    QByteArray skeleton;
    bool ok = true;
    bool insideArray = false;
};

Split splitIn(const QByteArray &payload, qsizetype piece)
{
    PayloadSplitter splitter;
    Split result;
    const auto element = [&result](QByteArrayView bytes) {
        result.elements.append(bytes.toByteArray());
        return true;
    };
    for (qsizetype pos = 0; pos < payload.size() && result.ok; pos += piece) {
        result.ok = splitter.feed(
            QByteArrayView(payload).sliced(pos, qMin(piece, payload.size() - pos)), element);
    }
    result.skeleton = splitter.skeleton();
    result.insideArray = splitter.isInsideArray();
    return result;
}

} // namespace

class TstPayloadSplitter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void split_data();
    void split();
    void broken_data();
    void broken();
    void handlerStops();
};

void TstPayloadSplitter::split_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QList<QByteArray>>("elements");
    QTest::addColumn<QByteArray>("skeleton");

    QTest::newRow("snapshot")
        << QByteArray(R"({"revision":7,"type":"snapshot","instances":[{"a":1},{"b":"]}"}]})")
        << QList<QByteArray>{R"({"a":1})", R"({"b":"]}"})"}
        << QByteArray(R"({"revision":7,"type":"snapshot","instances":[]})");
    QTest::newRow("white space everywhere")
        << QByteArray(
               "{ \"instances\" :\n [ {\"x\" : [1, 2]} ,\r\n\t{} ] , \"type\":\"snapshot\" }")
        << QList<QByteArray>{R"({"x" : [1, 2]})", "{}"}
        << QByteArray("{ \"instances\" :\n [] , \"type\":\"snapshot\" }");
    QTest::newRow("empty array") << QByteArray(R"({"instances":[],"type":"snapshot"})")
                                 << QList<QByteArray>()
                                 << QByteArray(R"({"instances":[],"type":"snapshot"})");
    QTest::newRow("scalars and nested arrays are elements too")
        << QByteArray(R"({"instances":[7,"s",null,[{"a":[]}]]})")
        << QList<QByteArray>{"7", "\"s\"", "null", R"([{"a":[]}])"}
        << QByteArray(R"({"instances":[]})");
    QTest::newRow("quotes and escapes in strings")
        << QByteArray(R"({"note":"\"instances\":[1]","instances":[{"k":"\\\"}"}]})")
        << QList<QByteArray>{R"({"k":"\\\"}"})"}
        << QByteArray(R"({"note":"\"instances\":[1]","instances":[]})");
    QTest::newRow("instances deeper down stay in the skeleton")
        << QByteArray(R"({"instance":{"instances":[1,2]},"x":{"instances":[3]}})")
        << QList<QByteArray>()
        << QByteArray(R"({"instance":{"instances":[1,2]},"x":{"instances":[3]}})");
    QTest::newRow("a value named instances is not a key")
        << QByteArray(R"({"type":"instances","instances":[{}]})") << QList<QByteArray>{"{}"}
        << QByteArray(R"({"type":"instances","instances":[]})");
    QTest::newRow("instances that is not an array")
        << QByteArray(R"({"instances":{"a":[1]}})") << QList<QByteArray>()
        << QByteArray(R"({"instances":{"a":[1]}})");
    QTest::newRow("an escaped key is not recognised")
        << QByteArray(R"({"\u0069nstances":[1]})") << QList<QByteArray>()
        << QByteArray(R"({"\u0069nstances":[1]})");
    QTest::newRow("not an object at all")
        << QByteArray("[1,2]") << QList<QByteArray>() << QByteArray("[1,2]");
}

void TstPayloadSplitter::split()
{
    QFETCH(QByteArray, payload);
    QFETCH(QList<QByteArray>, elements);
    QFETCH(QByteArray, skeleton);
    for (qsizetype piece = 1; piece <= payload.size(); ++piece) {
        const Split result = splitIn(payload, piece);
        QVERIFY2(result.ok, qPrintable(QStringLiteral("pieces of %1").arg(piece)));
        QCOMPARE(result.elements, elements);
        QCOMPARE(result.skeleton, skeleton);
        QVERIFY(!result.insideArray);
    }
}

void TstPayloadSplitter::broken_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("missing comma") << QByteArray(R"({"instances":[{} {}]})");
    QTest::newRow("trailing comma") << QByteArray(R"({"instances":[{},]})");
    QTest::newRow("unbalanced") << QByteArray(R"({"instances":[{}}]})");
    QTest::newRow("cut inside an element") << QByteArray(R"({"instances":[{"a":"})");
    QTest::newRow("cut after an element") << QByteArray(R"({"instances":[{},)");
}

void TstPayloadSplitter::broken()
{
    QFETCH(QByteArray, payload);
    // Broken syntax, or bytes that end inside the array: the decoder refuses either.
    for (qsizetype piece = 1; piece <= payload.size(); ++piece) {
        const Split result = splitIn(payload, piece);
        QVERIFY2(!result.ok || result.insideArray,
                 qPrintable(QStringLiteral("pieces of %1").arg(piece)));
    }
}

void TstPayloadSplitter::handlerStops()
{
    PayloadSplitter splitter;
    int seen = 0;
    QVERIFY(
        !splitter.feed(R"({"instances":[1,2,3]})", [&seen](QByteArrayView) { return ++seen < 2; }));
    QCOMPARE(seen, 2);
    QVERIFY(!splitter.feed("more", [](QByteArrayView) { return true; }));
}

QTEST_GUILESS_MAIN(TstPayloadSplitter)
#include "tst_payloadsplitter.moc"
