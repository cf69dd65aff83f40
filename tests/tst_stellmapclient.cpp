// StellMapClient against real stellmap-devd processes (one to three nodes),
// and against FakeHttpServer only for faults devd cannot produce.
#include "deregisterrequest.h"
#include "devdprocess.h"
#include "fakehttpserver.h"
#include "heartbeatrequest.h"
#include "queryfilter.h"
#include "registerrequest.h"
#include "stellmapclient.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTest>

#include <memory>

using namespace stellmap;

namespace {

RegisterRequest makeRegister(const QString &ns, const QString &service, const QString &id,
                             const QString &zone, const StringMap &labels,
                             const QList<Endpoint> &endpoints)
{
    RegisterRequest request;
    request.key.namespaceName = ns;
    request.key.service = ServiceName::fromService(service);
    request.key.instanceId = id;
    request.zone = zone;
    request.labels = labels;
    request.endpoints = endpoints;
    return request;
}

Endpoint endpoint(const QString &protocol, int port)
{
    return Endpoint{QString(), protocol, QStringLiteral("10.0.0.1"), port, QString(), 0};
}

//! Waits for \a reply to finish and checks that finished() came exactly once.
bool waitFinished(StellMapReply *reply, int timeoutMs = 20000)
{
    QSignalSpy spy(reply, &StellMapReply::finished);
    if (!reply->isFinished() || spy.isEmpty()) {
        if (!spy.wait(timeoutMs)) {
            return false;
        }
    }
    QTest::qWait(0); // a second emission would be queued behind the first
    return spy.size() == 1 && reply->isFinished();
}

QStringList ids(const QList<Instance> &instances)
{
    QStringList result;
    for (const Instance &instance : instances) {
        result.append(instance.key.instanceId);
    }
    return result;
}

} // namespace

class TstStellMapClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void query_data();
    void query();
    void queryValidationSendsNothing_data();
    void queryValidationSendsNothing();
    void writes();
    void invalidWriteSendsNothing_data();
    void invalidWriteSendsNothing();
    void health();

    void followsLeaderFromFollower_data();
    void followsLeaderFromFollower();
    void deadFirstServerFailsOver();
    void silentServerTimesOut();
    void silentServerNeverGetsWriteTwice();
    void nonJsonAnswers_data();
    void nonJsonAnswers();
    void serverErrorOnWriteIsNotResent();
    void leaderlessFailsWithNoLeader();
    void leaderElectedWhileWriting();

    void tokenGoesToConfiguredServer();
    void tokenNotLeakedOnRedirect();
    void tokenNotSentToLeaderOnOtherHost();

    void tlsIsVerified();

    void finishesOnceOnAbort();
    void finishesOnceWhenClientDestroyed();
    void invalidOptionsSendNothing();

private:
    std::unique_ptr<StellMapClient> client(const QList<QUrl> &servers, int timeoutMs = 10000,
                                           const QString &token = QString());

    QNetworkAccessManager m_network;
    DevdProcess m_devd;
};

std::unique_ptr<StellMapClient> TstStellMapClient::client(const QList<QUrl> &servers, int timeoutMs,
                                                          const QString &token)
{
    ClientOptions options;
    options.servers = servers;
    options.timeoutMs = timeoutMs;
    options.token = token;
    return std::make_unique<StellMapClient>(options, &m_network);
}

void TstStellMapClient::initTestCase()
{
    QVERIFY2(m_devd.start(), qPrintable(m_devd.errorText()));
    auto c = client({m_devd.url()});
    const QList<RegisterRequest> registry = {
        makeRegister(
            QStringLiteral("prod"), QStringLiteral("company.trade.order.order-center.api"),
            QStringLiteral("a1"), QStringLiteral("az1"),
            {{QStringLiteral("color"), QStringLiteral("gray")},
             {QStringLiteral("version"), QStringLiteral("v2")},
             {QStringLiteral("team"), QStringLiteral("a+b;c")}},
            {endpoint(QStringLiteral("http"), 8080), endpoint(QStringLiteral("grpc"), 9090)}),
        makeRegister(QStringLiteral("prod"),
                     QStringLiteral("company.trade.order.order-center.worker"),
                     QStringLiteral("b1"), QStringLiteral("az2"),
                     {{QStringLiteral("color"), QStringLiteral("blue")},
                      {QStringLiteral("deprecated"), QStringLiteral("yes")},
                      {QStringLiteral("q"), QStringLiteral("x&y=z% 1")}},
                     {endpoint(QStringLiteral("http"), 8080)}),
        makeRegister(QStringLiteral("prod"), QStringLiteral("company.trade.payment.pay-core.api"),
                     QStringLiteral("c1"), QStringLiteral("az1"),
                     {{QStringLiteral("color"), QStringLiteral("gray")},
                      {QStringLiteral("version"), QStringLiteral("v1 beta")}},
                     {endpoint(QStringLiteral("grpc"), 9090)}),
        makeRegister(QStringLiteral("prod"), QStringLiteral("legacy-svc"), QStringLiteral("d1"),
                     QStringLiteral("az3"), {}, {endpoint(QStringLiteral("http"), 80)}),
        makeRegister(QStringLiteral("staging"),
                     QStringLiteral("company.trade.order.order-center.api"), QStringLiteral("e1"),
                     QStringLiteral("az1"), {}, {endpoint(QStringLiteral("http"), 8080)}),
    };
    for (RegisterRequest request : registry) {
        request.leaseTtlSeconds = 3600;
        WriteReply *reply = c->registerInstance(request);
        QVERIFY(waitFinished(reply));
        QCOMPARE(reply->errorString(), QString());
        QCOMPARE(reply->serverMessage(), QStringLiteral("instance registered"));
    }
}

