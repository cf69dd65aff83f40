// UrlValues::parse must read a query string exactly as Go's url.ParseQuery
// (the server's r.URL.Query()) does. Expected values come from Go's own
// url.ParseQuery; the first value of every `limit` row was also checked
// against the reference server (/work/ref/refserver), which echoes the raw
// first `limit` value in its strconv.Atoi error, and the namespace row by its
// `namespace is required` answer.

#include "gotext.h"
#include "urlvalues.h"

#include <QTest>

using stellmap::GoText;
using stellmap::UrlValues;

class TstUrlValues : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void firstAndContains();
    void limitReadLikeTheServer_data();
    void limitReadLikeTheServer();
};

void TstUrlValues::parse_data()
{
    QTest::addColumn<QByteArray>("rawQuery");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("values");

    QTest::newRow("plain value") << QByteArrayLiteral("limit=abc") << QStringLiteral("limit")
                                 << QStringList{QStringLiteral("abc")};
    QTest::newRow("plus is a space") << QByteArrayLiteral("limit=a+b") << QStringLiteral("limit")
                                     << QStringList{QStringLiteral("a b")};
    QTest::newRow("escaped plus") << QByteArrayLiteral("limit=a%2Bb") << QStringLiteral("limit")
                                  << QStringList{QStringLiteral("a+b")};
    QTest::newRow("escaped space") << QByteArrayLiteral("limit=a%20b") << QStringLiteral("limit")
                                   << QStringList{QStringLiteral("a b")};
    QTest::newRow("lone plus") << QByteArrayLiteral("limit=+") << QStringLiteral("limit")
                               << QStringList{QStringLiteral(" ")};
    QTest::newRow("mixed escapes") << QByteArrayLiteral("limit=%20%2B+") << QStringLiteral("limit")
                                   << QStringList{QStringLiteral(" + ")};
    QTest::newRow("semicolon drops the pair")
        << QByteArrayLiteral("limit=a;b") << QStringLiteral("limit") << QStringList();
    QTest::newRow("trailing semicolon drops the pair")
        << QByteArrayLiteral("limit=1;") << QStringLiteral("limit") << QStringList();
    QTest::newRow("escaped semicolon kept")
        << QByteArrayLiteral("limit=a%3Bb") << QStringLiteral("limit")
        << QStringList{QStringLiteral("a;b")};
    QTest::newRow("semicolon drops only its own pair")
        << QByteArrayLiteral("limit=x;&limit=y") << QStringLiteral("limit")
        << QStringList{QStringLiteral("y")};
    QTest::newRow("documented namespace example")
        << QByteArrayLiteral("namespace=prod;x=1") << QStringLiteral("namespace") << QStringList();
    QTest::newRow("bad escape drops the pair")
        << QByteArrayLiteral("limit=%zz") << QStringLiteral("limit") << QStringList();
    QTest::newRow("short escape drops the pair")
        << QByteArrayLiteral("limit=%4") << QStringLiteral("limit") << QStringList();
    QTest::newRow("lone percent drops the pair")
        << QByteArrayLiteral("limit=%") << QStringLiteral("limit") << QStringList();
    QTest::newRow("bad escape drops only its own pair")
        << QByteArrayLiteral("limit=%2G&limit=ok") << QStringLiteral("limit")
        << QStringList{QStringLiteral("ok")};
    QTest::newRow("bad escape in the key drops the pair")
        << QByteArrayLiteral("%zz=1&limit=x") << QStringLiteral("limit")
        << QStringList{QStringLiteral("x")};
    QTest::newRow("repeated values keep their order")
        << QByteArrayLiteral("limit=x&limit=y&limit=z") << QStringLiteral("limit")
        << QStringList{QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")};
    QTest::newRow("key without equals has an empty value")
        << QByteArrayLiteral("limit") << QStringLiteral("limit") << QStringList{QString()};
    QTest::newRow("empty value") << QByteArrayLiteral("limit=") << QStringLiteral("limit")
                                 << QStringList{QString()};
    QTest::newRow("empty key") << QByteArrayLiteral("=x&limit=y") << QString()
                               << QStringList{QStringLiteral("x")};
    QTest::newRow("empty pairs skipped")
        << QByteArrayLiteral("&&limit=x&&") << QStringLiteral("limit")
        << QStringList{QStringLiteral("x")};
    QTest::newRow("equals inside the value")
        << QByteArrayLiteral("limit=a=b=c") << QStringLiteral("limit")
        << QStringList{QStringLiteral("a=b=c")};
    QTest::newRow("escaped key") << QByteArrayLiteral("%6Cimit=x") << QStringLiteral("limit")
                                 << QStringList{QStringLiteral("x")};
    QTest::newRow("plus in the key") << QByteArrayLiteral("li+mit=x") << QStringLiteral("li mit")
                                     << QStringList{QStringLiteral("x")};
    QTest::newRow("escaped UTF-8")
        << QByteArrayLiteral("limit=%E4%B8%AD") << QStringLiteral("limit")
        << QStringList{QStringLiteral("\u4e2d")};
    QTest::newRow("lower-case hex")
        << QByteArrayLiteral("limit=%e4%b8%ad") << QStringLiteral("limit")
        << QStringList{QStringLiteral("\u4e2d")};
    QTest::newRow("raw UTF-8") << QByteArrayLiteral("limit=\344\270\255") << QStringLiteral("limit")
                               << QStringList{QStringLiteral("\u4e2d")};
    QTest::newRow("escaped NUL") << QByteArrayLiteral("limit=a%00b") << QStringLiteral("limit")
                                 << QStringList{QStringLiteral("a\000b")};
    QTest::newRow("hash is literal in a raw query")
        << QByteArrayLiteral("limit=x#y") << QStringLiteral("limit")
        << QStringList{QStringLiteral("x#y")};
    QTest::newRow("question mark and slash literal")
        << QByteArrayLiteral("limit=a?b/c") << QStringLiteral("limit")
        << QStringList{QStringLiteral("a?b/c")};
    QTest::newRow("escaped ampersand and equals")
        << QByteArrayLiteral("limit=a%26b%3Dc") << QStringLiteral("limit")
        << QStringList{QStringLiteral("a&b=c")};
    QTest::newRow("other key untouched")
        << QByteArrayLiteral("label=a;b&limit=x") << QStringLiteral("limit")
        << QStringList{QStringLiteral("x")};
    QTest::newRow("empty query") << QByteArrayLiteral("") << QStringLiteral("limit")
                                 << QStringList();
    QTest::newRow("keys are case-sensitive")
        << QByteArrayLiteral("LIMIT=x") << QStringLiteral("limit") << QStringList();
}

void TstUrlValues::parse()
{
    QFETCH(QByteArray, rawQuery);
    QFETCH(QString, key);
    QFETCH(QStringList, values);

    const UrlValues parsed = UrlValues::parse(rawQuery);
    QCOMPARE(parsed.all(key), values);
    QCOMPARE(parsed.contains(key), !values.isEmpty());
    QCOMPARE(parsed.first(key), values.value(0));
}

void TstUrlValues::firstAndContains()
{
    const UrlValues values = UrlValues::parse("namespace=prod&service=a&service=b&empty=&flag");
    QCOMPARE(values.first(QStringLiteral("namespace")), QStringLiteral("prod"));
    QCOMPARE(values.first(QStringLiteral("service")), QStringLiteral("a"));
    QCOMPARE(values.all(QStringLiteral("service")),
             (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QVERIFY(values.contains(QStringLiteral("empty")));
    QVERIFY(values.first(QStringLiteral("empty")).isEmpty());
    QVERIFY(values.contains(QStringLiteral("flag")));
    QVERIFY(!values.contains(QStringLiteral("missing")));
    QVERIFY(values.first(QStringLiteral("missing")).isEmpty());
    QVERIFY(values.all(QStringLiteral("missing")).isEmpty());
}

void TstUrlValues::limitReadLikeTheServer_data()
{
    QTest::addColumn<QByteArray>("rawQuery");
    QTest::addColumn<QString>("error");

    // The reference server's answers to /api/v1/registry/instances?namespace=n&<rawQuery>:
    // its parseLimit hands the first, untrimmed `limit` value to strconv.Atoi,
    // so the message shows exactly what url.ParseQuery produced, raw bytes
    // of invalid UTF-8 included (quoted as \xff).
    QTest::newRow("invalid byte kept as a raw byte")
        << QByteArrayLiteral("limit=a%FFb")
        << QStringLiteral("strconv.Atoi: parsing \"a\\xffb\": invalid syntax");
    QTest::newRow("truncated UTF-8 sequence")
        << QByteArrayLiteral("limit=%E4%B8")
        << QStringLiteral("strconv.Atoi: parsing \"\\xe4\\xb8\": invalid syntax");
    QTest::newRow("encoded surrogate bytes")
        << QByteArrayLiteral("limit=%ED%A0%80")
        << QStringLiteral("strconv.Atoi: parsing \"\\xed\\xa0\\x80\": invalid syntax");
    QTest::newRow("valid escaped UTF-8")
        << QByteArrayLiteral("limit=%C3%A9x")
        << QStringLiteral("strconv.Atoi: parsing \"\u00e9x\": invalid syntax");
    QTest::newRow("plus before the number")
        << QByteArrayLiteral("limit=+5")
        << QStringLiteral("strconv.Atoi: parsing \" 5\": invalid syntax");
    QTest::newRow("plus after the number")
        << QByteArrayLiteral("limit=5+")
        << QStringLiteral("strconv.Atoi: parsing \"5 \": invalid syntax");
    QTest::newRow("escaped space before the number")
        << QByteArrayLiteral("limit=%205")
        << QStringLiteral("strconv.Atoi: parsing \" 5\": invalid syntax");
    QTest::newRow("first of repeated values")
        << QByteArrayLiteral("limit=x&limit=5")
        << QStringLiteral("strconv.Atoi: parsing \"x\": invalid syntax");
    QTest::newRow("escaped tab") << QByteArrayLiteral("limit=%09") << QString();
}

void TstUrlValues::limitReadLikeTheServer()
{
    QFETCH(QByteArray, rawQuery);
    QFETCH(QString, error);

    const QString limit = UrlValues::parse(rawQuery).first(QStringLiteral("limit"));
    QString actual;
    if (!GoText::trimSpace(limit).isEmpty()) {
        GoText::atoi(limit, &actual);
    }
    QCOMPARE(actual, error);
}

QTEST_GUILESS_MAIN(TstUrlValues)
#include "tst_urlvalues.moc"
