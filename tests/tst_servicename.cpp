// ServiceName: the server's ParseServiceName, ComposeServiceName and
// NormalizeStructuredServiceIdentity. Expected messages and normalized
// identities were captured from the reference server (/work/ref/refserver)
// by registering an otherwise valid instance with each identity and reading
// the stored instance back through a query.

#include "servicename.h"

#include <QTest>

using stellmap::ServiceName;
using stellmap::ValidationError;

class TstServiceName : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void compose_data();
    void compose();
    void normalize_data();
    void normalize();
    void partPredicates_data();
    void partPredicates();
    void constructors();
};

void TstServiceName::parse_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("parsed");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QStringList>("parts");

    QTest::newRow("canonical five parts")
        << QStringLiteral("company.trade.order.order-center.api") << true
        << QStringLiteral("company.trade.order.order-center.api")
        << QStringList{QStringLiteral("company"), QStringLiteral("trade"), QStringLiteral("order"),
                       QStringLiteral("order-center"), QStringLiteral("api")};
    QTest::newRow("outer white space trimmed")
        << QStringLiteral(" \tcompany.trade.order.order-center.api\u3000") << true
        << QStringLiteral("company.trade.order.order-center.api")
        << QStringList{QStringLiteral("company"), QStringLiteral("trade"), QStringLiteral("order"),
                       QStringLiteral("order-center"), QStringLiteral("api")};
    QTest::newRow("inner white space kept in the parts")
        << QStringLiteral("a. b.c.d\u00a0.e") << true << QStringLiteral("a. b.c.d\u00a0.e")
        << QStringList{QStringLiteral("a"), QStringLiteral(" b"), QStringLiteral("c"),
                       QStringLiteral("d\u00a0"), QStringLiteral("e")};
    QTest::newRow("non-ASCII parts")
        << QStringLiteral("\u7ec4\u7ec7.\u4e1a\u52a1.\u80fd\u529b.\u5e94\u7528.\u89d2\u8272")
        << true
        << QStringLiteral("\u7ec4\u7ec7.\u4e1a\u52a1.\u80fd\u529b.\u5e94\u7528.\u89d2\u8272")
        << QStringList{QStringLiteral("\u7ec4\u7ec7"), QStringLiteral("\u4e1a\u52a1"),
                       QStringLiteral("\u80fd\u529b"), QStringLiteral("\u5e94\u7528"),
                       QStringLiteral("\u89d2\u8272")};
    QTest::newRow("zero width space counts as content")
        << QStringLiteral("a.b.c.d.\u200b") << true << QStringLiteral("a.b.c.d.\u200b")
        << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                       QStringLiteral("d"), QStringLiteral("\u200b")};
    QTest::newRow("four parts") << QStringLiteral("a.b.c.d") << false << QString() << QStringList();
    QTest::newRow("six parts") << QStringLiteral("a.b.c.d.e.f") << false << QString()
                               << QStringList();
    QTest::newRow("trailing dot") << QStringLiteral("a.b.c.d.e.") << false << QString()
                                  << QStringList();
    QTest::newRow("leading dot") << QStringLiteral(".b.c.d.e") << false << QString()
                                 << QStringList();
    QTest::newRow("empty part") << QStringLiteral("a..c.d.e") << false << QString()
                                << QStringList();
    QTest::newRow("blank part") << QStringLiteral("a. .c.d.e") << false << QString()
                                << QStringList();
    QTest::newRow("part of ideographic space")
        << QStringLiteral("a.b.\u3000.d.e") << false << QString() << QStringList();
    QTest::newRow("plain name") << QStringLiteral("order-center") << false << QString()
                                << QStringList();
    QTest::newRow("empty") << QString() << false << QString() << QStringList();
    QTest::newRow("white space only")
        << QStringLiteral(" \t\n") << false << QString() << QStringList();
}

void TstServiceName::parse()
{
    QFETCH(QString, input);
    QFETCH(bool, parsed);
    QFETCH(QString, service);
    QFETCH(QStringList, parts);

    const auto result = ServiceName::parse(input);
    QCOMPARE(result.has_value(), parsed);
    if (!parsed) {
        return;
    }
    QCOMPARE(result->service, service);
    const QStringList actual{result->organization, result->businessDomain, result->capabilityDomain,
                             result->application, result->role};
    QCOMPARE(actual, parts);
    QVERIFY(result->isStructured());
}

