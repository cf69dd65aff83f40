// stellmap-devd against its contract: a real process on free ports, spoken
// to over raw sockets so status lines, headers, framing and timing count.
// Expected texts are the real server's (checked against its handler code).
#include "devdprocess.h"
#include "rawhttp.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <sys/socket.h>

namespace {

QByteArray registerBody(const QByteArray &ns, const QByteArray &id, const QByteArray &extra = {},
                        const QByteArray &service = "company.trade.order.order-center.api")
{
    return "{\"namespace\":\"" + ns + "\",\"service\":\"" + service + "\",\"instanceId\":\"" + id +
           "\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"10.0.0.1\",\"port\":8080}]" +
           extra + "}";
}

QByteArray identityBody(const QByteArray &ns, const QByteArray &id, const QByteArray &extra = {})
{
    return "{\"namespace\":\"" + ns +
           "\",\"service\":\"company.trade.order.order-center.api\","
           "\"instanceId\":\"" +
           id + "\"" + extra + "}";
}

QByteArray maskTimes(QByteArray body)
{
    static const QRegularExpression times(
        QStringLiteral("\"(registeredAtUnix|lastHeartbeatUnix)\":\\d+"));
    return QString::fromUtf8(body).replace(times, QStringLiteral("\"\\1\":T")).toUtf8();
}

QJsonObject jsonObject(const QByteArray &data)
{
    return QJsonDocument::fromJson(data).object();
}

quint64 snapshotRevision(quint16 port, const QByteArray &ns)
{
    StreamClient stream(port, "/api/v1/registry/watch?namespace=" + ns);
    if (!QTest::qWaitFor([&] { return stream.eventCount("snapshot") == 1; }, 5000)) {
        return 0;
    }
    return stream.events().first().id.toULongLong();
}

} // namespace

class TstStellmapDevd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void routes_data();
    void routes();
    void answerReachesAClientThatHalfClosed();
    void registerQueryHeartbeatDeregister();
    void revisionsCountLikeARaftLog();
    void watchSnapshotThenLiveEvents();
    void watchResume_data();
    void watchResume();
    void watchHeadersWaitForFirstBytes();
    void watchKeepalive();
    void watchFilterTurnsNonMatchingChangesIntoDeletes();
    void nameWithSlashIsStoredButNeverWatched();
    void leaseExpiryDeletesAndNotifies();
    void slowWatcherIsDroppedWhileWritersGoOn();
    void followerAnswersNotLeader();
    void adminApiIsGuarded();
    void adminStatus();
    void leadershipTransferLikeRaft();
    void stateSurvivesKill9();
    void damagedStateFileIsRefusedAndLeftUntouched();
    void tornLastLineIsDropped();
    void serviceDiscovery();
    void optionErrors_data();
    void optionErrors();
    void helpDocumentsEveryOption();
    void demoRegistryIsPopulatedAndAlive();

private:
    DevdProcess m_devd;
};

void TstStellmapDevd::initTestCase()
{
    QVERIFY2(m_devd.start({QStringLiteral("--sd-token"), QStringLiteral("s3cret"),
                           QStringLiteral("--cleanup-interval"), QStringLiteral("0.2")}),
             qPrintable(m_devd.errorText()));
}