void TstStellMapClient::query_data()
{
    QTest::addColumn<QueryFilter>("filter");
    QTest::addColumn<QStringList>("expected");
    const QString ns = QStringLiteral("prod");
    const auto row = [](const char *name, const QueryFilter &filter, const char *expected) {
        QTest::newRow(name) << filter
                            << QString::fromLatin1(expected).split(QLatin1Char(' '),
                                                                   Qt::SkipEmptyParts);
    };
    QueryFilter f;
    f.namespaceName = ns;
    row("namespace", f, "a1 b1 c1 d1");
    f.namespaceName = QStringLiteral("staging");
    row("other namespace", f, "e1");
    f.namespaceName = QStringLiteral("nowhere");
    row("unknown namespace", f, "");

    f = {};
    f.namespaceName = ns;
    f.services = {QStringLiteral("company.trade.order.order-center.api")};
    row("service", f, "a1");
    f.services = {QString(), QStringLiteral("legacy-svc")};
    row("service: a blank first value lets the others match", f, "d1");
    f.services = {};
    f.servicePrefixes = {QStringLiteral("company.trade.order")};
    row("servicePrefix", f, "a1 b1");
    f.servicePrefixes = {QStringLiteral("company.trade.payment"), QStringLiteral("legacy")};
    row("two prefixes", f, "c1 d1");

    f = {};
    f.namespaceName = ns;
    f.organization = QStringLiteral("company");
    f.businessDomain = QStringLiteral("trade");
    f.capabilityDomain = QStringLiteral("order");
    row("hierarchy prefix", f, "a1 b1");
    f.application = QStringLiteral("order-center");
    f.role = QStringLiteral("worker");
    row("hierarchy: all five", f, "b1");

    f = {};
    f.namespaceName = ns;
    f.zone = QStringLiteral("az1");
    row("zone", f, "a1 c1");
    f.zone.clear();
    f.endpoint = QStringLiteral("grpc");
    row("endpoint", f, "a1 c1");

    // Selectors separated by '|', since they contain spaces and commas.
    const auto selector = [&](const char *name, const char *selectors, const char *expected) {
        QueryFilter s;
        s.namespaceName = ns;
        s.selectors = QString::fromUtf8(selectors).split(QLatin1Char('|'));
        row(name, s, expected);
    };
    selector("selector key=value", "color=gray", "a1 c1");
    selector("selector ==", "color==blue", "b1");
    selector("selector != matches a missing key", "color!=gray", "b1 d1");
    selector("selector in, value with a space", "version in (v2,v1 beta)", "a1 c1");
    selector("selector notin", "version notin (v2)", "b1 c1 d1");
    selector("selector !key", "!deprecated", "a1 c1 d1");
    selector("selector key", "deprecated", "b1");
    selector("selector value with + and ;", "team=a+b;c", "a1");
    selector("selector value with & = % and a space", "q=x&y=z% 1", "b1");
    selector("selector list", "color=gray,version=v2", "a1");
    selector("two selectors are ANDed", "color=gray|version=v1 beta", "c1");

    f = {};
    f.namespaceName = ns;
    f.labels = {QStringLiteral("color=blue")};
    row("legacy label", f, "b1");
    f.labels = {};
    f.limit = QStringLiteral("2");
    row("limit", f, "a1 b1");
    f.limit = QStringLiteral("0");
    row("limit 0 means none", f, "a1 b1 c1 d1");
    f.limit.clear();
    f.servicePrefixes = {QStringLiteral("company")};
    f.zone = QStringLiteral("az1");
    f.selectors = {QStringLiteral("color=gray")};
    f.endpoint = QStringLiteral("http");
    row("combined", f, "a1");
}

void TstStellMapClient::query()
{
    QFETCH(QueryFilter, filter);
    QFETCH(QStringList, expected);
    auto c = client({m_devd.url()});
    QueryReply *reply = c->query(filter);
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), ClientError::NoError);
    QCOMPARE(reply->code(), QStringLiteral("ok"));
    QCOMPARE(reply->httpStatus(), 200);
    QCOMPARE(ids(reply->instances()), expected);
    if (!filter.endpoint.isEmpty()) {
        for (const Instance &instance : reply->instances()) {
            QCOMPARE(instance.endpoints.size(), 1);
            QCOMPARE(instance.endpoints.first().protocol, filter.endpoint);
        }
    }
    QVERIFY(reply->serverDate().isValid());
    QVERIFY(qAbs(c->serverClockOffsetMs()) < 5000);
}

