// RegisterRequest, DeregisterRequest and HeartbeatRequest: normalize() must
// refuse exactly what the server refuses, with its message and in its order,
// and produce what the server stores; toJson() must write the exact bytes.
//
// Every body in the tables was POSTed to the reference server
// (/work/ref/refserver); the expected message is its answer. For accepted
// register bodies "stored" is the instance the server answered to a query
// afterwards (timestamps are ignored); for deregister/heartbeat the expected
// key is the one the server matched (a deregister removed, a heartbeat
// renewed the instance registered with the same raw identity).

#include "deregisterrequest.h"
#include "heartbeatrequest.h"
#include "instance.h"
#include "registerrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace stellmap;

namespace {

// A deliberately plain reader for the bodies of the tables (not the SDK's
// code under test): absent members stay empty.
QJsonObject parseObject(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        qFatal("test table holds invalid JSON: %s", json.constData());
    }
    return document.object();
}

// Fields as in a register body; the sdk's lenient instance reading takes the same members.
RegisterRequest registerFromJson(const QByteArray &json)
{
    return RegisterRequest::fromInstance(Instance::fromJson(parseObject(json)));
}

QStringList keyFields(const InstanceKey &key)
{
    return {key.namespaceName,
            key.service.service,
            key.service.organization,
            key.service.businessDomain,
            key.service.capabilityDomain,
            key.service.application,
            key.service.role,
            key.instanceId};
}

InstanceKey plainKey(const QString &instanceId = QStringLiteral("i-1"))
{
    InstanceKey key;
    key.namespaceName = QStringLiteral("prod");
    key.service = ServiceName::fromService(QStringLiteral("order-center"));
    key.instanceId = instanceId;
    return key;
}

InstanceKey structuredKey()
{
    InstanceKey key;
    key.namespaceName = QStringLiteral("prod");
    key.service = ServiceName{QStringLiteral("company.trade.order.order-center.api"),
                              QStringLiteral("company"),
                              QStringLiteral("trade"),
                              QStringLiteral("order"),
                              QStringLiteral("order-center"),
                              QStringLiteral("api")};
    key.instanceId = QStringLiteral("i-1");
    return key;
}

} // namespace

class TstRegisterRequest : public QObject
{
    Q_OBJECT

private slots:
    void registerNormalize_data();
    void registerNormalize();
    void registerErrorNamesTheEndpoint();
    void deregisterNormalize_data();
    void deregisterNormalize();
    void heartbeatNormalize_data();
    void heartbeatNormalize();
    void registerToJson_data();
    void registerToJson();
    void deregisterToJson_data();
    void deregisterToJson();
    void heartbeatToJson_data();
    void heartbeatToJson();
    void fromInstanceRegistersTheSameInstance();
};