void TstStellmapDevd::routes_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("extraHeader"); // "Name: value" that must be present

    const QByteArray json = "application/json";
    const QByteArray text = "text/plain; charset=utf-8";
    const auto post = [](const QByteArray &path, const QByteArray &body) {
        return RawHttp::request("POST", path, body, {}, true);
    };
    const auto get = [](const QByteArray &target) { return RawHttp::request("GET", target); };
    const QByteArray reg = "/api/v1/registry/register";

    QTest::newRow("unknown path") << get("/nope") << 404 << text
                                  << QByteArray("404 page not found\n") << QByteArray();
    QTest::newRow("trailing slash is another path")
        << get("/api/v1/registry/instances/") << 404 << text << QByteArray("404 page not found\n")
        << QByteArray();
    QTest::newRow("escaped slash does not split a segment")
        << get("/api/v1/registry%2Finstances") << 404 << text << QByteArray("404 page not found\n")
        << QByteArray();
    QTest::newRow("unclean path redirects")
        << get("/api//v1/registry/instances?namespace=a") << 301
        << QByteArray("text/html; charset=utf-8")
        << QByteArray(
               "<a href=\"/api/v1/registry/instances?namespace=a\">Moved Permanently</a>.\n\n")
        << QByteArray("Location: /api/v1/registry/instances?namespace=a");
    QTest::newRow("GET on register is 405")
        << get(reg) << 405 << text << QByteArray("method not allowed\n")
        << QByteArray("Allow: POST");
    QTest::newRow("DELETE on instances is 405")
        << RawHttp::request("DELETE", "/api/v1/registry/instances") << 405 << text
        << QByteArray("method not allowed\n") << QByteArray("Allow: GET");
    QTest::newRow("healthz answers any method")
        << RawHttp::request("PATCH", "/healthz") << 200 << json
        << QByteArray("{\"code\":\"ok\",\"data\":{\"status\":\"ok\",\"leaderId\":1,\"localNodeId\":"
                      "1,\"leaderAddr\":\"ADDR\"}}\n")
        << QByteArray();
    QTest::newRow("readyz") << get("/readyz") << 200 << json
                            << QByteArray(
                                   "{\"code\":\"ok\",\"data\":{\"status\":\"ready\",\"leaderId\":1,"
                                   "\"localNodeId\":1,\"leaderAddr\":\"ADDR\"}}\n")
                            << QByteArray();
    QTest::newRow("empty body") << post(reg, "") << 400 << json
                                << QByteArray("{\"code\":\"bad_request\",\"message\":\"EOF\"}\n")
                                << QByteArray();
    QTest::newRow("unknown field")
        << post(reg, "{\"foo\":1}") << 400 << json
        << QByteArray(
               "{\"code\":\"bad_request\",\"message\":\"json: unknown field \\\"foo\\\"\"}\n")
        << QByteArray();
    QTest::newRow("wrong type deep")
        << post(reg, "{\"endpoints\":[{\"port\":\"80\"}]}") << 400 << json
        << QByteArray("{\"code\":\"bad_request\",\"message\":\"json: cannot unmarshal string into "
                      "Go struct field Endpoint.Endpoints.port of type int32\"}\n")
        << QByteArray();
    QTest::newRow("BOM is a syntax error")
        << post(reg, "\xEF\xBB\xBF{}") << 400 << json
        << QByteArray("{\"code\":\"bad_request\",\"message\":\"invalid character '\xC3\xAF' "
                      "looking for beginning of value\"}\n")
        << QByteArray();
    QTest::newRow("service mismatch quotes like Go")
        << post(reg, "{\"service\":\"a.b.c.d.e\",\"organization\":\"x\\\"y\"}") << 400 << json
        << QByteArray("{\"code\":\"bad_request\",\"message\":\"service \\\"a.b.c.d.e\\\" does not "
                      "match structured service identity \\\"x\\\\\\\"y.b.c.d.e\\\"\"}\n")
        << QByteArray();
    QTest::newRow("no endpoint")
        << post(reg, "{\"namespace\":\"n\",\"service\":\"s\",\"instanceId\":\"i\"}") << 400 << json
        << QByteArray(
               "{\"code\":\"bad_request\",\"message\":\"at least one endpoint is required\"}\n")
        << QByteArray();
    QTest::newRow("endpoints before identity")
        << post(reg, "{\"service\":\"s\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\","
                     "\"port\":1}]}")
        << 400 << json
        << QByteArray("{\"code\":\"bad_request\",\"message\":\"namespace, service and instanceId "
                      "are required\"}\n")
        << QByteArray();
    QTest::newRow("heartbeat of unknown instance")
        << post("/api/v1/registry/heartbeat", identityBody("routes", "nope")) << 404 << json
        << QByteArray("{\"code\":\"not_found\",\"message\":\"instance not found\"}\n")
        << QByteArray();
    QTest::newRow("deregister of unknown instance succeeds")
        << post("/api/v1/registry/deregister", identityBody("routes", "nope")) << 200 << json
        << QByteArray("{\"code\":\"ok\",\"message\":\"instance deregistered\"}\n") << QByteArray();
    QTest::newRow("query without namespace")
        << get("/api/v1/registry/instances?namespace=prod;x=1") << 400 << json
        << QByteArray("{\"code\":\"bad_request\",\"message\":\"namespace is required\"}\n")
        << QByteArray();
    QTest::newRow("query hierarchy gap before limit")
        << get("/api/v1/registry/instances?namespace=n&limit=x&organization=a&capabilityDomain=c")
        << 400 << json
        << QByteArray("{\"code\":\"bad_request\",\"message\":\"service hierarchy filters must be "
                      "contiguous from organization to role\"}\n")
        << QByteArray();
    QTest::newRow("query limit is not trimmed")
        << get("/api/v1/registry/instances?namespace=n&limit=%205") << 400 << json
        << QByteArray("{\"code\":\"bad_request\",\"message\":\"strconv.Atoi: parsing \\\" 5\\\": "
                      "invalid syntax\"}\n")
        << QByteArray();
    QTest::newRow("query selector without parentheses")
        << get("/api/v1/registry/instances?namespace=n&selector=version+in+v2") << 400 << json
        << QByteArray("{\"code\":\"bad_request\",\"message\":\"invalid selector \\\"version in "
                      "v2\\\": expected values like (v1,v2); supported selector syntax: key, !key, "
                      "key=value, key!=value, key in (v1,v2), key notin (v1,v2); valid example: "
                      "selector=color=gray,version in (v2),!deprecated; invalid example: "
                      "selector=version in v2\"}\n")
        << QByteArray();
    QTest::newRow("query with no match")
        << get("/api/v1/registry/instances?namespace=empty-ns") << 200 << json
        << QByteArray("{\"code\":\"ok\",\"data\":[]}\n") << QByteArray();
    QTest::newRow("watch bad sinceRevision")
        << get("/api/v1/registry/watch?namespace=n&sinceRevision=-1") << 400 << json
        << QByteArray(
               "{\"code\":\"bad_request\",\"message\":\"invalid sinceRevision \\\"-1\\\"\"}\n")
        << QByteArray();
    QTest::newRow("watch bad includeSnapshot")
        << get("/api/v1/registry/watch?namespace=n&includeSnapshot=yes") << 400 << json
        << QByteArray(
               "{\"code\":\"bad_request\",\"message\":\"invalid includeSnapshot \\\"yes\\\"\"}\n")
        << QByteArray();
    QTest::newRow("watch caller namespace alone")
        << get("/api/v1/registry/watch?namespace=n&callerNamespace=a") << 400 << json
        << QByteArray("{\"code\":\"bad_request\",\"message\":\"invalid caller identity: service is "
                      "required\"}\n")
        << QByteArray();
    QTest::newRow("watch caller from header")
        << RawHttp::request("GET", "/api/v1/registry/watch?namespace=n", {},
                            {"X-Caller-Service: a.b.c.d.e", "X-StellMap-Caller-Organization: z"})
        << 400 << json
        << QByteArray("{\"code\":\"bad_request\",\"message\":\"invalid caller identity: service "
                      "\\\"a.b.c.d.e\\\" does not match structured service identity "
                      "\\\"z.b.c.d.e\\\"\"}\n")
        << QByteArray();
    QTest::newRow("sd without token") << get("/internal/v1/prometheus/sd") << 401 << json
                                      << QByteArray("{\"code\":\"unauthorized\",\"message\":"
                                                    "\"missing or invalid prometheus sd token\"}\n")
                                      << QByteArray();
    QTest::newRow("replication watch needs a token")
        << get("/internal/v1/replication/watch?namespace=n") << 401 << json
        << QByteArray(
               "{\"code\":\"unauthorized\",\"message\":\"missing or invalid replication token\"}\n")
        << QByteArray();
    QTest::newRow("HTTP/1.1 without Host")
        << QByteArray("GET /healthz HTTP/1.1\r\n\r\n") << 400 << text
        << QByteArray("400 Bad Request: missing required Host header")
        << QByteArray("Connection: close");
    QTest::newRow("header value over 64 KiB is fine")
        << RawHttp::request("GET", "/readyz", {}, {"X-Big: " + QByteArray(100000, 'x')}) << 200
        << json
        << QByteArray("{\"code\":\"ok\",\"data\":{\"status\":\"ready\",\"leaderId\":1,"
                      "\"localNodeId\":1,\"leaderAddr\":\"ADDR\"}}\n")
        << QByteArray();
    QTest::newRow("headers over 1 MiB")
        << QByteArray("GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: " + QByteArray(1100000, 'x') +
                      "\r\n\r\n")
        << 431 << text << QByteArray("431 Request Header Fields Too Large")
        << QByteArray("Connection: close");
    QTest::newRow("unknown expectation")
        << RawHttp::request("POST", reg, "{}", {"Expect: 200-ok"}) << 417 << QByteArray()
        << QByteArray() << QByteArray("Connection: close");
    QTest::newRow("HTTP/2.0 request line")
        << QByteArray("GET /healthz HTTP/2.0\r\nHost: a\r\n\r\n") << 505 << text
        << QByteArray("505 HTTP Version Not Supported: unsupported protocol version")
        << QByteArray();
    QTest::newRow("unsupported transfer coding")
        << QByteArray("POST /api/v1/registry/register HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: "
                      "gzip\r\n\r\n")
        << 501 << text << QByteArray("Unsupported transfer encoding") << QByteArray();
    QTest::newRow("bare LF line endings, as Go reads them")
        << QByteArray("GET /readyz HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n") << 200 << json
        << QByteArray("{\"code\":\"ok\",\"data\":{\"status\":\"ready\",\"leaderId\":1,"
                      "\"localNodeId\":1,\"leaderAddr\":\"ADDR\"}}\n")
        << QByteArray();
    QTest::newRow("broken chunked body reaches the handler")
        << QByteArray("POST /api/v1/registry/register HTTP/1.1\r\nHost: "
                      "127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "zz\r\n{}\r\n0\r\n\r\n")
        << 400 << json
        << QByteArray("{\"code\":\"bad_request\",\"message\":\"invalid byte in chunk length\"}\n")
        << QByteArray("Connection: close");
    QTest::newRow("malformed request line")
        << QByteArray("GARBAGE\r\n\r\n") << 400 << text << QByteArray("400 Bad Request")
        << QByteArray("Connection: close");
}