void TstStellMapClient::queryValidationSendsNothing_data()
{
    QTest::addColumn<QueryFilter>("filter");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    QueryFilter f;
    QTest::newRow("no namespace") << f << "namespace"
                                  << "namespace is required";
    f.namespaceName = QStringLiteral("prod");
    f.limit = QStringLiteral("-1");
    QTest::newRow("negative limit") << f << "limit"
                                    << "limit must be greater than or equal to 0";
    f.limit.clear();
    f.selectors = {QStringLiteral("version in v2")};
    QTest::newRow("selector without parentheses")
        << f << "selector"
        << "invalid selector \"version in v2\": expected values like (v1,v2); supported selector "
           "syntax: key, !key, key=value, key!=value, key in (v1,v2), key notin (v1,v2); valid "
           "example: selector=color=gray,version in (v2),!deprecated; invalid example: "
           "selector=version in v2";
    f.selectors = {};
    f.organization = QStringLiteral("company");
    f.capabilityDomain = QStringLiteral("order");
    QTest::newRow("gap in the hierarchy")
        << f << "organization"
        << "service hierarchy filters must be contiguous from organization to role";
}

void TstStellMapClient::queryValidationSendsNothing()
{
    QFETCH(QueryFilter, filter);
    QFETCH(QString, field);
    QFETCH(QString, message);
    FakeHttpServer server;
    QVERIFY(server.listen());
    server.setResponse(
        FakeHttpServer::response(200, "OK", "application/json", "{\"code\":\"ok\"}"));
    auto c = client({server.url()});
    QueryReply *reply = c->query(filter);
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), ClientError::Validation);
    QCOMPARE(reply->code(), QStringLiteral("validation"));
    QVERIFY2(reply->errorString().endsWith(message), qPrintable(reply->errorString()));
    QVERIFY2(reply->field().startsWith(field), qPrintable(reply->field()));
    QCOMPARE(reply->attempts(), 0);
    QCOMPARE(server.requests().size(), 0);
}

void TstStellMapClient::writes()
{
    auto c = client({m_devd.url()});
    RegisterRequest request = makeRegister(
        QStringLiteral("writes"), QStringLiteral("company.ops.tools.cli.api"),
        QStringLiteral(" w1 "), QStringLiteral("az9"), {{QStringLiteral("k"), QStringLiteral("v")}},
        {endpoint(QStringLiteral("http"), 1234)});
    request.leaseTtlSeconds = 45;
    WriteReply *registered = c->registerInstance(request);
    QVERIFY(waitFinished(registered));
    QCOMPARE(registered->code(), QStringLiteral("ok"));
    QCOMPARE(registered->serverMessage(), QStringLiteral("instance registered"));
    QCOMPARE(registered->httpStatus(), 200);
    QCOMPARE(registered->server(), m_devd.url());

    QueryFilter filter;
    filter.namespaceName = QStringLiteral("writes");
    QueryReply *query = c->query(filter);
    QVERIFY(waitFinished(query));
    QCOMPARE(query->instances().size(), 1);
    const Instance stored = query->instances().first();
    QCOMPARE(stored.key.instanceId, QStringLiteral("w1")); // trimmed like the server does
    QCOMPARE(stored.key.service.role, QStringLiteral("api"));
    QCOMPARE(stored.leaseTtlSeconds, 45);
    QCOMPARE(stored.endpoints.first().weight, 100);

    HeartbeatRequest heartbeat;
    heartbeat.key = stored.key;
    heartbeat.leaseTtlSeconds = 60;
    WriteReply *renewed = c->heartbeat(heartbeat);
    QVERIFY(waitFinished(renewed));
    QCOMPARE(renewed->code(), QStringLiteral("ok"));
    QCOMPARE(renewed->serverMessage(), QStringLiteral("heartbeat accepted"));

    DeregisterRequest deregister;
    deregister.key = stored.key;
    WriteReply *removed = c->deregisterInstance(deregister);
    QVERIFY(waitFinished(removed));
    QCOMPARE(removed->serverMessage(), QStringLiteral("instance deregistered"));

    WriteReply *missing = c->heartbeat(heartbeat);
    QVERIFY(waitFinished(missing));
    QCOMPARE(missing->error(), ClientError::Rejected);
    QCOMPARE(missing->code(), QStringLiteral("not_found"));
    QCOMPARE(missing->errorString(), QStringLiteral("instance not found"));
    QCOMPARE(missing->httpStatus(), 404);
    QCOMPARE(missing->attempts(), 1);

    // Deregistering what is gone still succeeds, as on the real server.
    WriteReply *again = c->deregisterInstance(deregister);
    QVERIFY(waitFinished(again));
    QCOMPARE(again->error(), ClientError::NoError);
}