void TstRegisterRequest::registerNormalize_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QByteArray>("stored");

    QTest::newRow("no service at all")
        << QByteArrayLiteral("{\"namespace\":\"reg-1\",\"instanceId\":\"i-1\",\"endpoints\":[{"
                             "\"protocol\":\"http\",\"host\":\"10.0.0.1\",\"port\":8080}]}")
        << QStringLiteral("service is required") << QByteArray();
    QTest::newRow("blank service")
        << QByteArrayLiteral("{\"namespace\":\"reg-2\",\"service\":\" \343\200\200 "
                             "\",\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"10.0.0.1\",\"port\":8080}]}")
        << QStringLiteral("service is required") << QByteArray();
    QTest::newRow("incomplete structured identity")
        << QByteArrayLiteral("{\"namespace\":\"reg-3\",\"instanceId\":\"i-1\",\"endpoints\":[{"
                             "\"protocol\":\"http\",\"host\":\"10.0.0.1\",\"port\":8080}],"
                             "\"organization\":\"company\",\"role\":\"api\"}")
        << QStringLiteral(
               "organization, businessDomain, capabilityDomain, application and role are required")
        << QByteArray();
    QTest::newRow("service mismatching its parts")
        << QByteArrayLiteral("{\"namespace\":\"reg-4\",\"service\":\"company.trade.order.order-"
                             "center.api\",\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":"
                             "\"http\",\"host\":\"10.0.0.1\",\"port\":8080}],\"role\":\"worker\"}")
        << QStringLiteral("service \"company.trade.order.order-center.api\" does not match "
                          "structured service identity \"company.trade.order.order-center.worker\"")
        << QByteArray();
    QTest::newRow("untrimmed part inside the service")
        << QByteArrayLiteral("{\"namespace\":\"reg-5\",\"service\":\"company. "
                             "trade.order.order-center.api\",\"instanceId\":\"i-1\",\"endpoints\":["
                             "{\"protocol\":\"http\",\"host\":\"10.0.0.1\",\"port\":8080}]}")
        << QStringLiteral("service \"company. trade.order.order-center.api\" does not match "
                          "structured service identity \"company.trade.order.order-center.api\"")
        << QByteArray();
    QTest::newRow("negative lease")
        << QByteArrayLiteral("{\"namespace\":\"reg-6\",\"service\":\"order-center\",\"instanceId\":"
                             "\"i-1\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"10.0.0.1\","
                             "\"port\":8080}],\"leaseTtlSeconds\":-1}")
        << QStringLiteral("leaseTtlSeconds must be greater than or equal to 0") << QByteArray();
    QTest::newRow("most negative lease")
        << QByteArrayLiteral("{\"namespace\":\"reg-7\",\"service\":\"order-center\",\"instanceId\":"
                             "\"i-1\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"10.0.0.1\","
                             "\"port\":8080}],\"leaseTtlSeconds\":-9223372036854775808}")
        << QStringLiteral("leaseTtlSeconds must be greater than or equal to 0") << QByteArray();
    QTest::newRow("no endpoints") << QByteArrayLiteral(
                                         "{\"namespace\":\"reg-8\",\"service\":\"order-center\","
                                         "\"instanceId\":\"i-1\",\"endpoints\":[]}")
                                  << QStringLiteral("at least one endpoint is required")
                                  << QByteArray();
    QTest::newRow("endpoints absent")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-9\",\"service\":\"order-center\",\"instanceId\":\"i-1\"}")
        << QStringLiteral("at least one endpoint is required") << QByteArray();
    QTest::newRow("endpoint without protocol")
        << QByteArrayLiteral("{\"namespace\":\"reg-10\",\"service\":\"order-center\","
                             "\"instanceId\":\"i-1\",\"endpoints\":[{\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("endpoint protocol is required") << QByteArray();
    QTest::newRow("endpoint with blank protocol")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-11\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\" \\t\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("endpoint protocol is required") << QByteArray();
    QTest::newRow("endpoint without host")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-12\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"port\":80}]}")
        << QStringLiteral("endpoint host is required") << QByteArray();
    QTest::newRow("endpoint with blank host")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-13\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"\343\200\200\",\"port\":80}]}")
        << QStringLiteral("endpoint host is required") << QByteArray();
    QTest::newRow("endpoint port 0")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-14\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":0}]}")
        << QStringLiteral("endpoint port must be within 1..65535") << QByteArray();
    QTest::newRow("endpoint port absent")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-15\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\"}]}")
        << QStringLiteral("endpoint port must be within 1..65535") << QByteArray();
    QTest::newRow("endpoint port negative")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-16\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":-80}]}")
        << QStringLiteral("endpoint port must be within 1..65535") << QByteArray();
    QTest::newRow("endpoint port 65536")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-17\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":65536}]}")
        << QStringLiteral("endpoint port must be within 1..65535") << QByteArray();
    QTest::newRow("endpoint port max int32")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-18\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":2147483647}]}")
        << QStringLiteral("endpoint port must be within 1..65535") << QByteArray();
    QTest::newRow("endpoint port 65535 accepted")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-19\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":65535}]}")
        << QString()
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-19\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":\"h\",\"port\":"
               "65535,\"weight\":100}],\"leaseTtlSeconds\":30,\"registeredAtUnix\":1795577674,"
               "\"lastHeartbeatUnix\":1795577674}");
    QTest::newRow("endpoint port 1 accepted")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-20\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":1}]}")
        << QString()
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-20\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":\"h\",\"port\":1,"
               "\"weight\":100}],\"leaseTtlSeconds\":30,\"registeredAtUnix\":1795577674,"
               "\"lastHeartbeatUnix\":1795577674}");
    QTest::newRow("endpoint weight negative")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-21\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80,\"weight\":-1}]}")
        << QStringLiteral("endpoint weight must be greater than or equal to 0") << QByteArray();
    QTest::newRow("duplicate endpoint names")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-22\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"name\":\"web\",\"protocol\":\"http\",\"host\":\"h\",\"port\":80},"
               "{\"name\":\"web\",\"protocol\":\"grpc\",\"host\":\"h\",\"port\":81}]}")
        << QStringLiteral("duplicate endpoint name: web") << QByteArray();
    QTest::newRow("duplicate name from the protocol default")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-23\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80},{\"name\":"
               "\"http\",\"protocol\":\"grpc\",\"host\":\"h\",\"port\":81}]}")
        << QStringLiteral("duplicate endpoint name: http") << QByteArray();
    QTest::newRow("duplicate name after trimming")
        << QByteArrayLiteral("{\"namespace\":\"reg-24\",\"service\":\"order-center\","
                             "\"instanceId\":\"i-1\",\"endpoints\":[{\"name\":\" "
                             "web\",\"protocol\":\"http\",\"host\":\"h\",\"port\":80},{\"name\":"
                             "\"web\\t\",\"protocol\":\"grpc\",\"host\":\"h\",\"port\":81}]}")
        << QStringLiteral("duplicate endpoint name: web") << QByteArray();
    QTest::newRow("duplicate name is not quoted")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-25\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"name\":\"a "
               "\\\"b\\\"\",\"protocol\":\"http\",\"host\":\"h\",\"port\":80},{\"name\":\"a "
               "\\\"b\\\"\",\"protocol\":\"grpc\",\"host\":\"h\",\"port\":81}]}")
        << QStringLiteral("duplicate endpoint name: a \"b\"") << QByteArray();
    QTest::newRow("names differing in case are distinct")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-26\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"name\":\"Web\",\"protocol\":\"http\",\"host\":\"h\",\"port\":80},"
               "{\"name\":\"web\",\"protocol\":\"grpc\",\"host\":\"h\",\"port\":81}]}")
        << QString()
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-26\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"name\":\"Web\",\"protocol\":\"http\",\"host\":\"h\",\"port\":80,"
               "\"weight\":100},{\"name\":\"web\",\"protocol\":\"grpc\",\"host\":\"h\",\"port\":81,"
               "\"weight\":100}],\"leaseTtlSeconds\":30,\"registeredAtUnix\":1795577674,"
               "\"lastHeartbeatUnix\":1795577674}");
    QTest::newRow("required identity: namespace missing")
        << QByteArrayLiteral("{\"service\":\"order-center\",\"instanceId\":\"i-1\",\"endpoints\":[{"
                             "\"protocol\":\"http\",\"host\":\"10.0.0.1\",\"port\":8080}]}")
        << QStringLiteral("namespace, service and instanceId are required") << QByteArray();
    QTest::newRow("required identity: namespace blank")
        << QByteArrayLiteral(
               "{\"namespace\":\" "
               "\302\240\",\"service\":\"order-center\",\"instanceId\":\"i-1\",\"endpoints\":[{"
               "\"protocol\":\"http\",\"host\":\"10.0.0.1\",\"port\":8080}]}")
        << QStringLiteral("namespace, service and instanceId are required") << QByteArray();
    QTest::newRow("required identity: instanceId missing")
        << QByteArrayLiteral("{\"namespace\":\"reg-27\",\"service\":\"order-center\",\"endpoints\":"
                             "[{\"protocol\":\"http\",\"host\":\"10.0.0.1\",\"port\":8080}]}")
        << QStringLiteral("namespace, service and instanceId are required") << QByteArray();
    QTest::newRow("required identity: instanceId blank")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-28\",\"service\":\"order-center\",\"instanceId\":\"\\t\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"10.0.0.1\",\"port\":8080}]}")
        << QStringLiteral("namespace, service and instanceId are required") << QByteArray();
    QTest::newRow("order: service before namespace")
        << QByteArrayLiteral("{\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"10.0.0.1\",\"port\":8080}]}")
        << QStringLiteral("service is required") << QByteArray();
    QTest::newRow("order: identity before lease")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-29\",\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":"
               "\"http\",\"host\":\"10.0.0.1\",\"port\":8080}],\"leaseTtlSeconds\":-5}")
        << QStringLiteral("service is required") << QByteArray();
    QTest::newRow("order: lease before endpoints")
        << QByteArrayLiteral("{\"namespace\":\"reg-30\",\"service\":\"order-center\","
                             "\"instanceId\":\"i-1\",\"endpoints\":[],\"leaseTtlSeconds\":-5}")
        << QStringLiteral("leaseTtlSeconds must be greater than or equal to 0") << QByteArray();
    QTest::newRow("order: lease before namespace")
        << QByteArrayLiteral(
               "{\"service\":\"order-center\",\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":"
               "\"http\",\"host\":\"10.0.0.1\",\"port\":8080}],\"leaseTtlSeconds\":-5}")
        << QStringLiteral("leaseTtlSeconds must be greater than or equal to 0") << QByteArray();
    QTest::newRow("order: endpoints before namespace and instanceId")
        << QByteArrayLiteral("{\"service\":\"order-center\",\"endpoints\":[]}")
        << QStringLiteral("at least one endpoint is required") << QByteArray();
    QTest::newRow("order: endpoint errors before namespace")
        << QByteArrayLiteral("{\"service\":\"order-center\",\"instanceId\":\"i-1\",\"endpoints\":[{"
                             "\"protocol\":\"http\",\"host\":\"h\",\"port\":0}]}")
        << QStringLiteral("endpoint port must be within 1..65535") << QByteArray();
    QTest::newRow("order: protocol before host")
        << QByteArrayLiteral("{\"namespace\":\"reg-31\",\"service\":\"order-center\","
                             "\"instanceId\":\"i-1\",\"endpoints\":[{\"port\":0}]}")
        << QStringLiteral("endpoint protocol is required") << QByteArray();
    QTest::newRow("order: host before port")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-32\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"port\":0}]}")
        << QStringLiteral("endpoint host is required") << QByteArray();
    QTest::newRow("order: port before weight")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-33\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":0,\"weight\":-1}]}")
        << QStringLiteral("endpoint port must be within 1..65535") << QByteArray();
    QTest::newRow("order: first endpoint first")
        << QByteArrayLiteral("{\"namespace\":\"reg-34\",\"service\":\"order-center\","
                             "\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"h\",\"port\":0},{\"host\":\"h\",\"port\":81}]}")
        << QStringLiteral("endpoint port must be within 1..65535") << QByteArray();
    QTest::newRow("order: own checks before the duplicate check")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-35\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"name\":\"web\",\"protocol\":\"http\",\"host\":\"h\",\"port\":80},"
               "{\"name\":\"web\",\"protocol\":\"grpc\",\"host\":\"h\",\"port\":0}]}")
        << QStringLiteral("endpoint port must be within 1..65535") << QByteArray();
    QTest::newRow("order: duplicate before a later endpoint's error")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-36\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"name\":\"web\",\"protocol\":\"http\",\"host\":\"h\",\"port\":80},"
               "{\"name\":\"web\",\"protocol\":\"grpc\",\"host\":\"h\",\"port\":81},{\"protocol\":"
               "\"\",\"host\":\"h\",\"port\":82}]}")
        << QStringLiteral("duplicate endpoint name: web") << QByteArray();
    QTest::newRow("defaults: lease 30, weight 100, name from protocol")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-37\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"10.0.0.1\",\"port\":8080}]}")
        << QString()
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-37\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":\"10.0.0.1\","
               "\"port\":8080,\"weight\":100}],\"leaseTtlSeconds\":30,\"registeredAtUnix\":"
               "1795577674,\"lastHeartbeatUnix\":1795577674}");
    QTest::newRow("lease kept when positive")
        << QByteArrayLiteral("{\"namespace\":\"reg-38\",\"service\":\"order-center\","
                             "\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"10.0.0.1\",\"port\":8080}],\"leaseTtlSeconds\":7}")
        << QString()
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-38\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":\"10.0.0.1\","
               "\"port\":8080,\"weight\":100}],\"leaseTtlSeconds\":7,\"registeredAtUnix\":"
               "1795577674,\"lastHeartbeatUnix\":1795577674}");
    QTest::newRow("lease 0 becomes 30")
        << QByteArrayLiteral("{\"namespace\":\"reg-39\",\"service\":\"order-center\","
                             "\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"10.0.0.1\",\"port\":8080}],\"leaseTtlSeconds\":0}")
        << QString()
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-39\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":\"10.0.0.1\","
               "\"port\":8080,\"weight\":100}],\"leaseTtlSeconds\":30,\"registeredAtUnix\":"
               "1795577674,\"lastHeartbeatUnix\":1795577674}");
    QTest::newRow("weight kept when positive")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-40\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80,\"weight\":5}]}")
        << QString()
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-40\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":\"h\",\"port\":80,"
               "\"weight\":5}],\"leaseTtlSeconds\":30,\"registeredAtUnix\":1795577674,"
               "\"lastHeartbeatUnix\":1795577674}");
    QTest::newRow("everything trimmed")
        << QByteArrayLiteral(
               "{\"namespace\":\" \\tprod "
               "\",\"service\":\"\343\200\200company.trade.order.order-center.api "
               "\",\"instanceId\":\" i-1\302\240\",\"zone\":\" az1\\n\",\"labels\":{\" color \":\" "
               "gray \",\"tier\":\"\343\200\200\"},\"metadata\":{\" build \":\" abc "
               "\"},\"endpoints\":[{\"name\":\" web \",\"protocol\":\" http \",\"host\":\" "
               "10.0.0.1 \",\"port\":8080,\"path\":\" /api "
               "\",\"weight\":0}],\"leaseTtlSeconds\":12}")
        << QString()
        << QByteArrayLiteral(
               "{\"namespace\":\"prod\",\"service\":\"company.trade.order.order-center.api\","
               "\"organization\":\"company\",\"businessDomain\":\"trade\",\"capabilityDomain\":"
               "\"order\",\"application\":\"order-center\",\"role\":\"api\",\"instanceId\":\"i-1\","
               "\"zone\":\"az1\",\"labels\":{\"color\":\"gray\",\"tier\":\"\"},\"metadata\":{"
               "\"build\":\"abc\"},\"endpoints\":[{\"name\":\"web\",\"protocol\":\"http\",\"host\":"
               "\"10.0.0.1\",\"port\":8080,\"path\":\"/"
               "api\",\"weight\":100}],\"leaseTtlSeconds\":12,\"registeredAtUnix\":1795577674,"
               "\"lastHeartbeatUnix\":1795577674}");
    QTest::newRow("blank label and metadata keys dropped")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-41\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"10.0.0.1\",\"port\":8080}],"
               "\"labels\":{\" \":\"x\",\"\":\"y\",\"keep\":\"\"},\"metadata\":{\"\\t\":\"z\"}}")
        << QString()
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-41\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"labels\":{\"keep\":\"\"},\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\","
               "\"host\":\"10.0.0.1\",\"port\":8080,\"weight\":100}],\"leaseTtlSeconds\":30,"
               "\"registeredAtUnix\":1795577674,\"lastHeartbeatUnix\":1795577674}");
    QTest::newRow("structured parts complete the service")
        << QByteArrayLiteral("{\"namespace\":\"reg-42\",\"organization\":\" "
                             "company\",\"businessDomain\":\"trade\",\"capabilityDomain\":"
                             "\"order\",\"application\":\"order-center\",\"role\":\"api "
                             "\",\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"10.0.0.1\",\"port\":8080}]}")
        << QString()
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-42\",\"service\":\"company.trade.order.order-center.api\","
               "\"organization\":\"company\",\"businessDomain\":\"trade\",\"capabilityDomain\":"
               "\"order\",\"application\":\"order-center\",\"role\":\"api\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":\"10.0.0.1\","
               "\"port\":8080,\"weight\":100}],\"leaseTtlSeconds\":30,\"registeredAtUnix\":"
               "1795577674,\"lastHeartbeatUnix\":1795577674}");
    QTest::newRow("several endpoints normalized in order")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-43\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"grpc\",\"host\":\"h\",\"port\":9090},{\"name\":"
               "\"metrics\",\"protocol\":\"http\",\"host\":\"h\",\"port\":9100,\"path\":\"/"
               "metrics\",\"weight\":1}]}")
        << QString()
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-43\",\"service\":\"order-center\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"name\":\"grpc\",\"protocol\":\"grpc\",\"host\":\"h\",\"port\":"
               "9090,\"weight\":100},{\"name\":\"metrics\",\"protocol\":\"http\",\"host\":\"h\","
               "\"port\":9100,\"path\":\"/"
               "metrics\",\"weight\":1}],\"leaseTtlSeconds\":30,\"registeredAtUnix\":1795577674,"
               "\"lastHeartbeatUnix\":1795577674}");
    QTest::newRow("non-ASCII values kept")
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-44\",\"service\":\"\350\256\242\345\215\225\",\"instanceId\":"
               "\"i-1\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"10.0.0.1\",\"port\":8080}]"
               ",\"zone\":\"\345\217\257\347\224\250\345\214\2721\",\"labels\":{"
               "\"\351\242\234\350\211\262\":\"\347\201\260\"}}")
        << QString()
        << QByteArrayLiteral(
               "{\"namespace\":\"reg-44\",\"service\":\"\350\256\242\345\215\225\",\"instanceId\":"
               "\"i-1\",\"zone\":\"\345\217\257\347\224\250\345\214\2721\",\"labels\":{"
               "\"\351\242\234\350\211\262\":\"\347\201\260\"},\"endpoints\":[{\"name\":\"http\","
               "\"protocol\":\"http\",\"host\":\"10.0.0.1\",\"port\":8080,\"weight\":100}],"
               "\"leaseTtlSeconds\":30,\"registeredAtUnix\":1795577674,\"lastHeartbeatUnix\":"
               "1795577674}");
}