void TstStellmapDevd::routes()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, extraHeader);

    const RawResponse response = RawHttp::exchange(m_devd.port(), request);
    QCOMPARE(response.status, status);
    QCOMPARE(response.header("Content-Type"), contentType);
    QCOMPARE(response.body, QByteArray(body).replace("ADDR", m_devd.address().toUtf8()));
    // Answers of a handler carry a Date; the server's own refusals of a bad request do not.
    QCOMPARE(response.headerCount("Date"), status < 500 && request.contains("Host: 127") ? 1 : 0);
    if (!extraHeader.isEmpty()) {
        const qsizetype colon = extraHeader.indexOf(':');
        QCOMPARE(response.header(extraHeader.left(colon)), extraHeader.mid(colon + 2));
    }
    if (contentType.startsWith("text/plain") && (status == 404 || status == 405)) {
        QCOMPARE(response.header("X-Content-Type-Options"), QByteArray("nosniff"));
    }
}

void TstStellmapDevd::answerReachesAClientThatHalfClosed()
{
    // Tools like `nc -N` send the request and shut their sending side at once.
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_devd.port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(socket.waitForBytesWritten(5000));
    ::shutdown(int(socket.socketDescriptor()), SHUT_WR);
    QByteArray answer;
    while (socket.waitForReadyRead(5000)) {
        answer += socket.readAll();
    }
    answer += socket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.constData());
}

void TstStellmapDevd::registerQueryHeartbeatDeregister()
{
    const quint16 port = m_devd.port();
    RawResponse response =
        RawHttp::post(port, "/api/v1/registry/register",
                      registerBody("flow", "i1",
                                   ",\"zone\":\" az1 \",\"labels\":{\" color \":\" gray "
                                   "\",\"\":\"dropped\",\"z\":\"<&>\"},"
                                   "\"metadata\":{\"sha\":\"abc\"},\"leaseTtlSeconds\":60"));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body, QByteArray("{\"code\":\"ok\",\"message\":\"instance registered\"}\n"));
    QCOMPARE(response.header("Content-Length"), QByteArray("46"));

    response = RawHttp::get(port, "/api/v1/registry/instances?namespace=flow");
    QCOMPARE(response.status, 200);
    QCOMPARE(
        maskTimes(response.body),
        QByteArray("{\"code\":\"ok\",\"data\":[{\"namespace\":\"flow\",\"service\":\"company.trade."
                   "order.order-center.api\","
                   "\"organization\":\"company\",\"businessDomain\":\"trade\",\"capabilityDomain\":"
                   "\"order\","
                   "\"application\":\"order-center\",\"role\":\"api\",\"instanceId\":\"i1\","
                   "\"zone\":\"az1\","
                   "\"labels\":{\"color\":\"gray\",\"z\":\"\\u003c\\u0026\\u003e\"},\"metadata\":{"
                   "\"sha\":\"abc\"},"
                   "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":\"10.0.0.1\","
                   "\"port\":8080,\"weight\":100}],"
                   "\"leaseTtlSeconds\":60,\"registeredAtUnix\":T,\"lastHeartbeatUnix\":T}]}\n"));

    response = RawHttp::post(port, "/api/v1/registry/heartbeat",
                             identityBody("flow", "i1", ",\"leaseTtlSeconds\":90"));
    QCOMPARE(response.body, QByteArray("{\"code\":\"ok\",\"message\":\"heartbeat accepted\"}\n"));
    response =
        RawHttp::get(port, "/api/v1/registry/instances?namespace=flow&endpoint=http&limit=1");
    QCOMPARE(jsonObject(response.body)
                 .value(QStringLiteral("data"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("leaseTtlSeconds"))
                 .toInt(),
             90);

    response = RawHttp::post(port, "/api/v1/registry/deregister", identityBody("flow", "i1"));
    QCOMPARE(response.body,
             QByteArray("{\"code\":\"ok\",\"message\":\"instance deregistered\"}\n"));
    response = RawHttp::get(port, "/api/v1/registry/instances?namespace=flow");
    QCOMPARE(response.body, QByteArray("{\"code\":\"ok\",\"data\":[]}\n"));
}