void TstStellMapClient::invalidWriteSendsNothing_data()
{
    QTest::addColumn<RegisterRequest>("request");
    QTest::addColumn<QString>("expected");
    const auto base = [] {
        return makeRegister(QStringLiteral("prod"), QStringLiteral("svc"), QStringLiteral("i"), {},
                            {}, {endpoint(QStringLiteral("http"), 80)});
    };
    RegisterRequest r = base();
    r.endpoints.clear();
    QTest::newRow("no endpoint") << r << "endpoints: at least one endpoint is required";
    r = base();
    r.endpoints.first().port = 70000;
    QTest::newRow("port") << r << "endpoints[0].port: endpoint port must be within 1..65535";
    r = base();
    r.key.instanceId = QStringLiteral("  ");
    QTest::newRow("blank id") << r << "instanceId: namespace, service and instanceId are required";
    r = base();
    r.leaseTtlSeconds = -1;
    QTest::newRow("ttl") << r
                         << "leaseTtlSeconds: leaseTtlSeconds must be greater than or equal to 0";
}

void TstStellMapClient::invalidWriteSendsNothing()
{
    QFETCH(RegisterRequest, request);
    QFETCH(QString, expected);
    FakeHttpServer server;
    QVERIFY(server.listen());
    auto c = client({server.url()});
    WriteReply *reply = c->registerInstance(request);
    QSignalSpy spy(reply, &StellMapReply::finished);
    QCOMPARE(spy.size(), 0); // never inside the call
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), ClientError::Validation);
    QCOMPARE(reply->errorString(), expected);
    QCOMPARE(server.requests().size(), 0);
}

void TstStellMapClient::health()
{
    DevdProcess devd;
    QVERIFY2(devd.start({}, 2), qPrintable(devd.errorText()));
    auto c = client({devd.url(1), devd.url(2)});
    for (int node = 1; node <= 2; ++node) {
        HealthReply *reply = c->health(node - 1);
        QVERIFY(waitFinished(reply));
        QCOMPARE(reply->error(), ClientError::NoError);
        QCOMPARE(reply->health().status, QStringLiteral("ok"));
        QCOMPARE(reply->health().localNodeId, quint64(node));
        QCOMPARE(reply->health().leaderId, quint64(1));
        QCOMPARE(reply->health().leaderAddr, devd.address(1));
    }
    QCOMPARE(c->knownLeader(), QUrl()); // a health check says nothing about who takes writes
    HealthReply *none = c->health(2);
    QVERIFY(waitFinished(none));
    QCOMPARE(none->error(), ClientError::Validation);
}

void TstStellMapClient::followsLeaderFromFollower_data()
{
    QTest::addColumn<int>("leader");
    QTest::addColumn<QList<int>>("configured");
    QTest::newRow("follower only") << 1 << QList<int>{2};
    QTest::newRow("follower first") << 1 << QList<int>{3, 2, 1};
    QTest::newRow("leader is the last node") << 3 << QList<int>{1};
}

void TstStellMapClient::followsLeaderFromFollower()
{
    QFETCH(int, leader);
    QFETCH(QList<int>, configured);
    DevdProcess devd;
    QVERIFY2(devd.start({QStringLiteral("--leader"), QString::number(leader)}, 3),
             qPrintable(devd.errorText()));
    QList<QUrl> servers;
    for (int node : configured) {
        servers.append(devd.url(node));
    }
    auto c = client(servers, 10000, QStringLiteral("secret-token"));
    RegisterRequest request =
        makeRegister(QStringLiteral("prod"), QStringLiteral("svc"), QStringLiteral("i1"), {}, {},
                     {endpoint(QStringLiteral("http"), 80)});
    QElapsedTimer timer;
    timer.start();
    WriteReply *reply = c->registerInstance(request);
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), ClientError::NoError);
    QCOMPARE(reply->attempts(), 2); // the follower, then the leader it named
    QCOMPARE(reply->server(), devd.url(leader));
    QCOMPARE(c->knownLeader(), devd.url(leader));
    qInfo("write via a follower took %lld ms", qint64(timer.elapsed()));

    // The next write goes straight to the leader; so does a heartbeat.
    HeartbeatRequest heartbeat;
    heartbeat.key = request.key;
    WriteReply *renewed = c->heartbeat(heartbeat);
    QVERIFY(waitFinished(renewed));
    QCOMPARE(renewed->error(), ClientError::NoError);
    QCOMPARE(renewed->attempts(), 1);

    // A fresh client sends a heartbeat to the follower first and follows too.
    auto fresh = client(servers);
    WriteReply *followed = fresh->heartbeat(heartbeat);
    QVERIFY(waitFinished(followed));
    QCOMPARE(followed->error(), ClientError::NoError);
    QCOMPARE(followed->server(), devd.url(leader));
}