void TstServiceName::compose_data()
{
    QTest::addColumn<QString>("organization");
    QTest::addColumn<QString>("businessDomain");
    QTest::addColumn<QString>("capabilityDomain");
    QTest::addColumn<QString>("application");
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("composed");

    QTest::newRow("plain parts") << QStringLiteral("company") << QStringLiteral("trade")
                                 << QStringLiteral("order") << QStringLiteral("order-center")
                                 << QStringLiteral("api")
                                 << QStringLiteral("company.trade.order.order-center.api");
    QTest::newRow("parts trimmed")
        << QStringLiteral(" company ") << QStringLiteral("\ttrade") << QStringLiteral("order\u3000")
        << QStringLiteral("\u00a0order-center") << QStringLiteral("api\u2029")
        << QStringLiteral("company.trade.order.order-center.api");
    QTest::newRow("inner white space kept")
        << QStringLiteral("a b") << QStringLiteral("c") << QStringLiteral("d")
        << QStringLiteral("e") << QStringLiteral("f") << QStringLiteral("a b.c.d.e.f");
    QTest::newRow("parts containing dots")
        << QStringLiteral("a.b") << QStringLiteral("c") << QStringLiteral("d")
        << QStringLiteral("e") << QStringLiteral("f") << QStringLiteral("a.b.c.d.e.f");
}

void TstServiceName::compose()
{
    QFETCH(QString, organization);
    QFETCH(QString, businessDomain);
    QFETCH(QString, capabilityDomain);
    QFETCH(QString, application);
    QFETCH(QString, role);
    QFETCH(QString, composed);

    QCOMPARE(
        ServiceName::compose(organization, businessDomain, capabilityDomain, application, role),
        composed);
    const ServiceName name =
        ServiceName::fromParts(organization, businessDomain, capabilityDomain, application, role);
    QCOMPARE(name.composed(), composed);
}