void TstStellmapDevd::revisionsCountLikeARaftLog()
{
    // A fresh two-node cluster: two membership entries and the leader's empty
    // entry. Every write takes one index, also one that makes no event.
    DevdProcess devd;
    QVERIFY2(devd.start({}, 2), qPrintable(devd.errorText()));
    QCOMPARE(snapshotRevision(devd.port(), "r"), quint64(3));
    QCOMPARE(
        RawHttp::post(devd.port(), "/api/v1/registry/register", registerBody("r", "a/b")).status,
        200);
    QCOMPARE(
        RawHttp::post(devd.port(), "/api/v1/registry/deregister", identityBody("r", "x")).status,
        200);
    QCOMPARE(snapshotRevision(devd.port(), "r"), quint64(5));
    QCOMPARE(snapshotRevision(devd.port(2), "r"), quint64(5));
}

void TstStellmapDevd::watchSnapshotThenLiveEvents()
{
    const quint16 port = m_devd.port();
    QCOMPARE(RawHttp::post(port, "/api/v1/registry/register", registerBody("live", "a")).status,
             200);
    StreamClient stream(port, "/api/v1/registry/watch?namespace=live");
    QTRY_COMPARE(stream.eventCount("snapshot"), 1);
    const RawResponse head = stream.response();
    QCOMPARE(head.status, 200);
    QCOMPARE(head.header("Content-Type"), QByteArray("text/event-stream"));
    QCOMPARE(head.header("Cache-Control"), QByteArray("no-cache"));
    QCOMPARE(head.header("Connection"), QByteArray("keep-alive"));
    QCOMPARE(head.header("X-Accel-Buffering"), QByteArray("no"));
    QCOMPARE(head.header("Transfer-Encoding"), QByteArray("chunked"));

    const auto snapshot = stream.events().first();
    const QJsonObject payload = jsonObject(snapshot.data);
    QCOMPARE(payload.value(QStringLiteral("type")).toString(), QStringLiteral("snapshot"));
    QCOMPARE(QByteArray::number(payload.value(QStringLiteral("revision")).toInteger()),
             snapshot.id);
    QCOMPARE(payload.value(QStringLiteral("instances")).toArray().size(), 1);

    QCOMPARE(RawHttp::post(port, "/api/v1/registry/heartbeat", identityBody("live", "a")).status,
             200);
    QCOMPARE(RawHttp::post(port, "/api/v1/registry/deregister", identityBody("live", "a")).status,
             200);
    QTRY_COMPARE(stream.eventCount(), 3);
    const auto events = stream.events();
    QCOMPARE(events.at(1).type, QByteArray("upsert"));
    QCOMPARE(events.at(2).type, QByteArray("delete"));
    QVERIFY(events.at(1).id.toULongLong() > snapshot.id.toULongLong());
    QVERIFY(events.at(2).id.toULongLong() > events.at(1).id.toULongLong());
    QCOMPARE(
        maskTimes(events.at(2).data),
        "{\"revision\":" + events.at(2).id +
            ",\"type\":\"delete\",\"namespace\":\"live\","
            "\"service\":\"company.trade.order.order-center.api\",\"organization\":\"company\","
            "\"businessDomain\":\"trade\",\"capabilityDomain\":\"order\",\"application\":\"order-"
            "center\","
            "\"role\":\"api\",\"instanceId\":\"a\"}");
}

void TstStellmapDevd::watchResume_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArrayList>("types"); // events expected right away

    // History keeps 4 events; writes below make revisions 3..12 (events for 5..12 kept: 9..12).
    QTest::newRow("covered: replay, no snapshot")
        << QByteArray("&sinceRevision=10") << 200 << QByteArrayList{"upsert", "upsert"};
    QTest::newRow("oldest-1 is still covered")
        << QByteArray("&sinceRevision=8") << 200
        << QByteArrayList{"upsert", "upsert", "upsert", "upsert"};
    QTest::newRow("expired: a fresh snapshot")
        << QByteArray("&sinceRevision=4") << 200 << QByteArrayList{"snapshot"};
    QTest::newRow("expired without snapshot: 410")
        << QByteArray("&sinceRevision=4&includeSnapshot=false") << 410 << QByteArrayList{};
    QTest::newRow("no revision, no snapshot: nothing yet")
        << QByteArray("&includeSnapshot=false") << 200 << QByteArrayList{};
}