void TstRegisterRequest::registerNormalize()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QFETCH(QByteArray, stored);

    RegisterRequest request = registerFromJson(body);
    const ValidationError result = request.normalize();
    QCOMPARE(result.message, error);
    QCOMPARE(result.isError(), !error.isEmpty());
    if (!error.isEmpty()) {
        return;
    }
    const RegisterRequest expected = registerFromJson(stored);
    QCOMPARE(keyFields(request.key), keyFields(expected.key));
    QCOMPARE(request.zone, expected.zone);
    QCOMPARE(request.labels, expected.labels);
    QCOMPARE(request.metadata, expected.metadata);
    QCOMPARE(request.endpoints.size(), expected.endpoints.size());
    for (qsizetype i = 0; i < expected.endpoints.size(); ++i) {
        QCOMPARE(request.endpoints.at(i).name, expected.endpoints.at(i).name);
        QCOMPARE(request.endpoints.at(i).protocol, expected.endpoints.at(i).protocol);
        QCOMPARE(request.endpoints.at(i).host, expected.endpoints.at(i).host);
        QCOMPARE(request.endpoints.at(i).port, expected.endpoints.at(i).port);
        QCOMPARE(request.endpoints.at(i).path, expected.endpoints.at(i).path);
        QCOMPARE(request.endpoints.at(i).weight, expected.endpoints.at(i).weight);
    }
    QCOMPARE(request.leaseTtlSeconds, expected.leaseTtlSeconds);

    // A normalized request is sent as is; normalizing it again changes nothing.
    RegisterRequest again = request;
    QVERIFY(!again.normalize().isError());
    QCOMPARE(again.toJson(), request.toJson());
}