void TstServiceName::normalize_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("organization");
    QTest::addColumn<QString>("businessDomain");
    QTest::addColumn<QString>("capabilityDomain");
    QTest::addColumn<QString>("application");
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QStringList>("normalized");

    QTest::newRow("five-part service fills the parts")
        << QStringLiteral("company.trade.order.order-center.api") << QString() << QString()
        << QString() << QString() << QString() << QString()
        << QStringList{QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("company"),
                       QStringLiteral("trade"),
                       QStringLiteral("order"),
                       QStringLiteral("order-center"),
                       QStringLiteral("api")};
    QTest::newRow("plain service keeps the parts empty")
        << QStringLiteral("order-center") << QString() << QString() << QString() << QString()
        << QString() << QString() << QStringList{QStringLiteral("order-center"),
                                                 QString(),
                                                 QString(),
                                                 QString(),
                                                 QString(),
                                                 QString()};
    QTest::newRow("four dotted parts are a plain service")
        << QStringLiteral("a.b.c.d") << QString() << QString() << QString() << QString()
        << QString() << QString()
        << QStringList{
               QStringLiteral("a.b.c.d"), QString(), QString(), QString(), QString(), QString()};
    QTest::newRow("six dotted parts are a plain service")
        << QStringLiteral("a.b.c.d.e.f") << QString() << QString() << QString() << QString()
        << QString() << QString() << QStringList{QStringLiteral("a.b.c.d.e.f"),
                                                 QString(),
                                                 QString(),
                                                 QString(),
                                                 QString(),
                                                 QString()};
    QTest::newRow("empty part makes a plain service")
        << QStringLiteral("a..c.d.e") << QString() << QString() << QString() << QString()
        << QString() << QString()
        << QStringList{
               QStringLiteral("a..c.d.e"), QString(), QString(), QString(), QString(), QString()};
    QTest::newRow("blank part makes a plain service")
        << QStringLiteral("a.\u3000.c.d.e") << QString() << QString() << QString() << QString()
        << QString() << QString() << QStringList{QStringLiteral("a.\u3000.c.d.e"),
                                                 QString(),
                                                 QString(),
                                                 QString(),
                                                 QString(),
                                                 QString()};
    QTest::newRow("service is trimmed")
        << QStringLiteral(" \tcompany.trade.order.order-center.api\u00a0") << QString() << QString()
        << QString() << QString() << QString() << QString()
        << QStringList{QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("company"),
                       QStringLiteral("trade"),
                       QStringLiteral("order"),
                       QStringLiteral("order-center"),
                       QStringLiteral("api")};
    QTest::newRow("parts compose the service")
        << QString() << QStringLiteral("company") << QStringLiteral("trade")
        << QStringLiteral("order") << QStringLiteral("order-center") << QStringLiteral("api")
        << QString()
        << QStringList{QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("company"),
                       QStringLiteral("trade"),
                       QStringLiteral("order"),
                       QStringLiteral("order-center"),
                       QStringLiteral("api")};
    QTest::newRow("parts are trimmed before composing")
        << QString() << QStringLiteral(" company ") << QStringLiteral("\ttrade")
        << QStringLiteral("order\u3000") << QStringLiteral("\u00a0order-center")
        << QStringLiteral("api\n") << QString()
        << QStringList{QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("company"),
                       QStringLiteral("trade"),
                       QStringLiteral("order"),
                       QStringLiteral("order-center"),
                       QStringLiteral("api")};
    QTest::newRow("matching service and parts")
        << QStringLiteral("company.trade.order.order-center.api") << QStringLiteral("company")
        << QStringLiteral("trade") << QStringLiteral("order") << QStringLiteral("order-center")
        << QStringLiteral("api") << QString()
        << QStringList{QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("company"),
                       QStringLiteral("trade"),
                       QStringLiteral("order"),
                       QStringLiteral("order-center"),
                       QStringLiteral("api")};
    QTest::newRow("some parts given, the rest from the service")
        << QStringLiteral("company.trade.order.order-center.api") << QStringLiteral("company")
        << QString() << QString() << QString() << QStringLiteral("api") << QString()
        << QStringList{QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("company"),
                       QStringLiteral("trade"),
                       QStringLiteral("order"),
                       QStringLiteral("order-center"),
                       QStringLiteral("api")};
    QTest::newRow("blank part filled from the service")
        << QStringLiteral("company.trade.order.order-center.api") << QString() << QString()
        << QString() << QString() << QStringLiteral("  ") << QString()
        << QStringList{QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("company"),
                       QStringLiteral("trade"),
                       QStringLiteral("order"),
                       QStringLiteral("order-center"),
                       QStringLiteral("api")};
    QTest::newRow("part differing from the service")
        << QStringLiteral("company.trade.order.order-center.api") << QString() << QString()
        << QString() << QString() << QStringLiteral("worker")
        << QStringLiteral("service \"company.trade.order.order-center.api\" does not match "
                          "structured service identity \"company.trade.order.order-center.worker\"")
        << QStringList();
    QTest::newRow("all parts differing from the service")
        << QStringLiteral("company.trade.order.order-center.api") << QStringLiteral("o")
        << QStringLiteral("b") << QStringLiteral("c") << QStringLiteral("a") << QStringLiteral("r")
        << QStringLiteral("service \"company.trade.order.order-center.api\" does not match "
                          "structured service identity \"o.b.c.a.r\"")
        << QStringList();
    QTest::newRow("plain service with all five parts")
        << QStringLiteral("order-center") << QStringLiteral("company") << QStringLiteral("trade")
        << QStringLiteral("order") << QStringLiteral("order-center") << QStringLiteral("api")
        << QStringLiteral("service \"order-center\" does not match structured service identity "
                          "\"company.trade.order.order-center.api\"")
        << QStringList();
    QTest::newRow("plain service with one part")
        << QStringLiteral("order-center") << QStringLiteral("company") << QString() << QString()
        << QString() << QString()
        << QStringLiteral(
               "organization, businessDomain, capabilityDomain, application and role are required")
        << QStringList();
    QTest::newRow("four parts without service")
        << QString() << QStringLiteral("company") << QStringLiteral("trade")
        << QStringLiteral("order") << QStringLiteral("order-center") << QString()
        << QStringLiteral(
               "organization, businessDomain, capabilityDomain, application and role are required")
        << QStringList();
    QTest::newRow("only the role")
        << QString() << QString() << QString() << QString() << QString() << QStringLiteral("api")
        << QStringLiteral(
               "organization, businessDomain, capabilityDomain, application and role are required")
        << QStringList();
    QTest::newRow("blank parts only count as absent")
        << QStringLiteral("svc") << QStringLiteral(" ") << QString() << QString() << QString()
        << QStringLiteral("\u3000") << QString()
        << QStringList{
               QStringLiteral("svc"), QString(), QString(), QString(), QString(), QString()};
    QTest::newRow("nothing given")
        << QString() << QString() << QString() << QString() << QString() << QString()
        << QStringLiteral("service is required") << QStringList();
    QTest::newRow("only white space given")
        << QStringLiteral(" \t ") << QStringLiteral("\u00a0") << QString() << QString() << QString()
        << QStringLiteral("\u2028") << QStringLiteral("service is required") << QStringList();
    QTest::newRow("parsed parts stay untrimmed")
        << QStringLiteral("a. b.c.d.e") << QString() << QString() << QString() << QString()
        << QString()
        << QStringLiteral(
               "service \"a. b.c.d.e\" does not match structured service identity \"a.b.c.d.e\"")
        << QStringList();
    QTest::newRow("parsed parts stay untrimmed, no-break space")
        << QStringLiteral("a.b.c.d\u00a0.e") << QString() << QString() << QString() << QString()
        << QString()
        << QStringLiteral("service \"a.b.c.d\\u00a0.e\" does not match structured service identity "
                          "\"a.b.c.d.e\"")
        << QStringList();
    QTest::newRow("inner white space inside a part is fine")
        << QStringLiteral("a\tb.c.d.e.f") << QString() << QString() << QString() << QString()
        << QString() << QString()
        << QStringList{QStringLiteral("a\tb.c.d.e.f"),
                       QStringLiteral("a\tb"),
                       QStringLiteral("c"),
                       QStringLiteral("d"),
                       QStringLiteral("e"),
                       QStringLiteral("f")};
    QTest::newRow("mismatch message quotes control characters")
        << QStringLiteral("a\tb.c.d.e.f") << QStringLiteral("o") << QString() << QString()
        << QString() << QString()
        << QStringLiteral(
               "service \"a\\tb.c.d.e.f\" does not match structured service identity \"o.c.d.e.f\"")
        << QStringList();
    QTest::newRow("mismatch message quotes double quotes")
        << QStringLiteral("x\"y.b.c.d.e") << QStringLiteral("o") << QString() << QString()
        << QString() << QString()
        << QStringLiteral("service \"x\\\"y.b.c.d.e\" does not match structured service identity "
                          "\"o.b.c.d.e\"")
        << QStringList();
    QTest::newRow("mismatch message keeps non-ASCII")
        << QStringLiteral("\u7ec4\u7ec7.\u4e1a\u52a1.\u80fd\u529b.\u5e94\u7528.\u89d2\u8272")
        << QString() << QString() << QString() << QString() << QStringLiteral("api")
        << QStringLiteral(
               "service \"\u7ec4\u7ec7.\u4e1a\u52a1.\u80fd\u529b.\u5e94\u7528.\u89d2\u8272\" does "
               "not match structured service identity "
               "\"\u7ec4\u7ec7.\u4e1a\u52a1.\u80fd\u529b.\u5e94\u7528.api\"")
        << QStringList();
    QTest::newRow("parts containing dots")
        << QString() << QStringLiteral("a.b") << QStringLiteral("c") << QStringLiteral("d")
        << QStringLiteral("e") << QStringLiteral("f") << QString()
        << QStringList{QStringLiteral("a.b.c.d.e.f"), QStringLiteral("a.b"), QStringLiteral("c"),
                       QStringLiteral("d"),           QStringLiteral("e"),   QStringLiteral("f")};
    QTest::newRow("parts containing dots against a service")
        << QStringLiteral("a.b.c.d.e.f") << QStringLiteral("a.b") << QStringLiteral("c")
        << QStringLiteral("d") << QStringLiteral("e") << QStringLiteral("f") << QString()
        << QStringList{QStringLiteral("a.b.c.d.e.f"), QStringLiteral("a.b"), QStringLiteral("c"),
                       QStringLiteral("d"),           QStringLiteral("e"),   QStringLiteral("f")};
    QTest::newRow("non-ASCII five-part service")
        << QStringLiteral("\u7ec4\u7ec7.\u4e1a\u52a1.\u80fd\u529b.\u5e94\u7528.\u89d2\u8272")
        << QString() << QString() << QString() << QString() << QString() << QString()
        << QStringList{
               QStringLiteral("\u7ec4\u7ec7.\u4e1a\u52a1.\u80fd\u529b.\u5e94\u7528.\u89d2\u8272"),
               QStringLiteral("\u7ec4\u7ec7"),
               QStringLiteral("\u4e1a\u52a1"),
               QStringLiteral("\u80fd\u529b"),
               QStringLiteral("\u5e94\u7528"),
               QStringLiteral("\u89d2\u8272")};
    QTest::newRow("zero width space is not blank")
        << QStringLiteral("a.b.c.d.\u200b") << QString() << QString() << QString() << QString()
        << QString() << QString()
        << QStringList{QStringLiteral("a.b.c.d.\u200b"),
                       QStringLiteral("a"),
                       QStringLiteral("b"),
                       QStringLiteral("c"),
                       QStringLiteral("d"),
                       QStringLiteral("\u200b")};
    QTest::newRow("service with slash")
        << QStringLiteral("a/b.c.d.e.f") << QString() << QString() << QString() << QString()
        << QString() << QString()
        << QStringList{QStringLiteral("a/b.c.d.e.f"), QStringLiteral("a/b"), QStringLiteral("c"),
                       QStringLiteral("d"),           QStringLiteral("e"),   QStringLiteral("f")};
}