void TstStellmapDevd::watchResume()
{
    QFETCH(QByteArray, query);
    QFETCH(int, status);
    QFETCH(QByteArrayList, types);

    DevdProcess devd;
    QVERIFY2(devd.start({QStringLiteral("--history"), QStringLiteral("4"),
                         QStringLiteral("--keepalive"), QStringLiteral("0.5")}),
             qPrintable(devd.errorText()));
    for (int i = 0; i < 10; ++i) { // revisions 3..12
        QCOMPARE(RawHttp::post(devd.port(), "/api/v1/registry/register",
                               registerBody("h", "i" + QByteArray::number(i)))
                     .status,
                 200);
    }
    if (status == 410) {
        const RawResponse response =
            RawHttp::get(devd.port(), "/api/v1/registry/watch?namespace=h" + query);
        QCOMPARE(response.status, 410);
        QCOMPARE(response.body, QByteArray("{\"code\":\"revision_expired\",\"message\":\"watch "
                                           "revision is no longer retained\"}\n"));
        QCOMPARE(response.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(response.header("Cache-Control"), QByteArray("no-cache"));
        return;
    }
    StreamClient stream(devd.port(), "/api/v1/registry/watch?namespace=h" + query);
    // The keepalive (every 0.5 s) marks the end of what was sent at once.
    QTRY_VERIFY(stream.data().contains(": keepalive"));
    QByteArrayList seen;
    for (const auto &event : stream.events()) {
        seen.append(event.type);
    }
    QCOMPARE(seen, types);
    if (!types.isEmpty() && types.first() == "snapshot") {
        QCOMPARE(stream.events().first().id, QByteArray("12"));
        QCOMPARE(jsonObject(stream.events().first().data)
                     .value(QStringLiteral("instances"))
                     .toArray()
                     .size(),
                 10);
    }
}

void TstStellmapDevd::watchHeadersWaitForFirstBytes()
{
    // A resume with nothing to replay sends no headers until there is
    // something to send: here the first keepalive.
    DevdProcess devd;
    QVERIFY2(devd.start({QStringLiteral("--keepalive"), QStringLiteral("1")}),
             qPrintable(devd.errorText()));
    QCOMPARE(
        RawHttp::post(devd.port(), "/api/v1/registry/register", registerBody("lazy", "a")).status,
        200);
    QElapsedTimer clock;
    clock.start();
    StreamClient stream(devd.port(), "/api/v1/registry/watch?namespace=lazy&sinceRevision=3");
    QTRY_VERIFY(!stream.data().isEmpty());
    const qint64 firstBytesAfter = clock.elapsed();
    QVERIFY2(firstBytesAfter >= 800,
             qPrintable(QStringLiteral("headers after %1 ms").arg(firstBytesAfter)));
    QVERIFY(stream.data().startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(stream.data().contains(": keepalive\n\n"));
}

void TstStellmapDevd::watchKeepalive()
{
    DevdProcess devd;
    QVERIFY2(devd.start({QStringLiteral("--keepalive"), QStringLiteral("0.3")}),
             qPrintable(devd.errorText()));
    StreamClient stream(devd.port(), "/api/v1/registry/watch?namespace=k");
    QTRY_VERIFY(stream.response().body.count(": keepalive\n\n") >= 2);
    QCOMPARE(stream.eventCount("snapshot"), 1);
}

void TstStellmapDevd::watchFilterTurnsNonMatchingChangesIntoDeletes()
{
    const quint16 port = m_devd.port();
    StreamClient stream(port,
                        "/api/v1/registry/watch?namespace=sel&selector=color%3Dgray&endpoint=grpc");
    QTRY_COMPARE(stream.eventCount("snapshot"), 1);
    const QByteArray grpc = ",\"labels\":{\"color\":\"gray\"},\"endpoints\":[{\"protocol\":"
                            "\"http\",\"host\":\"h\",\"port\":1},"
                            "{\"protocol\":\"grpc\",\"host\":\"h\",\"port\":2}]";
    QCOMPARE(RawHttp::post(port, "/api/v1/registry/register",
                           "{\"namespace\":\"sel\",\"service\":\"plain\",\"instanceId\":\"a\"" +
                               grpc + "}")
                 .status,
             200);
    QCOMPARE(RawHttp::post(port, "/api/v1/registry/register",
                           "{\"namespace\":\"sel\",\"service\":\"plain\",\"instanceId\":\"a\","
                           "\"labels\":{\"color\":\"red\"},"
                           "\"endpoints\":[{\"protocol\":\"grpc\",\"host\":\"h\",\"port\":2}]}")
                 .status,
             200);
    QCOMPARE(RawHttp::post(port, "/api/v1/registry/register", registerBody("other-ns", "x")).status,
             200);
    QTRY_COMPARE(stream.eventCount(), 3);
    const auto events = stream.events();
    QCOMPARE(events.at(1).type, QByteArray("upsert"));
    const QJsonObject upsert = jsonObject(events.at(1).data);
    // Only the endpoints the filter asked for; a plain name has no structured parts.
    QCOMPARE(upsert.value(QStringLiteral("instance"))
                 .toObject()
                 .value(QStringLiteral("endpoints"))
                 .toArray()
                 .size(),
             1);
    QVERIFY(!upsert.contains(QStringLiteral("organization")));
    QCOMPARE(events.at(2).type, QByteArray("delete"));
    QCOMPARE(jsonObject(events.at(2).data).value(QStringLiteral("instanceId")).toString(),
             QStringLiteral("a"));
}

void TstStellmapDevd::nameWithSlashIsStoredButNeverWatched()
{
    const quint16 port = m_devd.port();
    StreamClient stream(port, "/api/v1/registry/watch?namespace=slash");
    QTRY_COMPARE(stream.eventCount("snapshot"), 1);
    QCOMPARE(RawHttp::post(port, "/api/v1/registry/register", registerBody("slash", "a/b")).status,
             200);
    QCOMPARE(
        RawHttp::post(port, "/api/v1/registry/register", registerBody("slash", "plain")).status,
        200);
    QTRY_COMPARE(stream.eventCount(), 2);
    QCOMPARE(jsonObject(stream.events().at(1).data).value(QStringLiteral("instanceId")).toString(),
             QStringLiteral("plain"));
    const QJsonArray stored =
        jsonObject(RawHttp::get(port, "/api/v1/registry/instances?namespace=slash").body)
            .value(QStringLiteral("data"))
            .toArray();
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored.at(0).toObject().value(QStringLiteral("instanceId")).toString(),
             QStringLiteral("a/b"));
}

void TstStellmapDevd::leaseExpiryDeletesAndNotifies()
{
    const quint16 port = m_devd.port();
    StreamClient stream(port, "/api/v1/registry/watch?namespace=lease");
    QTRY_COMPARE(stream.eventCount("snapshot"), 1);
    QCOMPARE(RawHttp::post(port, "/api/v1/registry/register",
                           registerBody("lease", "short", ",\"leaseTtlSeconds\":1"))
                 .status,
             200);
    QTRY_COMPARE_WITH_TIMEOUT(stream.eventCount("delete"), 1, 5000);
    QCOMPARE(RawHttp::get(port, "/api/v1/registry/instances?namespace=lease").body,
             QByteArray("{\"code\":\"ok\",\"data\":[]}\n"));
    // Gone for good: a heartbeat now finds nothing.
    QCOMPARE(
        RawHttp::post(port, "/api/v1/registry/heartbeat", identityBody("lease", "short")).status,
        404);
}

void TstStellmapDevd::slowWatcherIsDroppedWhileWritersGoOn()
{
    const quint16 port = m_devd.port();
    StreamClient slow(port, "/api/v1/registry/watch?namespace=flood");
    QTRY_COMPARE(slow.eventCount("snapshot"), 1);
    slow.setPaused(true);
    const QByteArray padding(16 * 1024, 'x');
    const int writes = 800; // ~13 MB of events: more than loopback buffers and 128 queued events
    for (int i = 0; i < writes; ++i) {
        const RawResponse response =
            RawHttp::post(port, "/api/v1/registry/register",
                          registerBody("flood", "i" + QByteArray::number(i),
                                       ",\"metadata\":{\"pad\":\"" + padding + "\"}"));
        QCOMPARE(response.status, 200); // writers are never held up by the watcher
    }
    slow.setPaused(false);
    QTRY_VERIFY_WITH_TIMEOUT(slow.data().endsWith("0\r\n\r\n"), 20000); // the stream ended
    QVERIFY(slow.eventCount("upsert") < writes);
    QVERIFY(slow.eventCount("upsert") > 0);
}

void TstStellmapDevd::followerAnswersNotLeader()
{
    DevdProcess devd;
    QVERIFY2(devd.start({}, 2), qPrintable(devd.errorText()));
    const QByteArray expected = "{\"code\":\"not_leader\",\"message\":\"current node is not "
                                "leader, leaderId=1 leaderAddr=" +
                                devd.address(1).toUtf8() + "\",\"leaderId\":1,\"leaderAddr\":\"" +
                                devd.address(1).toUtf8() + "\"}\n";
    RawResponse response =
        RawHttp::post(devd.port(2), "/api/v1/registry/register", registerBody("f", "a"));
    QCOMPARE(response.status, 503);
    QCOMPARE(response.body, expected);
    // A follower validates first: a bad write gets its 400 there.
    response = RawHttp::post(devd.port(2), "/api/v1/registry/register", "{\"service\":\"s\"}");
    QCOMPARE(response.status, 400);
    // A heartbeat needs the leader's store: not_leader even for a missing instance.
    response =
        RawHttp::post(devd.port(2), "/api/v1/registry/heartbeat", identityBody("f", "missing"));
    QCOMPARE(response.body, expected);
    // Reads and watches are served by the follower from the same log.
    StreamClient stream(devd.port(2), "/api/v1/registry/watch?namespace=f");
    QTRY_COMPARE(stream.eventCount("snapshot"), 1);
    QCOMPARE(
        RawHttp::post(devd.port(1), "/api/v1/registry/register", registerBody("f", "a")).status,
        200);
    QTRY_COMPARE(stream.eventCount("upsert"), 1);
    QCOMPARE(jsonObject(RawHttp::get(devd.port(2), "/api/v1/registry/instances?namespace=f").body)
                 .value(QStringLiteral("data"))
                 .toArray()
                 .size(),
             1);
    response = RawHttp::get(devd.port(2), "/healthz");
    QCOMPARE(jsonObject(response.body)
                 .value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("localNodeId"))
                 .toInt(),
             2);
}