void TstStellMapClient::deadFirstServerFailsOver()
{
    auto c = client({FakeHttpServer::localUrl(FakeHttpServer::closedPort()), m_devd.url()});
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("prod");
    QElapsedTimer timer;
    timer.start();
    QueryReply *reply = c->query(filter);
    QVERIFY(waitFinished(reply));
    const qint64 failoverMs = timer.elapsed();
    QCOMPARE(reply->error(), ClientError::NoError);
    QCOMPARE(reply->attempts(), 2);
    QCOMPARE(reply->server(), m_devd.url());
    QCOMPARE(c->preferredReadServer(), m_devd.url());
    qInfo("query fail-over past a refused server took %lld ms", failoverMs);

    QueryReply *second = c->query(filter);
    QVERIFY(waitFinished(second));
    QCOMPARE(second->attempts(), 1); // remembered which node answered

    // A write is safe to send on: a refused connection sent nothing.
    auto writer = client({FakeHttpServer::localUrl(FakeHttpServer::closedPort()), m_devd.url()});
    WriteReply *write = writer->registerInstance(
        makeRegister(QStringLiteral("failover"), QStringLiteral("svc"), QStringLiteral("i"), {}, {},
                     {endpoint(QStringLiteral("http"), 80)}));
    QVERIFY(waitFinished(write));
    QCOMPARE(write->error(), ClientError::NoError);
    QCOMPARE(write->attempts(), 2);

    // Every server down: a clear "unavailable" naming the last one.
    auto down = client({FakeHttpServer::localUrl(FakeHttpServer::closedPort())});
    QueryReply *failed = down->query(filter);
    QVERIFY(waitFinished(failed));
    QCOMPARE(failed->error(), ClientError::Unavailable);
    QCOMPARE(failed->code(), QStringLiteral("unavailable"));
    QVERIFY2(failed->errorString().contains(QLatin1String("refused")),
             qPrintable(failed->errorString()));
}

void TstStellMapClient::silentServerTimesOut()
{
    FakeHttpServer silent;
    QVERIFY(silent.listen());
    silent.setSilent();
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("prod");

    auto alone = client({silent.url()}, 1000);
    QElapsedTimer timer;
    timer.start();
    QueryReply *reply = alone->query(filter);
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), ClientError::Unavailable);
    QCOMPARE(reply->code(), QStringLiteral("timeout"));
    QVERIFY2(reply->errorString().contains(QLatin1String("no answer from")),
             qPrintable(reply->errorString()));
    QVERIFY(timer.elapsed() < 5000);

    // A read gives the silent node its share of the deadline, then asks the next.
    auto pair = client({silent.url(), m_devd.url()}, 4000);
    timer.restart();
    QueryReply *failover = pair->query(filter);
    QVERIFY(waitFinished(failover));
    QCOMPARE(failover->error(), ClientError::NoError);
    QCOMPARE(failover->server(), m_devd.url());
    qInfo("query fail-over past a silent server took %lld ms (deadline 4 s)",
          qint64(timer.elapsed()));
}

void TstStellMapClient::silentServerNeverGetsWriteTwice()
{
    FakeHttpServer silent;
    QVERIFY(silent.listen());
    silent.setSilent();
    auto c = client({silent.url(), m_devd.url()}, 1000);
    WriteReply *reply = c->registerInstance(
        makeRegister(QStringLiteral("lost"), QStringLiteral("svc"), QStringLiteral("i"), {}, {},
                     {endpoint(QStringLiteral("http"), 80)}));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), ClientError::Unavailable);
    QCOMPARE(reply->code(), QStringLiteral("timeout"));
    QVERIFY(reply->maybeApplied());
    QVERIFY2(reply->errorString().contains(QLatin1String("may have been applied")),
             qPrintable(reply->errorString()));
    QCOMPARE(reply->attempts(), 1);
    QCOMPARE(silent.requests().size(), 1);

    QueryFilter filter;
    filter.namespaceName = QStringLiteral("lost");
    auto reader = client({m_devd.url()});
    QueryReply *query = reader->query(filter);
    QVERIFY(waitFinished(query));
    QCOMPARE(query->instances().size(), 0); // the second server never got it
}

void TstStellMapClient::nonJsonAnswers_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<int>("error");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("text");
    QTest::newRow("HTML 502 from a proxy")
        << FakeHttpServer::response(502, "Bad Gateway", "text/html",
                                    "<html><head><title>502 Bad Gateway</title></head>"
                                    "<body><h1>502 Bad Gateway</h1><hr>nginx</body></html>")
        << int(ClientError::Unavailable) << "http_502"
        << "502 Bad Gateway";
    QTest::newRow("plain-text 503")
        << FakeHttpServer::response(503, "Service Unavailable", "text/plain", "upstream down\n")
        << int(ClientError::Unavailable) << "http_503"
        << "upstream down";
    QTest::newRow("plain-text 404 from a proxy")
        << FakeHttpServer::response(404, "Not Found", "text/plain", "404 page not found\n")
        << int(ClientError::Rejected) << "http_404"
        << "404 page not found";
    QTest::newRow("garbage with 200")
        << FakeHttpServer::response(200, "OK", "application/json", "\x01\x02garbage{")
        << int(ClientError::Unavailable) << "invalid_response"
        << "garbage";
    QTest::newRow("JSON without an envelope")
        << FakeHttpServer::response(200, "OK", "application/json", "[1,2,3]")
        << int(ClientError::Unavailable) << "invalid_response"
        << "[1,2,3]";
    QTest::newRow("data of the wrong type")
        << FakeHttpServer::response(200, "OK", "application/json",
                                    "{\"code\":\"ok\",\"data\":{\"x\":1}}")
        << int(ClientError::Unavailable) << "invalid_response"
        << "not an array";
    QTest::newRow("server error envelope")
        << FakeHttpServer::response(500, "Internal Server Error", "application/json",
                                    "{\"code\":\"scan_failed\",\"message\":\"disk on fire\","
                                    "\"requestId\":\"r-1\"}")
        << int(ClientError::Unavailable) << "scan_failed"
        << "disk on fire";
    QTest::newRow("unauthorized envelope")
        << FakeHttpServer::response(401, "Unauthorized", "application/json",
                                    "{\"code\":\"unauthorized\",\"message\":\"missing token\"}")
        << int(ClientError::Rejected) << "unauthorized"
        << "missing token";
}

