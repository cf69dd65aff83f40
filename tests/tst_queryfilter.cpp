// QueryFilter::resolve() against the server's ParseQuery/MatchQuery, and
// toUrlQuery() against Go's url.ParseQuery (UrlValues).
//
// Error texts were captured from the reference server (/work/ref/refserver)
// by sending each parameter list to GET /api/v1/registry/instances; the
// matching sets and returned endpoints are its answers for the instances
// registered below.

#include "instance.h"
#include "queryfilter.h"
#include "urlvalues.h"

#include <QTest>

using namespace stellmap;

namespace {

struct EndpointSpec
{
    QString name;
    QString protocol;
    qint32 port;
};

Instance makeInstance(const QString &id, const QString &service, const QString &zone,
                      const StringMap &labels, std::initializer_list<EndpointSpec> endpoints)
{
    Instance instance;
    instance.key.namespaceName = QStringLiteral("qf-matrix");
    instance.key.service = ServiceName::parse(service).value_or(ServiceName::fromService(service));
    instance.key.instanceId = id;
    instance.zone = zone;
    instance.labels = labels;
    for (const EndpointSpec &spec : endpoints) {
        Endpoint endpoint;
        endpoint.name = spec.name;
        endpoint.protocol = spec.protocol;
        endpoint.host = QStringLiteral("10.0.0.1");
        endpoint.port = spec.port;
        endpoint.weight = 100;
        instance.endpoints.append(endpoint);
    }
    instance.leaseTtlSeconds = 1000000;
    instance.registeredAtUnix = 1764000000;
    instance.lastHeartbeatUnix = 1764000000;
    return instance;
}

// The instances registered on the reference server for resolveMatches_data(),
// in the order the server answers (byte order of service/instanceId).
QList<Instance> registeredInstances()
{
    QList<Instance> list;
    list.append(makeInstance(QStringLiteral("s4-a"), QStringLiteral("company.hr.people.staff.api"),
                             QStringLiteral("az2"), StringMap{},
                             {{QStringLiteral("metrics"), QStringLiteral("http"), 9100}}));
    list.append(makeInstance(
        QStringLiteral("s1-a"), QStringLiteral("company.trade.order.order-center.api"),
        QStringLiteral("az1"), StringMap{{QStringLiteral("color"), QStringLiteral("gray")}},
        {{QStringLiteral("http"), QStringLiteral("http"), 80},
         {QStringLiteral("rpc"), QStringLiteral("grpc"), 90}}));
    list.append(makeInstance(
        QStringLiteral("s1-b"), QStringLiteral("company.trade.order.order-center.api"),
        QStringLiteral("az2"), StringMap{{QStringLiteral("color"), QStringLiteral("red")}},
        {{QStringLiteral("http"), QStringLiteral("http"), 80}}));
    list.append(makeInstance(QStringLiteral("s2-a"),
                             QStringLiteral("company.trade.order.order-center.worker"),
                             QStringLiteral("az1"), StringMap{},
                             {{QStringLiteral("grpc"), QStringLiteral("grpc"), 90}}));
    list.append(makeInstance(QStringLiteral("s3-a"),
                             QStringLiteral("company.trade.payment.pay-center.api"),
                             QStringLiteral("az1"),
                             StringMap{{QStringLiteral("color"), QStringLiteral("gray")},
                                       {QStringLiteral("tier"), QStringLiteral("web")}},
                             {{QStringLiteral("http"), QStringLiteral("http"), 80}}));
    list.append(makeInstance(QStringLiteral("s5-a"), QStringLiteral("order-center"),
                             QStringLiteral("az1"),
                             StringMap{{QStringLiteral("color"), QStringLiteral("gray")}},
                             {{QStringLiteral("http"), QStringLiteral("http"), 80}}));
    list.append(makeInstance(QStringLiteral("s6-a"), QStringLiteral("order-centerx"),
                             QStringLiteral("az1"), StringMap{},
                             {{QStringLiteral("http"), QStringLiteral("http"), 80}}));
    list.append(makeInstance(QStringLiteral("s7-a"),
                             QStringLiteral("other.trade.order.order-center.api"),
                             QStringLiteral("az3"), StringMap{},
                             {{QStringLiteral("http"), QStringLiteral("http"), 80}}));
    return list;
}

// Builds a filter from query parameters (name, value, name, value, ...) the
// way the server reads them: repeatable parameters append, others take the value.
QueryFilter filterFrom(const QStringList &parameters)
{
    QueryFilter filter;
    for (qsizetype i = 0; i + 1 < parameters.size(); i += 2) {
        const QString &name = parameters.at(i);
        const QString &value = parameters.at(i + 1);
        if (name == QLatin1String("namespace")) {
            filter.namespaceName = value;
        } else if (name == QLatin1String("service")) {
            filter.services.append(value);
        } else if (name == QLatin1String("servicePrefix")) {
            filter.servicePrefixes.append(value);
        } else if (name == QLatin1String("organization")) {
            filter.organization = value;
        } else if (name == QLatin1String("businessDomain")) {
            filter.businessDomain = value;
        } else if (name == QLatin1String("capabilityDomain")) {
            filter.capabilityDomain = value;
        } else if (name == QLatin1String("application")) {
            filter.application = value;
        } else if (name == QLatin1String("role")) {
            filter.role = value;
        } else if (name == QLatin1String("zone")) {
            filter.zone = value;
        } else if (name == QLatin1String("endpoint")) {
            filter.endpoint = value;
        } else if (name == QLatin1String("selector")) {
            filter.selectors.append(value);
        } else if (name == QLatin1String("label")) {
            filter.labels.append(value);
        } else if (name == QLatin1String("limit")) {
            filter.limit = value;
        } else {
            qFatal("unknown parameter in test table");
        }
    }
    return filter;
}

// The filter the server would read from \a query (what the SDK sends).
QueryFilter filterFromUrl(const QByteArray &query)
{
    return UrlValues::parse(query).queryFilter();
}

QStringList endpointNames(const QList<Endpoint> &endpoints)
{
    QStringList names;
    for (const Endpoint &endpoint : endpoints) {
        names.append(endpoint.name);
    }
    return names;
}

constexpr qint64 Now = 1764000100;

} // namespace