void TstRegisterRequest::registerErrorNamesTheEndpoint()
{
    // ValidationError::field points at the offending endpoint (documented as
    // e.g. "endpoints[1].port"), so a form can highlight it.
    RegisterRequest request;
    request.key = plainKey();
    request.endpoints = {
        Endpoint{QString(), QStringLiteral("http"), QStringLiteral("h"), 80, QString(), 0},
        Endpoint{QString(), QStringLiteral("grpc"), QStringLiteral("h"), 0, QString(), 0}};
    const ValidationError error = request.normalize();
    QCOMPARE(error.message, QStringLiteral("endpoint port must be within 1..65535"));
    QCOMPARE(error.field, QStringLiteral("endpoints[1].port"));
}

void TstRegisterRequest::deregisterNormalize_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QStringList>("key");

    QTest::newRow("plain service")
        << QByteArrayLiteral(
               "{\"namespace\":\"key-1\",\"service\":\"order-center\",\"instanceId\":\"i-1\"}")
        << QString()
        << QStringList{QStringLiteral("key-1"),
                       QStringLiteral("order-center"),
                       QString(),
                       QString(),
                       QString(),
                       QString(),
                       QString(),
                       QStringLiteral("i-1")};
    QTest::newRow("everything trimmed")
        << QByteArrayLiteral("{\"namespace\":\" "
                             "key-2\\t\",\"service\":\"\343\200\200company.trade.order.order-"
                             "center.api \",\"instanceId\":\"\302\240i-1 \"}")
        << QString()
        << QStringList{
               QStringLiteral("key-2"),   QStringLiteral("company.trade.order.order-center.api"),
               QStringLiteral("company"), QStringLiteral("trade"),
               QStringLiteral("order"),   QStringLiteral("order-center"),
               QStringLiteral("api"),     QStringLiteral("i-1")};
    QTest::newRow("structured parts only")
        << QByteArrayLiteral(
               "{\"namespace\":\"key-3\",\"organization\":\"company\",\"businessDomain\":\" "
               "trade\",\"capabilityDomain\":\"order\",\"application\":\"order-center\",\"role\":"
               "\"api\",\"instanceId\":\"i-1\"}")
        << QString()
        << QStringList{
               QStringLiteral("key-3"),   QStringLiteral("company.trade.order.order-center.api"),
               QStringLiteral("company"), QStringLiteral("trade"),
               QStringLiteral("order"),   QStringLiteral("order-center"),
               QStringLiteral("api"),     QStringLiteral("i-1")};
    QTest::newRow("service is required")
        << QByteArrayLiteral("{\"namespace\":\"key-4\",\"instanceId\":\"i-1\"}")
        << QStringLiteral("service is required") << QStringList();
    QTest::newRow("blank service")
        << QByteArrayLiteral("{\"namespace\":\"key-5\",\"service\":\"\\t\",\"instanceId\":\"i-1\"}")
        << QStringLiteral("service is required") << QStringList();
    QTest::newRow("incomplete parts")
        << QByteArrayLiteral(
               "{\"namespace\":\"key-6\",\"organization\":\"company\",\"instanceId\":\"i-1\"}")
        << QStringLiteral(
               "organization, businessDomain, capabilityDomain, application and role are required")
        << QStringList();
    QTest::newRow("service mismatching the parts")
        << QByteArrayLiteral("{\"namespace\":\"key-7\",\"service\":\"company.trade.order.order-"
                             "center.api\",\"application\":\"billing\",\"instanceId\":\"i-1\"}")
        << QStringLiteral("service \"company.trade.order.order-center.api\" does not match "
                          "structured service identity \"company.trade.order.billing.api\"")
        << QStringList();
    QTest::newRow("namespace missing")
        << QByteArrayLiteral("{\"service\":\"order-center\",\"instanceId\":\"i-1\"}")
        << QStringLiteral("namespace, service and instanceId are required") << QStringList();
    QTest::newRow("namespace blank")
        << QByteArrayLiteral("{\"namespace\":\"\343\200\200\",\"service\":\"order-center\","
                             "\"instanceId\":\"i-1\"}")
        << QStringLiteral("namespace, service and instanceId are required") << QStringList();
    QTest::newRow("instanceId missing")
        << QByteArrayLiteral("{\"namespace\":\"key-8\",\"service\":\"order-center\"}")
        << QStringLiteral("namespace, service and instanceId are required") << QStringList();
    QTest::newRow("instanceId blank")
        << QByteArrayLiteral(
               "{\"namespace\":\"key-9\",\"service\":\"order-center\",\"instanceId\":\" \\n\"}")
        << QStringLiteral("namespace, service and instanceId are required") << QStringList();
    QTest::newRow("order: identity before namespace and instanceId")
        << QByteArrayLiteral("{\"organization\":\"company\"}")
        << QStringLiteral(
               "organization, businessDomain, capabilityDomain, application and role are required")
        << QStringList();
    QTest::newRow("order: all missing")
        << QByteArrayLiteral("{}") << QStringLiteral("service is required") << QStringList();
}