void TstServiceName::normalize()
{
    QFETCH(QString, service);
    QFETCH(QString, organization);
    QFETCH(QString, businessDomain);
    QFETCH(QString, capabilityDomain);
    QFETCH(QString, application);
    QFETCH(QString, role);
    QFETCH(QString, error);
    QFETCH(QStringList, normalized);

    ServiceName name{service, organization, businessDomain, capabilityDomain, application, role};
    const ValidationError result = name.normalize();
    QCOMPARE(result.message, error);
    QCOMPARE(result.isError(), !error.isEmpty());
    if (!error.isEmpty()) {
        return;
    }
    const QStringList actual{name.service,          name.organization, name.businessDomain,
                             name.capabilityDomain, name.application,  name.role};
    QCOMPARE(actual, normalized);

    // What the client sends after normalizing must pass the server's check again unchanged.
    ServiceName again = name;
    QVERIFY(!again.normalize().isError());
    QCOMPARE(again, name);
}

void TstServiceName::partPredicates_data()
{
    QTest::addColumn<QStringList>("parts");
    QTest::addColumn<bool>("any");
    QTest::addColumn<bool>("all");
    QTest::addColumn<QString>("composed");

    // A part of only white space counts as absent (the server trims first).
    QTest::newRow("no parts") << QStringList{QString(), QString(), QString(), QString(), QString()}
                              << false << false << QString();
    QTest::newRow("white space parts")
        << QStringList{QStringLiteral(" "), QStringLiteral("\t"), QStringLiteral("\u3000"),
                       QStringLiteral("\u00a0"), QStringLiteral("\n")}
        << false << false << QString();
    QTest::newRow("one part") << QStringList{QString(), QString(), QString(), QString(),
                                             QStringLiteral("api")}
                              << true << false << QString();
    QTest::newRow("four parts and a blank one")
        << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                       QStringLiteral("d"), QStringLiteral(" ")}
        << true << false << QString();
    QTest::newRow("all parts, padded")
        << QStringList{QStringLiteral(" a"), QStringLiteral("b "), QStringLiteral("c"),
                       QStringLiteral("d"), QStringLiteral("e")}
        << true << true << QStringLiteral("a.b.c.d.e");
}