class TstQueryFilter : public QObject
{
    Q_OBJECT

private slots:
    void resolveErrors_data();
    void resolveErrors();
    void resolveMatches_data();
    void resolveMatches();
    void resolvedFields_data();
    void resolvedFields();
    void setLimit();
    void viewAppliesTheLease_data();
    void viewAppliesTheLease();
    void toUrlQueryRoundTrip_data();
    void toUrlQueryRoundTrip();
    void toUrlQueryKeepsTheServerReading_data();
    void toUrlQueryKeepsTheServerReading();
};

void TstQueryFilter::resolveErrors_data()
{
    QTest::addColumn<QStringList>("parameters");
    QTest::addColumn<QString>("error");

    QTest::newRow("namespace missing")
        << QStringList{QStringLiteral("service"),
                       QStringLiteral("company.trade.order.order-center.api")}
        << QStringLiteral("namespace is required");
    QTest::newRow("namespace blank")
        << QStringList{QStringLiteral("namespace"), QStringLiteral(" \u3000")}
        << QStringLiteral("namespace is required");
    QTest::newRow("hierarchy gap")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("businessDomain"), QStringLiteral("trade")}
        << QStringLiteral("service hierarchy filters must be contiguous from organization to role");
    QTest::newRow("hierarchy gap in the middle")
        << QStringList{QStringLiteral("namespace"),        QStringLiteral("qf-matrix"),
                       QStringLiteral("organization"),     QStringLiteral("company"),
                       QStringLiteral("capabilityDomain"), QStringLiteral("order")}
        << QStringLiteral("service hierarchy filters must be contiguous from organization to role");
    QTest::newRow("only the role")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("role"), QStringLiteral("api")}
        << QStringLiteral("service hierarchy filters must be contiguous from organization to role");
    QTest::newRow("plain service and only the role")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),   QStringLiteral("order-center"),
                       QStringLiteral("role"),      QStringLiteral("api")}
        << QStringLiteral("service hierarchy filters must be contiguous from organization to role");
    QTest::newRow("blank hierarchy part is a gap")
        << QStringList{QStringLiteral("namespace"),        QStringLiteral("qf-matrix"),
                       QStringLiteral("organization"),     QStringLiteral("company"),
                       QStringLiteral("businessDomain"),   QStringLiteral(" "),
                       QStringLiteral("capabilityDomain"), QStringLiteral("order")}
        << QStringLiteral("service hierarchy filters must be contiguous from organization to role");
    QTest::newRow("service mismatching the role")
        << QStringList{QStringLiteral("namespace"),
                       QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("role"),
                       QStringLiteral("worker")}
        << QStringLiteral(
               "service \"company.trade.order.order-center.api\" does not match structured service "
               "identity \"company.trade.order.order-center.worker\"");
    QTest::newRow("service mismatching the organization")
        << QStringList{QStringLiteral("namespace"),
                       QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("organization"),
                       QStringLiteral("other")}
        << QStringLiteral("service \"company.trade.order.order-center.api\" does not match "
                          "structured service identity \"other.trade.order.order-center.api\"");
    QTest::newRow("plain service with all five levels")
        << QStringList{QStringLiteral("namespace"),
                       QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QStringLiteral("order-center"),
                       QStringLiteral("organization"),
                       QStringLiteral("company"),
                       QStringLiteral("businessDomain"),
                       QStringLiteral("trade"),
                       QStringLiteral("capabilityDomain"),
                       QStringLiteral("order"),
                       QStringLiteral("application"),
                       QStringLiteral("order-center"),
                       QStringLiteral("role"),
                       QStringLiteral("api")}
        << QStringLiteral("service \"order-center\" does not match structured service identity "
                          "\"company.trade.order.order-center.api\"");
    QTest::newRow("first service is checked against the hierarchy")
        << QStringList{QStringLiteral("namespace"),
                       QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.payment.pay-center.api"),
                       QStringLiteral("role"),
                       QStringLiteral("worker")}
        << QStringLiteral(
               "service \"company.trade.order.order-center.api\" does not match structured service "
               "identity \"company.trade.order.order-center.worker\"");
    QTest::newRow("only non-blank service is checked")
        << QStringList{QStringLiteral("namespace"),
                       QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QString(),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.payment.pay-center.api"),
                       QStringLiteral("role"),
                       QStringLiteral("worker")}
        << QStringLiteral(
               "service \"company.trade.payment.pay-center.api\" does not match structured service "
               "identity \"company.trade.payment.pay-center.worker\"");
    QTest::newRow("untrimmed part inside a five-part service")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QStringLiteral("company. trade.order.order-center.api")}
        << QStringLiteral("service \"company. trade.order.order-center.api\" does not match "
                          "structured service identity \"company.trade.order.order-center.api\"");
    QTest::newRow("mismatch quotes with Go escapes")
        << QStringList{QStringLiteral("namespace"),    QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),      QStringLiteral("a\"b.c.d.e.f"),
                       QStringLiteral("organization"), QStringLiteral("x\ty")}
        << QStringLiteral("service \"a\\\"b.c.d.e.f\" does not match structured service identity "
                          "\"x\\ty.c.d.e.f\"");
    QTest::newRow("negative limit")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("limit"), QStringLiteral("-1")}
        << QStringLiteral("limit must be greater than or equal to 0");
    QTest::newRow("limit with leading space")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("limit"), QStringLiteral(" 5")}
        << QStringLiteral("strconv.Atoi: parsing \" 5\": invalid syntax");
    QTest::newRow("limit with trailing space")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("limit"), QStringLiteral("5 ")}
        << QStringLiteral("strconv.Atoi: parsing \"5 \": invalid syntax");
    QTest::newRow("limit not a number")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("limit"), QStringLiteral("ten")}
        << QStringLiteral("strconv.Atoi: parsing \"ten\": invalid syntax");
    QTest::newRow("limit with decimals")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("limit"), QStringLiteral("2.0")}
        << QStringLiteral("strconv.Atoi: parsing \"2.0\": invalid syntax");
    QTest::newRow("limit out of range")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("limit"), QStringLiteral("9223372036854775808")}
        << QStringLiteral("strconv.Atoi: parsing \"9223372036854775808\": value out of range");
    QTest::newRow("limit far out of range")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("limit"), QStringLiteral("-99999999999999999999")}
        << QStringLiteral("strconv.Atoi: parsing \"-99999999999999999999\": value out of range");
    QTest::newRow("bad selector")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("selector"), QStringLiteral("version in v2")}
        << QStringLiteral("invalid selector \"version in v2\": expected values like (v1,v2); "
                          "supported selector syntax: key, !key, key=value, key!=value, key in "
                          "(v1,v2), key notin (v1,v2); valid example: selector=color=gray,version "
                          "in (v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("bad legacy label")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("label"), QStringLiteral("color")}
        << QStringLiteral("invalid legacy label filter \"color\", expected key=value; legacy label "
                          "example: label=color=gray");
    QTest::newRow("order: namespace before everything")
        << QStringList{QStringLiteral("businessDomain"), QStringLiteral("trade"),
                       QStringLiteral("limit"),          QStringLiteral("x"),
                       QStringLiteral("selector"),       QStringLiteral("a in b"),
                       QStringLiteral("label"),          QStringLiteral("c")}
        << QStringLiteral("namespace is required");
    QTest::newRow("order: hierarchy before limit")
        << QStringList{QStringLiteral("namespace"),      QStringLiteral("qf-matrix"),
                       QStringLiteral("businessDomain"), QStringLiteral("trade"),
                       QStringLiteral("limit"),          QStringLiteral("x"),
                       QStringLiteral("selector"),       QStringLiteral("a in b"),
                       QStringLiteral("label"),          QStringLiteral("c")}
        << QStringLiteral("service hierarchy filters must be contiguous from organization to role");
    QTest::newRow("order: mismatch before limit")
        << QStringList{QStringLiteral("namespace"),
                       QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("role"),
                       QStringLiteral("x"),
                       QStringLiteral("limit"),
                       QStringLiteral("x")}
        << QStringLiteral("service \"company.trade.order.order-center.api\" does not match "
                          "structured service identity \"company.trade.order.order-center.x\"");
    QTest::newRow("order: limit before selector")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("limit"),     QStringLiteral("x"),
                       QStringLiteral("selector"),  QStringLiteral("a in b"),
                       QStringLiteral("label"),     QStringLiteral("c")}
        << QStringLiteral("strconv.Atoi: parsing \"x\": invalid syntax");
    QTest::newRow("order: negative limit before selector")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("limit"),     QStringLiteral("-3"),
                       QStringLiteral("selector"),  QStringLiteral("a in b")}
        << QStringLiteral("limit must be greater than or equal to 0");
    QTest::newRow("order: selector before label")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("selector"),  QStringLiteral("a in b"),
                       QStringLiteral("label"),     QStringLiteral("c")}
        << QStringLiteral("invalid selector \"a in b\": expected values like (v1,v2); supported "
                          "selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
                          "notin (v1,v2); valid example: selector=color=gray,version in "
                          "(v2),!deprecated; invalid example: selector=version in v2");
}