void TstRegisterRequest::deregisterNormalize()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QFETCH(QStringList, key);

    DeregisterRequest request;
    request.key = Instance::fromJson(parseObject(body)).key;
    const ValidationError result = request.normalize();
    QCOMPARE(result.message, error);
    QCOMPARE(result.isError(), !error.isEmpty());
    if (error.isEmpty()) {
        QCOMPARE(keyFields(request.key), key);
    }
}

void TstRegisterRequest::heartbeatNormalize_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QStringList>("key");
    QTest::addColumn<qint64>("leaseTtlSeconds");

    QTest::newRow("plain service")
        << QByteArrayLiteral(
               "{\"namespace\":\"key-10\",\"service\":\"order-center\",\"instanceId\":\"i-1\"}")
        << QString()
        << QStringList{QStringLiteral("key-10"),
                       QStringLiteral("order-center"),
                       QString(),
                       QString(),
                       QString(),
                       QString(),
                       QString(),
                       QStringLiteral("i-1")}
        << qint64(0);
    QTest::newRow("everything trimmed")
        << QByteArrayLiteral("{\"namespace\":\" "
                             "key-11\\t\",\"service\":\"\343\200\200company.trade.order.order-"
                             "center.api \",\"instanceId\":\"\302\240i-1 \"}")
        << QString() << QStringList{QStringLiteral("key-11"),
                                    QStringLiteral("company.trade.order.order-center.api"),
                                    QStringLiteral("company"),
                                    QStringLiteral("trade"),
                                    QStringLiteral("order"),
                                    QStringLiteral("order-center"),
                                    QStringLiteral("api"),
                                    QStringLiteral("i-1")}
        << qint64(0);
    QTest::newRow("structured parts only")
        << QByteArrayLiteral(
               "{\"namespace\":\"key-12\",\"organization\":\"company\",\"businessDomain\":\" "
               "trade\",\"capabilityDomain\":\"order\",\"application\":\"order-center\",\"role\":"
               "\"api\",\"instanceId\":\"i-1\"}")
        << QString() << QStringList{QStringLiteral("key-12"),
                                    QStringLiteral("company.trade.order.order-center.api"),
                                    QStringLiteral("company"),
                                    QStringLiteral("trade"),
                                    QStringLiteral("order"),
                                    QStringLiteral("order-center"),
                                    QStringLiteral("api"),
                                    QStringLiteral("i-1")}
        << qint64(0);
    QTest::newRow("service is required")
        << QByteArrayLiteral("{\"namespace\":\"key-13\",\"instanceId\":\"i-1\"}")
        << QStringLiteral("service is required") << QStringList() << qint64(0);
    QTest::newRow("blank service")
        << QByteArrayLiteral(
               "{\"namespace\":\"key-14\",\"service\":\"\\t\",\"instanceId\":\"i-1\"}")
        << QStringLiteral("service is required") << QStringList() << qint64(0);
    QTest::newRow("incomplete parts")
        << QByteArrayLiteral(
               "{\"namespace\":\"key-15\",\"organization\":\"company\",\"instanceId\":\"i-1\"}")
        << QStringLiteral(
               "organization, businessDomain, capabilityDomain, application and role are required")
        << QStringList() << qint64(0);
    QTest::newRow("service mismatching the parts")
        << QByteArrayLiteral("{\"namespace\":\"key-16\",\"service\":\"company.trade.order.order-"
                             "center.api\",\"application\":\"billing\",\"instanceId\":\"i-1\"}")
        << QStringLiteral("service \"company.trade.order.order-center.api\" does not match "
                          "structured service identity \"company.trade.order.billing.api\"")
        << QStringList() << qint64(0);
    QTest::newRow("namespace missing")
        << QByteArrayLiteral("{\"service\":\"order-center\",\"instanceId\":\"i-1\"}")
        << QStringLiteral("namespace, service and instanceId are required") << QStringList()
        << qint64(0);
    QTest::newRow("namespace blank")
        << QByteArrayLiteral("{\"namespace\":\"\343\200\200\",\"service\":\"order-center\","
                             "\"instanceId\":\"i-1\"}")
        << QStringLiteral("namespace, service and instanceId are required") << QStringList()
        << qint64(0);
    QTest::newRow("instanceId missing")
        << QByteArrayLiteral("{\"namespace\":\"key-17\",\"service\":\"order-center\"}")
        << QStringLiteral("namespace, service and instanceId are required") << QStringList()
        << qint64(0);
    QTest::newRow("instanceId blank")
        << QByteArrayLiteral(
               "{\"namespace\":\"key-18\",\"service\":\"order-center\",\"instanceId\":\" \\n\"}")
        << QStringLiteral("namespace, service and instanceId are required") << QStringList()
        << qint64(0);
    QTest::newRow("order: identity before namespace and instanceId")
        << QByteArrayLiteral("{\"organization\":\"company\"}")
        << QStringLiteral(
               "organization, businessDomain, capabilityDomain, application and role are required")
        << QStringList() << qint64(0);
    QTest::newRow("order: all missing")
        << QByteArrayLiteral("{}") << QStringLiteral("service is required") << QStringList()
        << qint64(0);
    QTest::newRow("negative lease")
        << QByteArrayLiteral("{\"namespace\":\"key-19\",\"service\":\"order-center\","
                             "\"instanceId\":\"i-1\",\"leaseTtlSeconds\":-1}")
        << QStringLiteral("leaseTtlSeconds must be greater than or equal to 0") << QStringList()
        << qint64(-1);
    QTest::newRow("zero lease keeps the stored one")
        << QByteArrayLiteral("{\"namespace\":\"key-20\",\"service\":\"order-center\","
                             "\"instanceId\":\"i-1\",\"leaseTtlSeconds\":0}")
        << QString()
        << QStringList{QStringLiteral("key-20"),
                       QStringLiteral("order-center"),
                       QString(),
                       QString(),
                       QString(),
                       QString(),
                       QString(),
                       QStringLiteral("i-1")}
        << qint64(0);
    QTest::newRow("positive lease")
        << QByteArrayLiteral("{\"namespace\":\"key-21\",\"service\":\"order-center\","
                             "\"instanceId\":\"i-1\",\"leaseTtlSeconds\":90}")
        << QString()
        << QStringList{QStringLiteral("key-21"),
                       QStringLiteral("order-center"),
                       QString(),
                       QString(),
                       QString(),
                       QString(),
                       QString(),
                       QStringLiteral("i-1")}
        << qint64(90);
    QTest::newRow("order: identity before lease")
        << QByteArrayLiteral(
               "{\"namespace\":\"key-22\",\"instanceId\":\"i-1\",\"leaseTtlSeconds\":-1}")
        << QStringLiteral("service is required") << QStringList() << qint64(-1);
    QTest::newRow("order: required identity before lease")
        << QByteArrayLiteral(
               "{\"service\":\"order-center\",\"instanceId\":\"i-1\",\"leaseTtlSeconds\":-1}")
        << QStringLiteral("namespace, service and instanceId are required") << QStringList()
        << qint64(-1);
    QTest::newRow("order: blank instanceId before lease")
        << QByteArrayLiteral("{\"namespace\":\"key-23\",\"service\":\"order-center\","
                             "\"instanceId\":\" \",\"leaseTtlSeconds\":-1}")
        << QStringLiteral("namespace, service and instanceId are required") << QStringList()
        << qint64(-1);
}