namespace {

QStringList adminArguments(const QString &gap = QStringLiteral("0"))
{
    return {QStringLiteral("--admin-listen"), QStringLiteral("127.0.0.1:0"),
            QStringLiteral("--admin-token"),  QStringLiteral("adm1n"),
            QStringLiteral("--election-gap"), gap};
}

RawResponse admin(quint16 port, const QByteArray &method, const QByteArray &path,
                  const QByteArray &body = {}, const QByteArray &token = "adm1n")
{
    QList<QByteArray> headers;
    if (!token.isEmpty()) {
        headers.append("Authorization: Bearer " + token);
    }
    return RawHttp::exchange(port, RawHttp::request(method, path, body, headers, method == "POST"));
}

} // namespace

void TstStellmapDevd::adminApiIsGuarded()
{
    DevdProcess devd;
    QVERIFY2(devd.start(adminArguments()), qPrintable(devd.errorText()));
    const QByteArray unauthorized =
        "{\"code\":\"unauthorized\",\"message\":\"missing or invalid admin token\"}\n";
    QCOMPARE(admin(devd.adminPort(), "GET", "/admin/v1/status", {}, {}).body, unauthorized);
    QCOMPARE(admin(devd.adminPort(), "GET", "/admin/v1/status", {}, "wrong").status, 401);
    // The guard comes before routing.
    QCOMPARE(admin(devd.adminPort(), "GET", "/nope", {}, {}).status, 401);
    QCOMPARE(admin(devd.adminPort(), "GET", "/nope").status, 404);
    QCOMPARE(admin(devd.adminPort(), "GET", "/admin/v1/leader/transfer").status, 405);
    QCOMPARE(
        admin(devd.adminPort(), "POST", "/admin/v1/leader/transfer", "{\"targetNodeId\":-1}").body,
        QByteArray("{\"code\":\"bad_request\",\"message\":\"json: cannot unmarshal number -1 into "
                   "Go struct "
                   "field LeaderTransferRequestDTO.targetNodeId of type uint64\"}\n"));
    QCOMPARE(admin(devd.adminPort(), "POST", "/admin/v1/leader/transfer", "{}").body,
             QByteArray("{\"code\":\"bad_request\",\"message\":\"targetNodeId is required\"}\n"));
    QByteArray err;
    QCOMPARE(DevdProcess::runToExit(
                 {QStringLiteral("--admin-listen"), QStringLiteral("127.0.0.1:0")}, nullptr, &err),
             2);
    QVERIFY2(err.contains("--admin-token"), err.constData());
}

void TstStellmapDevd::adminStatus()
{
    DevdProcess devd;
    QVERIFY2(devd.start(adminArguments(), 2), qPrintable(devd.errorText()));
    const QJsonObject leader = jsonObject(admin(devd.adminPort(1), "GET", "/admin/v1/status").body)
                                   .value(QStringLiteral("data"))
                                   .toObject();
    QCOMPARE(leader.value(QStringLiteral("role")).toString(), QStringLiteral("leader"));
    QCOMPARE(leader.value(QStringLiteral("leaderId")).toInt(), 1);
    QCOMPARE(leader.value(QStringLiteral("term")).toInt(), 2);
    QCOMPARE(leader.value(QStringLiteral("appliedIndex")).toInt(), 3);
    QCOMPARE(leader.value(QStringLiteral("voters")).toArray(), QJsonArray({1, 2}));
    QCOMPARE(
        leader.value(QStringLiteral("httpAddrs")).toObject().value(QStringLiteral("2")).toString(),
        devd.address(2));
    const QJsonObject follower =
        jsonObject(admin(devd.adminPort(2), "GET", "/admin/v1/status").body)
            .value(QStringLiteral("data"))
            .toObject();
    QCOMPARE(follower.value(QStringLiteral("role")).toString(), QStringLiteral("follower"));
    QCOMPARE(follower.value(QStringLiteral("localNodeId")).toInt(), 2);
}