void TstServiceName::partPredicates()
{
    QFETCH(QStringList, parts);
    QFETCH(bool, any);
    QFETCH(bool, all);
    QFETCH(QString, composed);

    const ServiceName name =
        ServiceName::fromParts(parts[0], parts[1], parts[2], parts[3], parts[4]);
    QCOMPARE(name.hasAnyPart(), any);
    QCOMPARE(name.hasAllParts(), all);
    QCOMPARE(name.isStructured(), all);
    QCOMPARE(name.composed(), composed);
}

void TstServiceName::constructors()
{
    const ServiceName plain = ServiceName::fromService(QStringLiteral("a.b.c.d.e"));
    QCOMPARE(plain.service, QStringLiteral("a.b.c.d.e"));
    QVERIFY(!plain.hasAnyPart()); // parts are derived by normalize(), not by fromService()

    ServiceName filled = plain;
    QVERIFY(!filled.normalize().isError());
    QCOMPARE(filled.role, QStringLiteral("e"));

    const ServiceName parts =
        ServiceName::fromParts(QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                               QStringLiteral("d"), QStringLiteral("e"));
    QVERIFY(parts.service.isEmpty());
    QCOMPARE(parts.organization, QStringLiteral("a"));
    QCOMPARE(parts.role, QStringLiteral("e"));
}

QTEST_GUILESS_MAIN(TstServiceName)
#include "tst_servicename.moc"