void TstRegisterRequest::heartbeatNormalize()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QFETCH(QStringList, key);
    QFETCH(qint64, leaseTtlSeconds);

    HeartbeatRequest request;
    request.key = Instance::fromJson(parseObject(body)).key;
    request.leaseTtlSeconds = leaseTtlSeconds;
    const ValidationError result = request.normalize();
    QCOMPARE(result.message, error);
    QCOMPARE(result.isError(), !error.isEmpty());
    if (error.isEmpty()) {
        QCOMPARE(keyFields(request.key), key);
        // 0 must stay 0: on a heartbeat it keeps the stored TTL instead of resetting it to 30.
        QCOMPARE(request.leaseTtlSeconds, leaseTtlSeconds);
    }
}

// Golden bodies. Register has no JSON tags on the server (keys match its
// field names case-insensitively), so its body follows the documented
// contract: members in the order of the instance, empty optional members
// left out, endpoints as Go writes registry.Endpoint. Deregister and
// heartbeat bodies are json.Marshal of the server's own DeregisterRequest /
// HeartbeatRequest structs. Strings are escaped as Go 1.22+ does (the real
// server uses Go 1.25): <, >, &, U+2028, U+2029 as \u escapes, \b and \f
// short, other controls as \u00XX, DEL and non-ASCII raw; map keys in UTF-8
// byte order. Every golden was accepted by the reference server.
void TstRegisterRequest::registerToJson_data()
{
    QTest::addColumn<QByteArray>("actual");
    QTest::addColumn<QByteArray>("expected");

    {
        RegisterRequest request;
        request.key = plainKey();
        request.endpoints = {Endpoint{QString(), QStringLiteral("http"), QStringLiteral("10.0.0.1"),
                                      8080, QString(), 0}};
        QTest::newRow("minimal request, lease left to the server")
            << request.toJson()
            << QByteArrayLiteral("{\"namespace\":\"prod\",\"service\":\"order-center\","
                                 "\"instanceId\":\"i-1\",\"endpoints\":[{\"name\":\"\","
                                 "\"protocol\":\"http\",\"host\":\"10.0.0.1\",\"port\":8080}]}");
    }
    {
        RegisterRequest request;
        request.key.namespaceName = QStringLiteral("prod");
        request.key.service =
            ServiceName::fromService(QStringLiteral("company.trade.order.order-center.api"));
        request.key.instanceId = QStringLiteral("order-center-api-10.0.1.23");
        request.zone = QStringLiteral("az1");
        request.labels.insert(QStringLiteral("version"), QStringLiteral("v2"));
        request.labels.insert(QStringLiteral("color"), QStringLiteral("gray"));
        request.metadata.insert(QStringLiteral("build_sha"), QStringLiteral("abc123"));
        request.endpoints = {Endpoint{QStringLiteral("http"), QStringLiteral("http"),
                                      QStringLiteral("10.0.1.23"), 8080, QStringLiteral("/"), 0},
                             Endpoint{QString(), QStringLiteral("grpc"),
                                      QStringLiteral("10.0.1.23"), 9090, QString(), 50}};
        QVERIFY(!request.normalize().isError());
        QTest::newRow("normalized full request")
            << request.toJson()
            << QByteArrayLiteral(
                   "{\"namespace\":\"prod\",\"service\":\"company.trade.order.order-center.api\","
                   "\"organization\":\"company\",\"businessDomain\":\"trade\",\"capabilityDomain\":"
                   "\"order\",\"application\":\"order-center\",\"role\":\"api\",\"instanceId\":"
                   "\"order-center-api-10.0.1.23\",\"zone\":\"az1\",\"labels\":{\"color\":\"gray\","
                   "\"version\":\"v2\"},\"metadata\":{\"build_sha\":\"abc123\"},\"endpoints\":[{"
                   "\"name\":\"http\",\"protocol\":\"http\",\"host\":\"10.0.1.23\",\"port\":8080,"
                   "\"path\":\"/"
                   "\",\"weight\":100},{\"name\":\"grpc\",\"protocol\":\"grpc\",\"host\":\"10.0.1."
                   "23\",\"port\":9090,\"weight\":50}],\"leaseTtlSeconds\":30}");
    }
    {
        RegisterRequest request;
        request.key = plainKey(QStringLiteral("i<1>&"));
        request.labels.insert(QStringLiteral("<b>"), QStringLiteral("a&b"));
        request.labels.insert(QStringLiteral("ctl"), QStringLiteral("\001\b\f\n\r\t\177"));
        request.labels.insert(QStringLiteral("ls"), QStringLiteral("\u2028\u2029"));
        request.labels.insert(QStringLiteral("q"), QStringLiteral("\"\\/"));
        request.labels.insert(QStringLiteral("\u00e9"), QStringLiteral("\u4e2d"));
        request.labels.insert(QStringLiteral("\U0001f600"), QStringLiteral("x"));
        request.labels.insert(QStringLiteral("\uff21"), QStringLiteral("y"));
        request.endpoints = {Endpoint{QString(), QStringLiteral("http"), QStringLiteral("10.0.0.1"),
                                      8080, QString(), 0}};
        request.leaseTtlSeconds = 45;
        QTest::newRow("Go escaping and UTF-8 key order")
            << request.toJson()
            << QByteArrayLiteral(
                   "{\"namespace\":\"prod\",\"service\":\"order-center\",\"instanceId\":"
                   "\"i\\u003c1\\u003e\\u0026\",\"labels\":{\"\\u003cb\\u003e\":\"a\\u0026b\","
                   "\"ctl\":\"\\u0001\\b\\f\\n\\r\\t\177\",\"ls\":\"\\u2028\\u2029\",\"q\":"
                   "\"\\\"\\\\/"
                   "\",\"\303\251\":\"\344\270\255\",\"\357\274\241\":\"y\",\"\360\237\230\200\":"
                   "\"x\"},\"endpoints\":[{\"name\":\"\",\"protocol\":\"http\",\"host\":\"10.0.0."
                   "1\",\"port\":8080}],\"leaseTtlSeconds\":45}");
    }
    {
        RegisterRequest request;
        request.key.namespaceName = QStringLiteral("prod");
        request.key.service = ServiceName::fromParts(
            QStringLiteral("company"), QStringLiteral("trade"), QStringLiteral("order"),
            QStringLiteral("order-center"), QStringLiteral("api"));
        request.key.instanceId = QStringLiteral("i-1");
        request.endpoints = {Endpoint{QString(), QStringLiteral("http"), QStringLiteral("10.0.0.1"),
                                      8080, QString(), 0}};
        QTest::newRow("structured parts without a service name")
            << request.toJson()
            << QByteArrayLiteral(
                   "{\"namespace\":\"prod\",\"organization\":\"company\",\"businessDomain\":"
                   "\"trade\",\"capabilityDomain\":\"order\",\"application\":\"order-center\","
                   "\"role\":\"api\",\"instanceId\":\"i-1\",\"endpoints\":[{\"name\":\"\","
                   "\"protocol\":\"http\",\"host\":\"10.0.0.1\",\"port\":8080}]}");
    }
}