void TstStellmapDevd::leadershipTransferLikeRaft()
{
    DevdProcess devd;
    QVERIFY2(devd.start(adminArguments(QStringLiteral("0.5")), 2), qPrintable(devd.errorText()));
    const QByteArray toNode2 = "{\"targetNodeId\":2}";
    // Only the leader takes the request; a follower names the leader's admin address.
    const RawResponse fromFollower =
        admin(devd.adminPort(2), "POST", "/admin/v1/leader/transfer", toNode2);
    QCOMPARE(fromFollower.status, 503);
    QCOMPARE(jsonObject(fromFollower.body).value(QStringLiteral("leaderAddr")).toString(),
             QStringLiteral("127.0.0.1:%1").arg(devd.adminPort(1)));
    const quint64 before = snapshotRevision(devd.port(), "t");

    QCOMPARE(admin(devd.adminPort(1), "POST", "/admin/v1/leader/transfer", toNode2).body,
             QByteArray("{\"code\":\"ok\",\"message\":\"leader transfer requested\"}\n"));
    // During the election nobody leads: writes are refused without a leader to follow.
    RawResponse during =
        RawHttp::post(devd.port(1), "/api/v1/registry/register", registerBody("t", "a"));
    QCOMPARE(during.status, 503);
    QCOMPARE(during.body,
             QByteArray("{\"code\":\"not_leader\",\"message\":\"current node is not leader, "
                        "leaderId=0 leaderAddr=\"}\n"));
    QCOMPARE(RawHttp::get(devd.port(2), "/readyz").status, 503);

    QTRY_COMPARE(jsonObject(RawHttp::get(devd.port(1), "/healthz").body)
                     .value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("leaderId"))
                     .toInt(),
                 2);
    QCOMPARE(
        RawHttp::post(devd.port(2), "/api/v1/registry/register", registerBody("t", "a")).status,
        200);
    const RawResponse old =
        RawHttp::post(devd.port(1), "/api/v1/registry/register", registerBody("t", "b"));
    QCOMPARE(jsonObject(old.body).value(QStringLiteral("leaderAddr")).toString(), devd.address(2));
    // The new leader's empty entry and the write each took one index.
    QCOMPARE(snapshotRevision(devd.port(), "t"), before + 2);
    QCOMPARE(jsonObject(admin(devd.adminPort(2), "GET", "/admin/v1/status").body)
                 .value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("term"))
                 .toInt(),
             3);
}

void TstStellmapDevd::stateSurvivesKill9()
{
    QTemporaryDir dir;
    const QString state = dir.filePath(QStringLiteral("state.json"));
    DevdProcess devd;
    QVERIFY2(devd.start({QStringLiteral("--state"), state}), qPrintable(devd.errorText()));
    for (int i = 0; i < 20; ++i) {
        QCOMPARE(
            RawHttp::post(devd.port(), "/api/v1/registry/register",
                          registerBody("keep", "i" + QByteArray::number(i),
                                       ",\"labels\":{\"n\":\"" + QByteArray::number(i) + "\"}"))
                .status,
            200);
    }
    QCOMPARE(RawHttp::post(devd.port(), "/api/v1/registry/deregister", identityBody("keep", "i7"))
                 .status,
             200);
    const QByteArray before =
        maskTimes(RawHttp::get(devd.port(), "/api/v1/registry/instances?namespace=keep").body);
    const quint64 revisionBefore = snapshotRevision(devd.port(), "keep");
    QCOMPARE(revisionBefore, quint64(2 + 21));

    devd.kill();
    QVERIFY2(devd.restart(), qPrintable(devd.errorText()));
    QCOMPARE(maskTimes(RawHttp::get(devd.port(), "/api/v1/registry/instances?namespace=keep").body),
             before);
    // The new leader's empty entry takes the next index.
    QCOMPARE(snapshotRevision(devd.port(), "keep"), revisionBefore + 1);
    // The history is gone: a resume gets a snapshot, or 410 without one.
    StreamClient resumed(devd.port(), "/api/v1/registry/watch?namespace=keep&sinceRevision=" +
                                          QByteArray::number(revisionBefore));
    QTRY_COMPARE(resumed.eventCount("snapshot"), 1);
    QCOMPARE(
        RawHttp::get(devd.port(),
                     "/api/v1/registry/watch?namespace=keep&includeSnapshot=false&sinceRevision=" +
                         QByteArray::number(revisionBefore))
            .status,
        410);

    // Again: the state written at the last start (its compact form) must load too.
    QCOMPARE(RawHttp::post(devd.port(), "/api/v1/registry/deregister", identityBody("keep", "i8"))
                 .status,
             200);
    const QByteArray second =
        maskTimes(RawHttp::get(devd.port(), "/api/v1/registry/instances?namespace=keep").body);
    devd.kill();
    QVERIFY2(devd.restart(), qPrintable(devd.errorText()));
    QCOMPARE(maskTimes(RawHttp::get(devd.port(), "/api/v1/registry/instances?namespace=keep").body),
             second);
    QCOMPARE(snapshotRevision(devd.port(), "keep"), revisionBefore + 3);
}

void TstStellmapDevd::damagedStateFileIsRefusedAndLeftUntouched()
{
    QTemporaryDir dir;
    const QString state = dir.filePath(QStringLiteral("state.json"));
    const QByteArray damaged = "{\"format\":\"stellmap-devd-state\",\"version\":1}\n{\"revision\":"
                               "1,\"op\":\"noop\"}\nnot json\n"
                               "{\"revision\":2,\"op\":\"noop\"}\n";
    {
        QFile file(state);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(damaged);
    }
    QByteArray err;
    const int code =
        DevdProcess::runToExit({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                QStringLiteral("--state"), state},
                               nullptr, &err);
    QCOMPARE(code, 1);
    QVERIFY2(err.contains(state.toUtf8()) && err.contains("line 3"), err.constData());
    QFile file(state);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), damaged);
}