void TstStellMapClient::nonJsonAnswers()
{
    QFETCH(QByteArray, response);
    QFETCH(int, error);
    QFETCH(QString, code);
    QFETCH(QString, text);
    FakeHttpServer server;
    QVERIFY(server.listen());
    server.setResponse(response);
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("prod");
    auto alone = client({server.url()});
    QueryReply *reply = alone->query(filter);
    QVERIFY(waitFinished(reply));
    QCOMPARE(int(reply->error()), error);
    QCOMPARE(reply->code(), code);
    QVERIFY2(reply->errorString().contains(text), qPrintable(reply->errorString()));
    QCOMPARE(reply->httpStatus(), response.mid(9, 3).toInt());
    if (code.startsWith(QLatin1String("http_"))) {
        QVERIFY(response.endsWith(reply->rawBody()));
        QVERIFY(!reply->rawBody().isEmpty());
    }

    // A read takes a server fault (not a 4xx) to the next server.
    auto pair = client({server.url(), m_devd.url()});
    QueryReply *second = pair->query(filter);
    QVERIFY(waitFinished(second));
    if (error == int(ClientError::Rejected)) {
        QCOMPARE(second->code(), code);
    } else {
        QCOMPARE(second->error(), ClientError::NoError);
        QCOMPARE(second->server(), m_devd.url());
    }
}

void TstStellMapClient::serverErrorOnWriteIsNotResent()
{
    FakeHttpServer server;
    QVERIFY(server.listen());
    server.setResponse(FakeHttpServer::response(
        500, "Internal Server Error", "application/json",
        "{\"code\":\"propose_failed\",\"message\":\"raft: proposal dropped\"}"));
    auto c = client({server.url(), m_devd.url()});
    WriteReply *reply = c->registerInstance(makeRegister(QStringLiteral("p"), QStringLiteral("svc"),
                                                         QStringLiteral("i"), {}, {},
                                                         {endpoint(QStringLiteral("http"), 80)}));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), ClientError::Unavailable);
    QCOMPARE(reply->code(), QStringLiteral("propose_failed"));
    QVERIFY(reply->maybeApplied());
    QCOMPARE(reply->attempts(), 1);
}

void TstStellMapClient::leaderlessFailsWithNoLeader()
{
    DevdProcess devd;
    QVERIFY2(devd.start({QStringLiteral("--leader"), QStringLiteral("0")}, 2),
             qPrintable(devd.errorText()));
    auto c = client({devd.url(1), devd.url(2)}, 1500);
    QElapsedTimer timer;
    timer.start();
    WriteReply *reply = c->registerInstance(makeRegister(QStringLiteral("p"), QStringLiteral("svc"),
                                                         QStringLiteral("i"), {}, {},
                                                         {endpoint(QStringLiteral("http"), 80)}));
    QVERIFY(waitFinished(reply));
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(reply->error(), ClientError::Unavailable);
    QCOMPARE(reply->code(), QStringLiteral("no_leader"));
    QVERIFY2(reply->errorString().startsWith(QLatin1String("no leader")),
             qPrintable(reply->errorString()));
    QVERIFY(!reply->maybeApplied());
    QVERIFY2(reply->attempts() >= 4, qPrintable(QString::number(reply->attempts())));
    QVERIFY2(elapsed >= 1400 && elapsed < 4000, qPrintable(QString::number(elapsed)));
    qInfo("leaderless write gave up after %lld ms, %d attempts", elapsed, reply->attempts());

    // Reads still work without a leader.
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("p");
    QueryReply *query = c->query(filter);
    QVERIFY(waitFinished(query));
    QCOMPARE(query->error(), ClientError::NoError);
}

void TstStellMapClient::leaderElectedWhileWriting()
{
    DevdProcess devd;
    QVERIFY2(devd.start({QStringLiteral("--leader"), QStringLiteral("0"),
                         QStringLiteral("--elect-after"), QStringLiteral("1")},
                        2),
             qPrintable(devd.errorText()));
    auto c = client({devd.url(2), devd.url(1)}, 8000);
    WriteReply *reply = c->registerInstance(makeRegister(QStringLiteral("p"), QStringLiteral("svc"),
                                                         QStringLiteral("i"), {}, {},
                                                         {endpoint(QStringLiteral("http"), 80)}));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), ClientError::NoError);
    QVERIFY(reply->attempts() > 2);
    QCOMPARE(reply->server(), devd.url(1));
    qInfo("write during an election succeeded after %d attempts", reply->attempts());
}