void TstRegisterRequest::registerToJson()
{
    QFETCH(QByteArray, actual);
    QFETCH(QByteArray, expected);
    QCOMPARE(actual, expected);
}

void TstRegisterRequest::deregisterToJson_data()
{
    QTest::addColumn<QByteArray>("actual");
    QTest::addColumn<QByteArray>("expected");

    {
        DeregisterRequest request;
        request.key = plainKey();
        QTest::newRow("plain service")
            << request.toJson()
            << QByteArrayLiteral(
                   "{\"namespace\":\"prod\",\"service\":\"order-center\",\"instanceId\":\"i-1\"}");
    }
    {
        DeregisterRequest request;
        request.key = structuredKey();
        QTest::newRow("structured service")
            << request.toJson()
            << QByteArrayLiteral("{\"namespace\":\"prod\",\"service\":\"company.trade.order.order-"
                                 "center.api\",\"organization\":\"company\",\"businessDomain\":"
                                 "\"trade\",\"capabilityDomain\":\"order\",\"application\":\"order-"
                                 "center\",\"role\":\"api\",\"instanceId\":\"i-1\"}");
    }
    {
        DeregisterRequest request;
        request.key = plainKey(QStringLiteral("i<1>&\u2028"));
        QTest::newRow("HTML characters and U+2028 escaped")
            << request.toJson()
            << QByteArrayLiteral("{\"namespace\":\"prod\",\"service\":\"order-center\","
                                 "\"instanceId\":\"i\\u003c1\\u003e\\u0026\\u2028\"}");
    }
}