void TstQueryFilter::resolveErrors()
{
    QFETCH(QStringList, parameters);
    QFETCH(QString, error);

    ValidationError actual;
    filterFrom(parameters).resolve(&actual);
    QCOMPARE(actual.message, error);
    QVERIFY(actual.isError());
}

void TstQueryFilter::resolveMatches_data()
{
    QTest::addColumn<QStringList>("parameters");
    QTest::addColumn<QStringList>("matching");
    QTest::addColumn<QList<QStringList>>("endpoints");

    QTest::newRow("namespace only")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix")}
        << QStringList{QStringLiteral("s4-a"), QStringLiteral("s1-a"), QStringLiteral("s1-b"),
                       QStringLiteral("s2-a"), QStringLiteral("s3-a"), QStringLiteral("s5-a"),
                       QStringLiteral("s6-a"), QStringLiteral("s7-a")}
        << QList<QStringList>{QStringList{QStringLiteral("metrics")},
                              QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("grpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("namespace trimmed")
        << QStringList{QStringLiteral("namespace"), QStringLiteral(" qf-matrix\t")}
        << QStringList{QStringLiteral("s4-a"), QStringLiteral("s1-a"), QStringLiteral("s1-b"),
                       QStringLiteral("s2-a"), QStringLiteral("s3-a"), QStringLiteral("s5-a"),
                       QStringLiteral("s6-a"), QStringLiteral("s7-a")}
        << QList<QStringList>{QStringList{QStringLiteral("metrics")},
                              QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("grpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("exact service")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.order.order-center.api")}
        << QStringList{QStringLiteral("s1-a"), QStringLiteral("s1-b")}
        << QList<QStringList>{QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("service trimmed")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QStringLiteral(" company.trade.order.order-center.api\u3000")}
        << QStringList{QStringLiteral("s1-a"), QStringLiteral("s1-b")}
        << QList<QStringList>{QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("repeated service matches only the first")
        << QStringList{QStringLiteral("namespace"),
                       QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.order.order-center.worker")}
        << QStringList{QStringLiteral("s1-a"), QStringLiteral("s1-b")}
        << QList<QStringList>{QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("blank first service lets any other match")
        << QStringList{QStringLiteral("namespace"),
                       QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QString(),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.order.order-center.worker")}
        << QStringList{QStringLiteral("s1-a"), QStringLiteral("s1-b"), QStringLiteral("s2-a")}
        << QList<QStringList>{QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("grpc")}};
    QTest::newRow("white space first service lets any other match")
        << QStringList{QStringLiteral("namespace"),
                       QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QStringLiteral(" "),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.payment.pay-center.api")}
        << QStringList{QStringLiteral("s1-a"), QStringLiteral("s1-b"), QStringLiteral("s3-a")}
        << QList<QStringList>{QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("duplicate services count once")
        << QStringList{QStringLiteral("namespace"),
                       QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.order.order-center.worker"),
                       QStringLiteral("service"),
                       QStringLiteral(" company.trade.order.order-center.worker")}
        << QStringList{QStringLiteral("s2-a")}
        << QList<QStringList>{QStringList{QStringLiteral("grpc")}};
    QTest::newRow("plain service")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("service"), QStringLiteral("order-center")}
        << QStringList{QStringLiteral("s5-a")}
        << QList<QStringList>{QStringList{QStringLiteral("http")}};
    QTest::newRow("service prefix")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("servicePrefix"), QStringLiteral("company.trade")}
        << QStringList{QStringLiteral("s1-a"), QStringLiteral("s1-b"), QStringLiteral("s2-a"),
                       QStringLiteral("s3-a")}
        << QList<QStringList>{QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("grpc")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("service prefixes are alternatives")
        << QStringList{QStringLiteral("namespace"),     QStringLiteral("qf-matrix"),
                       QStringLiteral("servicePrefix"), QStringLiteral("company.hr"),
                       QStringLiteral("servicePrefix"), QStringLiteral("other")}
        << QStringList{QStringLiteral("s4-a"), QStringLiteral("s7-a")}
        << QList<QStringList>{QStringList{QStringLiteral("metrics")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("service prefix is a plain string prefix")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("servicePrefix"), QStringLiteral("order-center")}
        << QStringList{QStringLiteral("s5-a"), QStringLiteral("s6-a")}
        << QList<QStringList>{QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("blank service prefix ignored")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("servicePrefix"), QStringLiteral(" ")}
        << QStringList{QStringLiteral("s4-a"), QStringLiteral("s1-a"), QStringLiteral("s1-b"),
                       QStringLiteral("s2-a"), QStringLiteral("s3-a"), QStringLiteral("s5-a"),
                       QStringLiteral("s6-a"), QStringLiteral("s7-a")}
        << QList<QStringList>{QStringList{QStringLiteral("metrics")},
                              QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("grpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("organization is a prefix")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("organization"), QStringLiteral("company")}
        << QStringList{QStringLiteral("s4-a"), QStringLiteral("s1-a"), QStringLiteral("s1-b"),
                       QStringLiteral("s2-a"), QStringLiteral("s3-a")}
        << QList<QStringList>{QStringList{QStringLiteral("metrics")},
                              QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("grpc")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("two levels are a prefix")
        << QStringList{QStringLiteral("namespace"),      QStringLiteral("qf-matrix"),
                       QStringLiteral("organization"),   QStringLiteral("company"),
                       QStringLiteral("businessDomain"), QStringLiteral("trade")}
        << QStringList{QStringLiteral("s1-a"), QStringLiteral("s1-b"), QStringLiteral("s2-a"),
                       QStringLiteral("s3-a")}
        << QList<QStringList>{QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("grpc")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("four levels are a prefix")
        << QStringList{QStringLiteral("namespace"),        QStringLiteral("qf-matrix"),
                       QStringLiteral("organization"),     QStringLiteral("company"),
                       QStringLiteral("businessDomain"),   QStringLiteral("trade"),
                       QStringLiteral("capabilityDomain"), QStringLiteral("order"),
                       QStringLiteral("application"),      QStringLiteral("order-center")}
        << QStringList{QStringLiteral("s1-a"), QStringLiteral("s1-b"), QStringLiteral("s2-a")}
        << QList<QStringList>{QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("grpc")}};
    QTest::newRow("five levels are the exact service")
        << QStringList{QStringLiteral("namespace"),
                       QStringLiteral("qf-matrix"),
                       QStringLiteral("organization"),
                       QStringLiteral("company"),
                       QStringLiteral("businessDomain"),
                       QStringLiteral("trade"),
                       QStringLiteral("capabilityDomain"),
                       QStringLiteral("order"),
                       QStringLiteral("application"),
                       QStringLiteral("order-center"),
                       QStringLiteral("role"),
                       QStringLiteral("api")}
        << QStringList{QStringLiteral("s1-a"), QStringLiteral("s1-b")}
        << QList<QStringList>{QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("hierarchy values trimmed")
        << QStringList{QStringLiteral("namespace"),      QStringLiteral("qf-matrix"),
                       QStringLiteral("organization"),   QStringLiteral(" company "),
                       QStringLiteral("businessDomain"), QStringLiteral("\ttrade")}
        << QStringList{QStringLiteral("s1-a"), QStringLiteral("s1-b"), QStringLiteral("s2-a"),
                       QStringLiteral("s3-a")}
        << QList<QStringList>{QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("grpc")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("hierarchy prefix joins the service prefixes")
        << QStringList{QStringLiteral("namespace"),      QStringLiteral("qf-matrix"),
                       QStringLiteral("servicePrefix"),  QStringLiteral("other"),
                       QStringLiteral("organization"),   QStringLiteral("company"),
                       QStringLiteral("businessDomain"), QStringLiteral("hr")}
        << QStringList{QStringLiteral("s4-a"), QStringLiteral("s7-a")}
        << QList<QStringList>{QStringList{QStringLiteral("metrics")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("service with a matching hierarchy part")
        << QStringList{QStringLiteral("namespace"),
                       QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("role"),
                       QStringLiteral("api")}
        << QStringList{QStringLiteral("s1-a"), QStringLiteral("s1-b")}
        << QList<QStringList>{QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("plain service and a hierarchy prefix must both hold")
        << QStringList{QStringLiteral("namespace"),    QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),      QStringLiteral("order-center"),
                       QStringLiteral("organization"), QStringLiteral("company")}
        << QStringList() << QList<QStringList>{};
    QTest::newRow("service and prefix must both hold")
        << QStringList{QStringLiteral("namespace"),
                       QStringLiteral("qf-matrix"),
                       QStringLiteral("service"),
                       QStringLiteral("company.trade.order.order-center.api"),
                       QStringLiteral("servicePrefix"),
                       QStringLiteral("company.hr")}
        << QStringList() << QList<QStringList>{};
    QTest::newRow("zone") << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                                         QStringLiteral("zone"), QStringLiteral("az1")}
                          << QStringList{QStringLiteral("s1-a"), QStringLiteral("s2-a"),
                                         QStringLiteral("s3-a"), QStringLiteral("s5-a"),
                                         QStringLiteral("s6-a")}
                          << QList<QStringList>{
                                 QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                                 QStringList{QStringLiteral("grpc")},
                                 QStringList{QStringLiteral("http")},
                                 QStringList{QStringLiteral("http")},
                                 QStringList{QStringLiteral("http")}};
    QTest::newRow("endpoint by name")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("endpoint"), QStringLiteral("rpc")}
        << QStringList{QStringLiteral("s1-a")}
        << QList<QStringList>{QStringList{QStringLiteral("rpc")}};
    QTest::newRow("endpoint by protocol")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("endpoint"), QStringLiteral("grpc")}
        << QStringList{QStringLiteral("s1-a"), QStringLiteral("s2-a")}
        << QList<QStringList>{QStringList{QStringLiteral("rpc")},
                              QStringList{QStringLiteral("grpc")}};
    QTest::newRow("selector")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("selector"), QStringLiteral("color=gray")}
        << QStringList{QStringLiteral("s1-a"), QStringLiteral("s3-a"), QStringLiteral("s5-a")}
        << QList<QStringList>{QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("selector with notin matches missing labels")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("selector"), QStringLiteral("color notin (gray)")}
        << QStringList{QStringLiteral("s4-a"), QStringLiteral("s1-b"), QStringLiteral("s2-a"),
                       QStringLiteral("s6-a"), QStringLiteral("s7-a")}
        << QList<QStringList>{
               QStringList{QStringLiteral("metrics")}, QStringList{QStringLiteral("http")},
               QStringList{QStringLiteral("grpc")}, QStringList{QStringLiteral("http")},
               QStringList{QStringLiteral("http")}};
    QTest::newRow("legacy label") << QStringList{QStringLiteral("namespace"),
                                                 QStringLiteral("qf-matrix"),
                                                 QStringLiteral("label"),
                                                 QStringLiteral("tier=web")}
                                  << QStringList{QStringLiteral("s3-a")}
                                  << QList<QStringList>{QStringList{QStringLiteral("http")}};
    QTest::newRow("all filters combined")
        << QStringList{QStringLiteral("namespace"),    QStringLiteral("qf-matrix"),
                       QStringLiteral("organization"), QStringLiteral("company"),
                       QStringLiteral("zone"),         QStringLiteral("az1"),
                       QStringLiteral("endpoint"),     QStringLiteral("http"),
                       QStringLiteral("selector"),     QStringLiteral("color")}
        << QStringList{QStringLiteral("s1-a"), QStringLiteral("s3-a")}
        << QList<QStringList>{QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("limit cuts the ordered result")
        << QStringList{QStringLiteral("namespace"),    QStringLiteral("qf-matrix"),
                       QStringLiteral("organization"), QStringLiteral("company"),
                       QStringLiteral("limit"),        QStringLiteral("2")}
        << QStringList{QStringLiteral("s4-a"), QStringLiteral("s1-a")}
        << QList<QStringList>{QStringList{QStringLiteral("metrics")},
                              QStringList{QStringLiteral("http"), QStringLiteral("rpc")}};
    QTest::newRow("limit 0 means no limit")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("limit"), QStringLiteral("0")}
        << QStringList{QStringLiteral("s4-a"), QStringLiteral("s1-a"), QStringLiteral("s1-b"),
                       QStringLiteral("s2-a"), QStringLiteral("s3-a"), QStringLiteral("s5-a"),
                       QStringLiteral("s6-a"), QStringLiteral("s7-a")}
        << QList<QStringList>{QStringList{QStringLiteral("metrics")},
                              QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("grpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("blank limit means no limit")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("limit"), QStringLiteral(" ")}
        << QStringList{QStringLiteral("s4-a"), QStringLiteral("s1-a"), QStringLiteral("s1-b"),
                       QStringLiteral("s2-a"), QStringLiteral("s3-a"), QStringLiteral("s5-a"),
                       QStringLiteral("s6-a"), QStringLiteral("s7-a")}
        << QList<QStringList>{QStringList{QStringLiteral("metrics")},
                              QStringList{QStringLiteral("http"), QStringLiteral("rpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("grpc")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")},
                              QStringList{QStringLiteral("http")}};
    QTest::newRow("limit with plus sign")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("limit"), QStringLiteral("+1")}
        << QStringList{QStringLiteral("s4-a")}
        << QList<QStringList>{QStringList{QStringLiteral("metrics")}};
    QTest::newRow("limit larger than the result")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix"),
                       QStringLiteral("zone"),      QStringLiteral("az3"),
                       QStringLiteral("limit"),     QStringLiteral("9223372036854775807")}
        << QStringList{QStringLiteral("s7-a")}
        << QList<QStringList>{QStringList{QStringLiteral("http")}};
    QTest::newRow("other namespace")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("qf-matrix-empty")}
        << QStringList() << QList<QStringList>{};
}

void TstQueryFilter::resolveMatches()
{
    QFETCH(QStringList, parameters);
    QFETCH(QStringList, matching);
    QFETCH(QList<QStringList>, endpoints);

    ValidationError error;
    const ResolvedQuery query = filterFrom(parameters).resolve(&error);
    QCOMPARE(error.message, QString());

    QStringList ids;
    QList<QStringList> returnedEndpoints;
    for (const Instance &instance : registeredInstances()) {
        if (query.limit > 0 && ids.size() >= query.limit) {
            break;
        }
        const std::optional<Instance> view = query.view(instance, Now);
        QCOMPARE(view.has_value(),
                 query.matches(instance) && (query.endpoint.isEmpty() ||
                                             !query.filterEndpoints(instance.endpoints).isEmpty()));
        if (view) {
            ids.append(view->key.instanceId);
            returnedEndpoints.append(endpointNames(view->endpoints));
        }
    }
    QCOMPARE(ids, matching);
    QCOMPARE(returnedEndpoints, endpoints);
}

void TstQueryFilter::resolvedFields_data()
{
    QTest::addColumn<QStringList>("parameters");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QStringList>("services");
    QTest::addColumn<QStringList>("servicePrefixes");
    QTest::addColumn<qint64>("limit");

    // The fields of the server's registry.Query after ParseQuery (model.go).
    const QString s1 = QStringLiteral("company.trade.order.order-center.api");
    const QString s2 = QStringLiteral("company.trade.order.order-center.worker");
    QTest::newRow("one service") << QStringList{QStringLiteral("namespace"), QStringLiteral("p"),
                                                QStringLiteral("service"), s1}
                                 << s1 << QStringList{s1} << QStringList() << qint64(0);
    QTest::newRow("first of several services")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("p"),
                       QStringLiteral("service"),   s1,
                       QStringLiteral("service"),   s2}
        << s1 << QStringList{s1, s2} << QStringList() << qint64(0);
    QTest::newRow("blank first service")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("p"),
                       QStringLiteral("service"),   QString(),
                       QStringLiteral("service"),   s1,
                       QStringLiteral("service"),   s2}
        << QString() << QStringList{s1, s2} << QStringList() << qint64(0);
    QTest::newRow("blank first service and one other")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("p"),
                       QStringLiteral("service"),   QStringLiteral(" "),
                       QStringLiteral("service"),   s2}
        << s2 << QStringList{s2} << QStringList() << qint64(0);
    QTest::newRow("hierarchy prefix appended to prefixes")
        << QStringList{QStringLiteral("namespace"),      QStringLiteral("p"),
                       QStringLiteral("servicePrefix"),  QStringLiteral(" other "),
                       QStringLiteral("organization"),   QStringLiteral("company"),
                       QStringLiteral("businessDomain"), QStringLiteral("trade")}
        << QString() << QStringList()
        << QStringList{QStringLiteral("other"), QStringLiteral("company.trade")} << qint64(0);
    QTest::newRow("hierarchy prefix equal to a given prefix counted once")
        << QStringList{QStringLiteral("namespace"),     QStringLiteral("p"),
                       QStringLiteral("servicePrefix"), QStringLiteral("company"),
                       QStringLiteral("organization"),  QStringLiteral("company")}
        << QString() << QStringList() << QStringList{QStringLiteral("company")} << qint64(0);
    QTest::newRow("five levels become the service")
        << QStringList{QStringLiteral("namespace"),
                       QStringLiteral("p"),
                       QStringLiteral("organization"),
                       QStringLiteral("company"),
                       QStringLiteral("businessDomain"),
                       QStringLiteral("trade"),
                       QStringLiteral("capabilityDomain"),
                       QStringLiteral("order"),
                       QStringLiteral("application"),
                       QStringLiteral("order-center"),
                       QStringLiteral("role"),
                       QStringLiteral("api")}
        << s1 << QStringList{s1} << QStringList() << qint64(0);
    QTest::newRow("five levels added to the service set")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("p"),
                       QStringLiteral("service"),   s2,
                       QStringLiteral("service"),   s1,
                       QStringLiteral("role"),      QStringLiteral("worker")}
        << s2 << QStringList{s2, s1} << QStringList() << qint64(0);
    QTest::newRow("limit") << QStringList{QStringLiteral("namespace"), QStringLiteral("p"),
                                          QStringLiteral("limit"), QStringLiteral("+25")}
                           << QString() << QStringList() << QStringList() << qint64(25);
}

void TstQueryFilter::resolvedFields()
{
    QFETCH(QStringList, parameters);
    QFETCH(QString, service);
    QFETCH(QStringList, services);
    QFETCH(QStringList, servicePrefixes);
    QFETCH(qint64, limit);

    ValidationError error;
    const ResolvedQuery query = filterFrom(parameters).resolve(&error);
    QCOMPARE(error.message, QString());
    QCOMPARE(query.service, service);
    QCOMPARE(query.services, services);
    QCOMPARE(query.servicePrefixes, servicePrefixes);
    QCOMPARE(query.limit, limit);
}

void TstQueryFilter::setLimit()
{
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("p");
    filter.setLimit(5);
    QCOMPARE(filter.limit, QStringLiteral("5"));
    ValidationError error;
    QCOMPARE(filter.resolve(&error).limit, qint64(5));
    filter.setLimit(0);
    QVERIFY(filter.limit.isEmpty());
    QCOMPARE(filter.resolve(&error).limit, qint64(0));
    QVERIFY(!error.isError());
}

void TstQueryFilter::viewAppliesTheLease_data()
{
    QTest::addColumn<qint64>("leaseTtlSeconds");
    QTest::addColumn<qint64>("registeredAtUnix");
    QTest::addColumn<qint64>("lastHeartbeatUnix");
    QTest::addColumn<bool>("returned");
    QTest::addColumn<qint64>("returnedTtl");

    // registry.IsAlive: alive while now <= lastHeartbeat (or registeredAt) + TTL;
    // the answer carries EffectiveLeaseTTLSeconds (30 when not positive).
    QTest::newRow("inside the lease") << qint64(30) << Now - 100 << Now - 10 << true << qint64(30);
    QTest::newRow("exactly at the end")
        << qint64(30) << Now - 100 << Now - 30 << true << qint64(30);
    QTest::newRow("one second late") << qint64(30) << Now - 100 << Now - 31 << false << qint64(0);
    QTest::newRow("no heartbeat: registration counts")
        << qint64(60) << Now - 60 << qint64(0) << true << qint64(60);
    QTest::newRow("no heartbeat, expired")
        << qint64(60) << Now - 61 << qint64(0) << false << qint64(0);
    QTest::newRow("TTL 0 counts as 30") << qint64(0) << Now - 100 << Now - 30 << true << qint64(30);
    QTest::newRow("TTL 0 counts as 30, expired")
        << qint64(0) << Now - 100 << Now - 31 << false << qint64(0);
    QTest::newRow("no times known") << qint64(5) << qint64(0) << qint64(0) << true << qint64(5);
}

void TstQueryFilter::viewAppliesTheLease()
{
    QFETCH(qint64, leaseTtlSeconds);
    QFETCH(qint64, registeredAtUnix);
    QFETCH(qint64, lastHeartbeatUnix);
    QFETCH(bool, returned);
    QFETCH(qint64, returnedTtl);

    Instance instance = registeredInstances().first();
    instance.leaseTtlSeconds = leaseTtlSeconds;
    instance.registeredAtUnix = registeredAtUnix;
    instance.lastHeartbeatUnix = lastHeartbeatUnix;
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("qf-matrix");
    ValidationError error;
    const std::optional<Instance> view = filter.resolve(&error).view(instance, Now);
    QCOMPARE(view.has_value(), returned);
    if (view) {
        QCOMPARE(view->leaseTtlSeconds, returnedTtl);
    }
}

void TstQueryFilter::toUrlQueryRoundTrip_data()
{
    QTest::addColumn<QString>("value");

    // Each value is put in every parameter; the server (url.ParseQuery) must read it back
    // unchanged.
    QTest::newRow("plus sign") << QStringLiteral("a+b");
    QTest::newRow("semicolon") << QStringLiteral("a;b");
    QTest::newRow("ampersand") << QStringLiteral("a&b=c");
    QTest::newRow("equals") << QStringLiteral("color=gray");
    QTest::newRow("percent") << QStringLiteral("100%25 %zz %");
    QTest::newRow("spaces") << QStringLiteral("version in (v1, v2)");
    QTest::newRow("hash and question mark") << QStringLiteral("a#b?c");
    QTest::newRow("slash and colon") << QStringLiteral("http://h/p");
    QTest::newRow("non-ASCII") << QStringLiteral("\u989c\u8272=\u7070 caf\u00e9 \U0001f600");
    QTest::newRow("control characters") << QStringLiteral("a\tb\nc\001");
    QTest::newRow("quotes and brackets") << QStringLiteral("'\"[]{}<>|\\^`");
    QTest::newRow("leading and trailing space") << QStringLiteral(" x ");
}

void TstQueryFilter::toUrlQueryRoundTrip()
{
    QFETCH(QString, value);

    QueryFilter filter;
    filter.namespaceName = value;
    filter.services = {value, value + QLatin1Char('2')};
    filter.servicePrefixes = {value};
    filter.organization = value;
    filter.businessDomain = value;
    filter.capabilityDomain = value;
    filter.application = value;
    filter.role = value;
    filter.zone = value;
    filter.endpoint = value;
    filter.selectors = {value, QStringLiteral("b+c")};
    filter.labels = {value};
    filter.limit = value;

    const QByteArray query = filter.toUrlQuery();
    QVERIFY2(!query.contains('+') && !query.contains(';') && !query.contains(' '),
             query.constData());
    QCOMPARE(filterFromUrl(query), filter);
}

void TstQueryFilter::toUrlQueryKeepsTheServerReading_data()
{
    QTest::addColumn<QStringList>("parameters");

    const QString s1 = QStringLiteral("company.trade.order.order-center.api");
    const QString s2 = QStringLiteral("company.trade.order.order-center.worker");
    QTest::newRow("namespace only")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("prod")};
    QTest::newRow("several services")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("prod"),
                       QStringLiteral("service"),   s1,
                       QStringLiteral("service"),   s2};
    // The server matches only the first service; when that one is blank, any
    // of the others. The request must keep the blank first value in place.
    QTest::newRow("blank first service keeps its place")
        << QStringList{QStringLiteral("namespace"), QStringLiteral("prod"),
                       QStringLiteral("service"),   QString(),
                       QStringLiteral("service"),   s1,
                       QStringLiteral("service"),   s2};
    QTest::newRow("hierarchy and selectors") << QStringList{
        QStringLiteral("namespace"), QStringLiteral("prod"),     QStringLiteral("organization"),
        QStringLiteral("company"),   QStringLiteral("selector"), QStringLiteral("tier in (a+b;c)"),
        QStringLiteral("label"),     QStringLiteral("k=v&w"),    QStringLiteral("limit"),
        QStringLiteral("3")};
}

void TstQueryFilter::toUrlQueryKeepsTheServerReading()
{
    QFETCH(QStringList, parameters);

    const QueryFilter filter = filterFrom(parameters);
    const QueryFilter sent = filterFromUrl(filter.toUrlQuery());
    ValidationError error;
    ValidationError sentError;
    const ResolvedQuery expected = filter.resolve(&error);
    const ResolvedQuery actual = sent.resolve(&sentError);
    QCOMPARE(sentError.message, error.message);
    QCOMPARE(actual.namespaceName, expected.namespaceName);
    QCOMPARE(actual.service, expected.service);
    QCOMPARE(actual.services, expected.services);
    QCOMPARE(actual.servicePrefixes, expected.servicePrefixes);
    QCOMPARE(actual.limit, expected.limit);
    QCOMPARE(actual.selector.requirements(), expected.selector.requirements());
}

QTEST_GUILESS_MAIN(TstQueryFilter)
#include "tst_queryfilter.moc"