void TstStellMapClient::tokenGoesToConfiguredServer()
{
    FakeHttpServer server;
    QVERIFY(server.listen());
    server.setResponse(
        FakeHttpServer::response(200, "OK", "application/json", "{\"code\":\"ok\",\"data\":[]}"));
    auto c = client({server.url()}, 10000, QStringLiteral("s3cr3t"));
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("prod");
    QueryReply *reply = c->query(filter);
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), ClientError::NoError);
    QCOMPARE(server.requests().size(), 1);
    QCOMPARE(server.header(0, "Authorization"), QByteArray("Bearer s3cr3t"));

    auto anonymous = client({server.url()});
    QVERIFY(waitFinished(anonymous->query(filter)));
    QCOMPARE(server.header(1, "Authorization"), QByteArray());
}

void TstStellMapClient::tokenNotLeakedOnRedirect()
{
    FakeHttpServer elsewhere;
    QVERIFY(elsewhere.listen(QHostAddress(QStringLiteral("127.0.0.2"))));
    elsewhere.setResponse(
        FakeHttpServer::response(200, "OK", "application/json", "{\"code\":\"ok\",\"data\":[]}"));
    FakeHttpServer redirecting;
    QVERIFY(redirecting.listen());
    const QByteArray target = elsewhere.url().toEncoded() + "/api/v1/registry/instances";
    redirecting.setResponse(FakeHttpServer::response(307, "Temporary Redirect", "text/plain",
                                                     "moved", {"Location: " + target}));
    auto c = client({redirecting.url()}, 3000, QStringLiteral("s3cr3t"));
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("prod");
    QueryReply *reply = c->query(filter);
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), ClientError::Unavailable);
    QCOMPARE(reply->code(), QStringLiteral("redirect"));
    QVERIFY2(reply->errorString().contains(QString::fromUtf8(target)),
             qPrintable(reply->errorString()));
    QVERIFY(!reply->errorString().contains(QLatin1String("s3cr3t")));
    QCOMPARE(redirecting.header(0, "Authorization"), QByteArray("Bearer s3cr3t"));
    QCOMPARE(elsewhere.requests().size(), 0);
}

void TstStellMapClient::tokenNotSentToLeaderOnOtherHost()
{
    // 127.0.0.2 is loopback too, but not a configured host (no name lookup needed).
    FakeHttpServer leader;
    QVERIFY(leader.listen(QHostAddress(QStringLiteral("127.0.0.2"))));
    leader.setResponse(FakeHttpServer::response(
        200, "OK", "application/json", "{\"code\":\"ok\",\"message\":\"instance registered\"}"));
    FakeHttpServer follower;
    QVERIFY(follower.listen());
    const QByteArray leaderAddr = "127.0.0.2:" + QByteArray::number(leader.port());
    follower.setResponse(FakeHttpServer::response(
        503, "Service Unavailable", "application/json",
        "{\"code\":\"not_leader\",\"message\":\"current node is not leader, leaderId=2 "
        "leaderAddr=" +
            leaderAddr + "\",\"leaderId\":2,\"leaderAddr\":\"" + leaderAddr + "\"}"));
    const RegisterRequest request =
        makeRegister(QStringLiteral("p"), QStringLiteral("svc"), QStringLiteral("i"), {}, {},
                     {endpoint(QStringLiteral("http"), 80)});

    // With a token, a leader on a host that is not configured is not contacted.
    auto withToken = client({follower.url()}, 1000, QStringLiteral("s3cr3t"));
    WriteReply *refused = withToken->registerInstance(request);
    QVERIFY(waitFinished(refused));
    QCOMPARE(refused->error(), ClientError::NotLeader);
    QCOMPARE(refused->code(), QStringLiteral("not_leader"));
    QVERIFY2(refused->errorString().contains(QString::fromUtf8(leaderAddr)),
             qPrintable(refused->errorString()));
    QCOMPARE(leader.requests().size(), 0);

    // Without one there is nothing to leak: the leader is followed.
    auto anonymous = client({follower.url()});
    WriteReply *followed = anonymous->registerInstance(request);
    QVERIFY(waitFinished(followed));
    QCOMPARE(followed->error(), ClientError::NoError);
    QCOMPARE(followed->server().host(), QStringLiteral("127.0.0.2"));
    QCOMPARE(leader.requests().size(), 1);
    QCOMPARE(leader.header(0, "Authorization"), QByteArray());
}