void TstRegisterRequest::deregisterToJson()
{
    QFETCH(QByteArray, actual);
    QFETCH(QByteArray, expected);
    QCOMPARE(actual, expected);
}

void TstRegisterRequest::heartbeatToJson_data()
{
    QTest::addColumn<QByteArray>("actual");
    QTest::addColumn<QByteArray>("expected");

    {
        HeartbeatRequest request;
        request.key = plainKey();
        QTest::newRow("lease 0 is written")
            << request.toJson()
            << QByteArrayLiteral("{\"namespace\":\"prod\",\"service\":\"order-center\","
                                 "\"instanceId\":\"i-1\",\"leaseTtlSeconds\":0}");
    }
    {
        HeartbeatRequest request;
        request.key = structuredKey();
        request.leaseTtlSeconds = 60;
        QTest::newRow("structured service and new lease")
            << request.toJson()
            << QByteArrayLiteral(
                   "{\"namespace\":\"prod\",\"service\":\"company.trade.order.order-center.api\","
                   "\"organization\":\"company\",\"businessDomain\":\"trade\",\"capabilityDomain\":"
                   "\"order\",\"application\":\"order-center\",\"role\":\"api\",\"instanceId\":\"i-"
                   "1\",\"leaseTtlSeconds\":60}");
    }
}

void TstRegisterRequest::heartbeatToJson()
{
    QFETCH(QByteArray, actual);
    QFETCH(QByteArray, expected);
    QCOMPARE(actual, expected);
}

void TstRegisterRequest::fromInstanceRegistersTheSameInstance()
{
    Instance instance;
    instance.key = structuredKey();
    instance.zone = QStringLiteral("az1");
    instance.labels.insert(QStringLiteral("color"), QStringLiteral("gray"));
    instance.metadata.insert(QStringLiteral("build"), QStringLiteral("1"));
    instance.endpoints = {Endpoint{QStringLiteral("http"), QStringLiteral("http"),
                                   QStringLiteral("h"), 80, QString(), 100}};
    instance.leaseTtlSeconds = 45;
    instance.registeredAtUnix = 1764000000;
    instance.lastHeartbeatUnix = 1764000012;

    RegisterRequest request = RegisterRequest::fromInstance(instance);
    QCOMPARE(request.key, instance.key);
    QCOMPARE(request.zone, instance.zone);
    QCOMPARE(request.labels, instance.labels);
    QCOMPARE(request.metadata, instance.metadata);
    QCOMPARE(request.endpoints, instance.endpoints);
    QCOMPARE(request.leaseTtlSeconds, qint64(45));
    QVERIFY(!request.normalize().isError());
    QCOMPARE(request.key, instance.key);
}

QTEST_GUILESS_MAIN(TstRegisterRequest)
#include "tst_registerrequest.moc"