void TstStellmapDevd::tornLastLineIsDropped()
{
    QTemporaryDir dir;
    const QString state = dir.filePath(QStringLiteral("state.json"));
    DevdProcess devd;
    QVERIFY2(devd.start({QStringLiteral("--state"), state}), qPrintable(devd.errorText()));
    QCOMPARE(
        RawHttp::post(devd.port(), "/api/v1/registry/register", registerBody("torn", "a")).status,
        200);
    devd.kill();
    {
        QFile file(state); // a write cut off by the crash, never acknowledged
        QVERIFY(file.open(QIODevice::Append));
        file.write("{\"revision\":99,\"op\":\"put\",\"key\":\"/registry/torn/x/y\",\"inst");
    }
    QVERIFY2(devd.restart(), qPrintable(devd.errorText()));
    const QJsonArray data =
        jsonObject(RawHttp::get(devd.port(), "/api/v1/registry/instances?namespace=torn").body)
            .value(QStringLiteral("data"))
            .toArray();
    QCOMPARE(data.size(), 1);
}

void TstStellmapDevd::serviceDiscovery()
{
    const quint16 port = m_devd.port();
    QCOMPARE(
        RawHttp::post(
            port, "/api/v1/registry/register",
            "{\"namespace\":\"sd\",\"service\":\"svc\",\"instanceId\":\"m1\",\"zone\":\"az1\","
            "\"labels\":{\"9team\":\"core\",\"empty\":\"\"},\"endpoints\":[{\"name\":\"metrics\","
            "\"protocol\":\"https\",\"host\":\"10.1.1.1\",\"port\":9100,\"path\":\"stats\"}]}")
            .status,
        200);
    const RawResponse response =
        RawHttp::exchange(port, RawHttp::request("GET", "/internal/v1/prometheus/sd?namespace=sd",
                                                 {}, {"Authorization:  Bearer s3cret "}));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body, QByteArray("[{\"targets\":[\"10.1.1.1:9100\"],\"labels\":{\"__metrics_"
                                       "path__\":\"/stats\",\"__scheme__\":\"https\","
                                       "\"cluster_id\":\"100\",\"endpoint_name\":\"metrics\","
                                       "\"endpoint_proto\":\"https\",\"instance_id\":\"m1\","
                                       "\"namespace\":\"sd\",\"region\":\"default\",\"service\":"
                                       "\"svc\",\"stellmap_label_9team\":\"core\","
                                       "\"target_kind\":\"service_instance\",\"target_origin\":"
                                       "\"local\",\"zone\":\"az1\"}}]\n"));
    const RawResponse bad =
        RawHttp::exchange(port, RawHttp::request("GET", "/internal/v1/prometheus/sd?service=x", {},
                                                 {"Authorization: Bearer s3cret"}));
    QCOMPARE(bad.body, QByteArray("{\"code\":\"bad_request\",\"message\":\"namespace is required "
                                  "when service is specified\"}\n"));
}

void TstStellmapDevd::optionErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("nodes 0") << QStringList{QStringLiteral("--nodes"), QStringLiteral("0")}
                             << QByteArray("--nodes");
    QTest::newRow("listen without port")
        << QStringList{QStringLiteral("--listen"), QStringLiteral("localhost")}
        << QByteArray("--listen");
    QTest::newRow("keepalive not a number")
        << QStringList{QStringLiteral("--keepalive"), QStringLiteral("soon")}
        << QByteArray("--keepalive");
    QTest::newRow("churn without demo")
        << QStringList{QStringLiteral("--churn"), QStringLiteral("2")}
        << QByteArray("--churn needs --demo");
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("--frobnicate")} << QByteArray("frobnicate");
}

void TstStellmapDevd::optionErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    QByteArray err;
    QCOMPARE(DevdProcess::runToExit(arguments, nullptr, &err), 2);
    QVERIFY2(err.contains(message), err.constData());
}

void TstStellmapDevd::helpDocumentsEveryOption()
{
    QByteArray out;
    QCOMPARE(DevdProcess::runToExit({QStringLiteral("--help")}, &out, nullptr), 0);
    for (const char *option : {"--listen", "--nodes", "--state", "--history", "--keepalive",
                               "--cleanup-interval", "--demo", "--churn", "--seed", "--sd-token",
                               "--admin-listen", "--admin-token", "--election-gap", "Examples:"}) {
        QVERIFY2(out.contains(option), option);
    }
}

void TstStellmapDevd::demoRegistryIsPopulatedAndAlive()
{
    DevdProcess devd;
    QVERIFY2(devd.start({QStringLiteral("--demo")}), qPrintable(devd.errorText()));
    int instances = 0;
    QSet<QString> services;
    QSet<QString> organizations;
    for (const char *ns : {"prod", "staging", "dev"}) {
        const QJsonArray data =
            jsonObject(
                RawHttp::get(devd.port(), QByteArray("/api/v1/registry/instances?namespace=") + ns)
                    .body)
                .value(QStringLiteral("data"))
                .toArray();
        instances += int(data.size());
        for (const QJsonValue &value : data) {
            const QJsonObject instance = value.toObject();
            services.insert(instance.value(QStringLiteral("service")).toString());
            organizations.insert(instance.value(QStringLiteral("organization")).toString());
            QVERIFY(!instance.value(QStringLiteral("zone")).toString().isEmpty());
            QVERIFY(!instance.value(QStringLiteral("labels")).toObject().isEmpty());
            QVERIFY(!instance.value(QStringLiteral("metadata")).toObject().isEmpty());
            QVERIFY(instance.value(QStringLiteral("endpoints")).toArray().size() >= 2);
        }
    }
    QVERIFY2(instances >= 300, qPrintable(QString::number(instances)));
    QVERIFY2(services.size() >= 40, qPrintable(QString::number(services.size())));
    QVERIFY(organizations.contains(QStringLiteral("company")) &&
            organizations.contains(QStringLiteral("acme")) &&
            organizations.contains(QStringLiteral("globex")));
    // The agents heartbeat: a live stream of the demo sees upserts.
    StreamClient stream(devd.port(), "/api/v1/registry/watch?namespace=prod&includeSnapshot=false");
    QTRY_VERIFY_WITH_TIMEOUT(stream.eventCount("upsert") > 0, 10000);
}

QTEST_GUILESS_MAIN(TstStellmapDevd)
#include "tst_stellmapdevd.moc"