void TstStellMapClient::tlsIsVerified()
{
    if (!QSslSocket::supportsSsl()) {
        QSKIP("no TLS backend");
    }
    FakeHttpServer server;
    QVERIFY(server.listenTls(QFINDTESTDATA("fixtures/tls/server.pem"),
                             QFINDTESTDATA("fixtures/tls/server.key")));
    server.setResponse(
        FakeHttpServer::response(200, "OK", "application/json", "{\"code\":\"ok\",\"data\":[]}"));
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("prod");

    // A certificate from an unknown CA is refused, and the request never goes out.
    auto untrusted = client({server.url()}, 5000, QStringLiteral("s3cr3t"));
    QueryReply *refused = untrusted->query(filter);
    QVERIFY(waitFinished(refused));
    QCOMPARE(refused->error(), ClientError::Unavailable);
    QCOMPARE(refused->code(), QStringLiteral("tls"));
    QVERIFY2(refused->errorString().contains(QLatin1String("certificate")),
             qPrintable(refused->errorString()));
    QCOMPARE(server.requests().size(), 0);

    // Trusting the private CA (in addition to the system's) makes it work.
    ClientOptions options;
    options.servers = {server.url()};
    options.caFile = QFINDTESTDATA("fixtures/tls/test-ca.pem");
    QVERIFY(!options.validate());
    // Another manager: QNAM keys its connection cache by host and port, not TLS settings.
    QNetworkAccessManager network;
    StellMapClient trusted(options, &network);
    QueryReply *reply = trusted.query(filter);
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->errorString(), QString());
    QCOMPARE(server.requests().size(), 1);
}

void TstStellMapClient::finishesOnceOnAbort()
{
    FakeHttpServer silent;
    QVERIFY(silent.listen());
    silent.setSilent();
    auto c = client({silent.url()});
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("prod");
    QueryReply *reply = c->query(filter);
    QSignalSpy spy(reply, &StellMapReply::finished);
    QTRY_COMPARE(silent.requests().size(), 1);
    reply->abort();
    QCOMPARE(spy.size(), 1);
    QCOMPARE(reply->error(), ClientError::Aborted);
    QCOMPARE(reply->code(), QStringLiteral("aborted"));
    reply->abort();
    QCoreApplication::processEvents(); // a second, queued emission would run here
    QCOMPARE(spy.size(), 1);

    // Aborted before it even started: nothing is sent, and nothing changes afterwards.
    WriteReply *write = c->registerInstance(makeRegister(QStringLiteral("p"), QStringLiteral("svc"),
                                                         QStringLiteral("i"), {}, {},
                                                         {endpoint(QStringLiteral("http"), 80)}));
    QSignalSpy writeSpy(write, &StellMapReply::finished);
    write->abort();
    QCOMPARE(writeSpy.size(), 1);
    QCoreApplication::processEvents(); // the queued start() runs here: it must not send
    QCOMPARE(write->attempts(), 0);
    QCOMPARE(write->code(), QStringLiteral("aborted"));
    QCOMPARE(silent.requests().size(), 1);
}

void TstStellMapClient::finishesOnceWhenClientDestroyed()
{
    FakeHttpServer silent;
    QVERIFY(silent.listen());
    silent.setSilent();
    auto c = client({silent.url()});
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("prod");
    QueryReply *pending = c->query(filter);
    QueryReply *refused = c->query(QueryFilter()); // finished, signal still queued
    int pendingFinished = 0;
    int refusedFinished = 0;
    ClientError pendingError = ClientError::NoError;
    connect(pending, &StellMapReply::finished, this, [&] {
        ++pendingFinished;
        pendingError = pending->error();
    });
    connect(refused, &StellMapReply::finished, this, [&] { ++refusedFinished; });
    QTRY_COMPARE(silent.requests().size(), 1);
    c.reset();
    QCOMPARE(pendingFinished, 1);
    QCOMPARE(pendingError, ClientError::Aborted);
    QCOMPARE(refusedFinished, 1);
    QCoreApplication::processEvents(); // a second, queued emission would run here
    QCOMPARE(pendingFinished, 1);
    QCOMPARE(refusedFinished, 1);
}

void TstStellMapClient::invalidOptionsSendNothing()
{
    ClientOptions options;
    QVERIFY(options.validate().isError());
    ValidationError error;
    QCOMPARE(
        ClientOptions::parseServers({QStringLiteral("10.0.0.1:8080, https://a.example")}, &error),
        (QList<QUrl>{QUrl(QStringLiteral("http://10.0.0.1:8080")),
                     QUrl(QStringLiteral("https://a.example"))}));
    QVERIFY(!error);
    options.servers = {QUrl(QStringLiteral("ftp://x"))};
    QCOMPARE(options.validate().field, QStringLiteral("server"));
    options.servers = {QUrl(QStringLiteral("http://user:pw@x"))};
    QVERIFY(!options.validate().message.contains(QLatin1String("pw")));
    options.servers = {m_devd.url()};
    options.caFile = QStringLiteral("/nonexistent/ca.pem");
    QCOMPARE(options.validate().field, QStringLiteral("ca-file"));

    StellMapClient c(options, &m_network);
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("prod");
    QueryReply *reply = c.query(filter);
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), ClientError::Validation);
    QCOMPARE(reply->field(), QStringLiteral("ca-file"));
    QCOMPARE(reply->attempts(), 0);
}

QTEST_GUILESS_MAIN(TstStellMapClient)
#include "tst_stellmapclient.moc"
