// InstanceRecord: the compact form keeps everything an Instance holds, writes
// the same JSON, and tells which parts differ (the Directory's change fields).
#include "gotext.h"
#include "instancerecord.h"
#include "instancerecordbuilder.h"
#include "jsonwriter.h"
#include "textpool.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace stellmap;

namespace {

Instance fixture()
{
    QFile file(QFINDTESTDATA("fixtures/instance-full.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return Instance::fromJson(QJsonDocument::fromJson(file.readAll()).object());
}

} // namespace

class TstInstanceRecord : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void rawBytesAreWrittenAsGoDoes();
    void repeatedKeysKeepTheLast();
    void differences_data();
    void differences();
    void sharedTextsAcrossRecords();
    void nullRecord();
};

void TstInstanceRecord::roundTrip_data()
{
    QTest::addColumn<Instance>("instance");
    const Instance full = fixture();
    QVERIFY(!full.key.instanceId.isEmpty());
    QTest::newRow("fixture") << full;
    QTest::newRow("empty") << Instance();
    Instance plain = full;
    plain.key.service = ServiceName::fromService(QStringLiteral("legacy-service"));
    plain.zone.clear();
    plain.metadata.clear();
    plain.endpoints.clear();
    QTest::newRow("plain service, no zone, metadata or endpoints") << plain;
    Instance tricky = full;
    tricky.key.instanceId = QString::fromUtf8("id <&> \"q\" \\ \u2028 \U0001F600 \t\n");
    tricky.labels = {{QString::fromUtf8("\U0001F600"), QStringLiteral("astral")},
                     {QString::fromUtf8("\uffff"), QStringLiteral("bmp end")},
                     {QStringLiteral("empty"), QString()},
                     {QString(), QStringLiteral("empty key")}};
    tricky.metadata = {{QStringLiteral("note"), QString::fromUtf8("caf\u00e9 \u0001")}};
    tricky.endpoints.append(
        {QString(), QStringLiteral("tcp"), QStringLiteral("::1"), 0, QString(), 0});
    tricky.leaseTtlSeconds = -5;
    tricky.lastHeartbeatUnix = std::numeric_limits<qint64>::max();
    QTest::newRow("escapes, astral keys, empty parts, odd numbers") << tricky;
}

void TstInstanceRecord::roundTrip()
{
    QFETCH(Instance, instance);
    TextPool pool;
    const InstanceRecord record = InstanceRecord::fromInstance(instance, &pool);
    QCOMPARE(record.toInstance(), instance);
    QCOMPARE(record.toJson(), instance.toJson());
    QCOMPARE(record.key(), instance.key);
    QCOMPARE(record.labels(), instance.labels);
    QCOMPARE(record.expiresAtUnix(), instance.expiresAtUnix());
    QCOMPARE(record.isAlive(instance.lastHeartbeatUnix + 1),
             instance.isAlive(instance.lastHeartbeatUnix + 1));
    for (auto it = instance.labels.cbegin(); it != instance.labels.cend(); ++it) {
        const std::optional<QByteArrayView> value = record.labelUtf8(it.key().toUtf8());
        QVERIFY(value);
        QCOMPARE(QString::fromUtf8(*value), it.value());
    }
    QVERIFY(!record.labelUtf8("no-such-label"));
    // Labels in UTF-8 byte order, as the server writes them.
    for (int i = 1; i < record.labelCount(); ++i) {
        QVERIFY(record.labelKeyUtf8(i - 1) < record.labelKeyUtf8(i));
    }
}

void TstInstanceRecord::rawBytesAreWrittenAsGoDoes()
{
    // stellmap-devd keeps invalid UTF-8 bytes as U+DC80..U+DCFF; Go writes each as \ufffd.
    Instance instance = fixture();
    instance.metadata.insert(QStringLiteral("raw"),
                             GoText::fromUtf8("a\xff"
                                              "b",
                                              GoText::InvalidUtf8::KeepRawBytes));
    const InstanceRecord record = InstanceRecord::fromInstance(instance);
    QVERIFY(record.toJson().contains(R"("raw":"a\ufffdb")"));
    QCOMPARE(record.toJson(), instance.toJson());
}

void TstInstanceRecord::repeatedKeysKeepTheLast()
{
    TextPool pool;
    InstanceRecordBuilder builder(&pool);
    builder.setInstanceId("i-1");
    builder.addLabel("b", "1");
    builder.addLabel("a", "x");
    builder.addLabel("b", "2");
    builder.addMetadata("m", "first");
    builder.addMetadata("m", "second");
    const InstanceRecord record = builder.take();
    QCOMPARE(record.labels(), (StringMap{{QStringLiteral("a"), QStringLiteral("x")},
                                         {QStringLiteral("b"), QStringLiteral("2")}}));
    QCOMPARE(record.metadata(), (StringMap{{QStringLiteral("m"), QStringLiteral("second")}}));
    // The builder is empty again.
    QCOMPARE(builder.take().toInstance(), Instance());
}

void TstInstanceRecord::differences_data()
{
    QTest::addColumn<Instance>("after");
    QTest::addColumn<QStringList>("differs");
    const Instance base = fixture();
    QTest::newRow("same") << base << QStringList();
    Instance zone = base;
    zone.zone = QStringLiteral("az9");
    QTest::newRow("zone") << zone << QStringList{QStringLiteral("zone")};
    Instance label = base;
    label.labels[QStringLiteral("color")] = QStringLiteral("red");
    QTest::newRow("label value") << label << QStringList{QStringLiteral("labels")};
    Instance extraLabel = base;
    extraLabel.labels.insert(QStringLiteral("zz"), QString());
    QTest::newRow("label added") << extraLabel << QStringList{QStringLiteral("labels")};
    Instance metadata = base;
    metadata.metadata[QStringLiteral("owner")] = QStringLiteral("team-x");
    QTest::newRow("metadata") << metadata << QStringList{QStringLiteral("metadata")};
    Instance endpoint = base;
    endpoint.endpoints[1].weight = 7;
    QTest::newRow("endpoint weight") << endpoint << QStringList{QStringLiteral("endpoints")};
    Instance host = base;
    host.endpoints[2].host = QStringLiteral("10.0.1.24");
    QTest::newRow("endpoint host") << host << QStringList{QStringLiteral("endpoints")};
    Instance id = base;
    id.key.instanceId += QLatin1Char('x');
    QTest::newRow("instance id") << id << QStringList{QStringLiteral("identity")};
    Instance heartbeat = base;
    heartbeat.lastHeartbeatUnix += 10;
    QTest::newRow("heartbeat only") << heartbeat << QStringList();
}

void TstInstanceRecord::differences()
{
    QFETCH(Instance, after);
    QFETCH(QStringList, differs);
    // Two pools: equal texts in different objects still compare equal.
    TextPool one;
    TextPool two;
    const InstanceRecord a = InstanceRecord::fromInstance(fixture(), &one);
    const InstanceRecord b = InstanceRecord::fromInstance(after, &two);
    QStringList found;
    if (!a.sameIdentity(b)) {
        found.append(QStringLiteral("identity"));
    }
    if (!a.sameZone(b)) {
        found.append(QStringLiteral("zone"));
    }
    if (!a.sameLabels(b)) {
        found.append(QStringLiteral("labels"));
    }
    if (!a.sameMetadata(b)) {
        found.append(QStringLiteral("metadata"));
    }
    if (!a.sameEndpoints(b)) {
        found.append(QStringLiteral("endpoints"));
    }
    QCOMPARE(found, differs);
    QCOMPARE(a == b, after == fixture());
}

void TstInstanceRecord::sharedTextsAcrossRecords()
{
    TextPool pool;
    Instance first = fixture();
    Instance second = fixture();
    second.key.instanceId = QStringLiteral("other");
    const InstanceRecord a = InstanceRecord::fromInstance(first, &pool);
    const InstanceRecord b = InstanceRecord::fromInstance(second, &pool);
    QCOMPARE(a.serviceUtf8().data(), b.serviceUtf8().data());
    QCOMPARE(a.labelValueUtf8(0).data(), b.labelValueUtf8(0).data());
    QVERIFY(a.instanceIdUtf8().data() != b.instanceIdUtf8().data());
    // A compact record: far below the Instance's own allocations.
    QVERIFY2(a.allocatedBytes() < 512, qPrintable(QString::number(a.allocatedBytes())));
}

void TstInstanceRecord::nullRecord()
{
    const InstanceRecord none;
    QVERIFY(none.isNull());
    QVERIFY(!none);
    QCOMPARE(none.labelCount(), 0);
    QCOMPARE(none.instanceId(), QString());
    QVERIFY(!none.labelUtf8("a"));
    QCOMPARE(none.toInstance(), Instance());
    InstanceRecord copy = InstanceRecord::fromInstance(fixture());
    copy = none;
    QVERIFY(copy.isNull());
}

QTEST_GUILESS_MAIN(TstInstanceRecord)
#include "tst_instancerecord.moc"
