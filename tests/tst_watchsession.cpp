// WatchSession feeding a Directory, against real stellmap-devd processes
// (restarts, history loss, fail-over, keepalive-only periods) and against
// FakeHttpServer for stream faults devd cannot produce. After every fault the
// directory must equal a fresh query.
#include "deregisterrequest.h"
#include "devdprocess.h"
#include "directory.h"
#include "fakehttpserver.h"
#include "registerrequest.h"
#include "stellmapclient.h"
#include "tcpproxy.h"
#include "watchsession.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace stellmap;

namespace {

RegisterRequest makeRegister(const QString &ns, const QString &service, const QString &id,
                             const StringMap &labels = {})
{
    RegisterRequest request;
    request.key.namespaceName = ns;
    request.key.service = ServiceName::fromService(service);
    request.key.instanceId = id;
    request.labels = labels;
    request.endpoints = {Endpoint{QString(), QStringLiteral("http"), QStringLiteral("10.0.0.1"),
                                  8080, QString(), 0}};
    request.leaseTtlSeconds = 3600;
    return request;
}

QByteArray sse(quint64 revision, const QByteArray &type, const QByteArray &payload)
{
    return "id: " + QByteArray::number(revision) + "\nevent: " + type + "\ndata: " + payload +
           "\n\n";
}

QByteArray snapshotEvent(quint64 revision, const QByteArray &instances = QByteArray())
{
    QByteArray payload = "{\"revision\":" + QByteArray::number(revision) +
                         ",\"type\":\"snapshot\",\"namespace\":\"ns\"";
    if (!instances.isEmpty()) {
        payload += ",\"instances\":[" + instances + "]";
    }
    return sse(revision, "snapshot", payload + "}");
}

QByteArray instanceJson(const char *id)
{
    return QByteArray("{\"namespace\":\"ns\",\"service\":\"svc\",\"instanceId\":\"") + id +
           "\",\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":\"h\","
           "\"port\":1,\"weight\":100}],\"leaseTtlSeconds\":3600,\"registeredAtUnix\":" +
           QByteArray::number(QDateTime::currentSecsSinceEpoch()) + ",\"lastHeartbeatUnix\":0}";
}

QByteArray upsertEvent(quint64 revision, const char *id)
{
    return sse(
        revision, "upsert",
        "{\"revision\":" + QByteArray::number(revision) +
            ",\"type\":\"upsert\",\"namespace\":\"ns\",\"service\":\"svc\",\"instanceId\":\"" + id +
            "\",\"instance\":" + instanceJson(id) + "}");
}

QByteArray requestLine(const FakeHttpServer &server, int index)
{
    const QByteArray request = server.requests().value(index);
    return request.left(request.indexOf("\r\n"));
}

} // namespace

//! A Directory fed by one WatchSession, the way the browser and the CLI wire them.
class Watcher
{
public:
    Watcher(const QList<QUrl> &servers, const QueryFilter &filter,
            const WatchSession::Options &options = WatchSession::Options())
    {
        ClientOptions client;
        client.servers = servers;
        session = std::make_unique<WatchSession>(client, filter, options, nullptr);
        QObject::connect(session.get(), &WatchSession::snapshotReceived, &directory,
                         [this, ns = filter.namespaceName](quint64 revision,
                                                           const QList<InstanceRecord> &instances) {
                             directory.applySnapshot(ns, revision, instances);
                         });
        QObject::connect(session.get(), &WatchSession::eventsReceived, &directory,
                         &Directory::applyEvents);
    }

    Directory directory;
    std::unique_ptr<WatchSession> session;
};

class TstWatchSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsLiveChanges();
    void survivesKillAndRestart();
    void historyLossResyncsWithoutBlankView();
    void failsOverToLiveServer();
    void nodeDiesMidStream();
    void keepaliveOnlyPeriodsStayLive();
    void moreThanSixStreams();
    void idleStreamIsReplaced();
    void httpsToAPlainPortSaysSo();
    void serverRetryIsHonoured();
    void truncatedEventIsDiscarded();
    void goneRevisionResyncsOnce();
    void backwardsRevisionResyncs();
    void fatalAnswersStop_data();
    void fatalAnswersStop();

private:
    //! Whether \a directory holds what a query of \a ns answers now.
    bool equalsServer(const Directory &directory, const QString &ns, const QUrl &server,
                      QString *why = nullptr);
    bool write(const QUrl &server, const RegisterRequest &request);

    QNetworkAccessManager m_network;
};

bool TstWatchSession::equalsServer(const Directory &directory, const QString &ns,
                                   const QUrl &server, QString *why)
{
    ClientOptions options;
    options.servers = {server};
    StellMapClient client(options, &m_network);
    QueryFilter filter;
    filter.namespaceName = ns;
    QueryReply *reply = client.query(filter);
    QSignalSpy spy(reply, &StellMapReply::finished);
    if (!spy.wait(10000) || reply->error() != ClientError::NoError) {
        return false;
    }
    const QList<Instance> local = directory.instances(ns);
    if (why) {
        *why =
            QStringLiteral("local %1, server %2").arg(local.size()).arg(reply->instances().size());
    }
    return local == reply->instances();
}

bool TstWatchSession::write(const QUrl &server, const RegisterRequest &request)
{
    ClientOptions options;
    options.servers = {server};
    StellMapClient client(options, &m_network);
    WriteReply *reply = client.registerInstance(request);
    QSignalSpy spy(reply, &StellMapReply::finished);
    return spy.wait(10000) && reply->error() == ClientError::NoError;
}

void TstWatchSession::followsLiveChanges()
{
    DevdProcess devd;
    QVERIFY2(devd.start(), qPrintable(devd.errorText()));
    const QString ns = QStringLiteral("live");
    for (const char *id : {"a", "b", "c"}) {
        QVERIFY(
            write(devd.url(), makeRegister(ns, QStringLiteral("svc"), QString::fromLatin1(id))));
    }
    QueryFilter filter;
    filter.namespaceName = ns;
    Watcher watcher({devd.url()}, filter);
    QSignalSpy resets(&watcher.directory, &Directory::namespaceReset);
    QSignalSpy added(&watcher.directory, &Directory::instancesAdded);
    QSignalSpy changed(&watcher.directory, &Directory::instancesChanged);
    QSignalSpy removed(&watcher.directory, &Directory::instancesRemoved);
    watcher.session->start();
    QTRY_COMPARE(watcher.session->state(), WatchSession::State::Live);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(watcher.directory.size(ns), 3);
    QVERIFY(equalsServer(watcher.directory, ns, devd.url()));

    QVERIFY(write(devd.url(), makeRegister(ns, QStringLiteral("svc"), QStringLiteral("d"))));
    QVERIFY(write(devd.url(), makeRegister(ns, QStringLiteral("svc"), QStringLiteral("a"),
                                           {{QStringLiteral("color"), QStringLiteral("red")}})));
    ClientOptions options;
    options.servers = {devd.url()};
    StellMapClient client(options, &m_network);
    DeregisterRequest gone;
    gone.key = makeRegister(ns, QStringLiteral("svc"), QStringLiteral("b")).key;
    QSignalSpy deregistered(client.deregisterInstance(gone), &StellMapReply::finished);
    QVERIFY(deregistered.wait());
    QTRY_COMPARE(watcher.directory.size(ns), 3);
    QTRY_VERIFY(!removed.isEmpty() && !added.isEmpty() && !changed.isEmpty());
    QTRY_VERIFY(equalsServer(watcher.directory, ns, devd.url()));
    const auto fields = changed.last().first().value<QList<Directory::Change>>().first().fields;
    QVERIFY(fields.testFlag(Directory::LabelsChanged));
    QCOMPARE(resets.size(), 1); // changes arrive one by one, never as a rebuild
    QCOMPARE(watcher.session->reconnects(), 0);
}

void TstWatchSession::survivesKillAndRestart()
{
    QTemporaryDir dir;
    DevdProcess devd;
    const QString state = dir.filePath(QStringLiteral("state.jsonl"));
    QVERIFY2(devd.start({QStringLiteral("--state"), state}), qPrintable(devd.errorText()));
    const QString ns = QStringLiteral("restart");
    QVERIFY(write(devd.url(), makeRegister(ns, QStringLiteral("svc"), QStringLiteral("a"))));
    QueryFilter filter;
    filter.namespaceName = ns;
    WatchSession::Options options;
    options.initialBackoffMs = 100;
    Watcher watcher({devd.url()}, filter, options);
    QSignalSpy resets(&watcher.directory, &Directory::namespaceReset);
    watcher.session->start();
    QTRY_COMPARE(watcher.session->state(), WatchSession::State::Live);

    devd.kill();
    QTRY_COMPARE(watcher.session->state(), WatchSession::State::Reconnecting);
    QCOMPARE(watcher.directory.size(ns), 1); // stale, but still there
    QVERIFY2(devd.restart(), qPrintable(devd.errorText()));
    QVERIFY(write(devd.url(), makeRegister(ns, QStringLiteral("svc"), QStringLiteral("b"))));
    QTRY_VERIFY_WITH_TIMEOUT(watcher.session->state() == WatchSession::State::Live &&
                                 watcher.directory.size(ns) == 2,
                             15000);
    QVERIFY(equalsServer(watcher.directory, ns, devd.url()));
    QCOMPARE(resets.size(), 1);
    QVERIFY(watcher.session->reconnects() >= 1);
}

void TstWatchSession::historyLossResyncsWithoutBlankView()
{
    DevdProcess devd;
    QVERIFY2(devd.start({QStringLiteral("--history"), QStringLiteral("8")}),
             qPrintable(devd.errorText()));
    const QString ns = QStringLiteral("history");
    QVERIFY(write(devd.url(), makeRegister(ns, QStringLiteral("svc"), QStringLiteral("keep"))));
    QVERIFY(write(devd.url(), makeRegister(ns, QStringLiteral("svc"), QStringLiteral("drop"))));
    QueryFilter filter;
    filter.namespaceName = ns;
    Watcher watcher({devd.url()}, filter);
    QSignalSpy resets(&watcher.directory, &Directory::namespaceReset);
    QSignalSpy removed(&watcher.directory, &Directory::instancesRemoved);
    watcher.session->start();
    QTRY_COMPARE(watcher.session->state(), WatchSession::State::Live);
    const quint64 before = watcher.session->revision();

    // Away for longer than the server's history: 20 writes while not listening.
    watcher.session->stop();
    ClientOptions options;
    options.servers = {devd.url()};
    StellMapClient client(options, &m_network);
    DeregisterRequest gone;
    gone.key = makeRegister(ns, QStringLiteral("svc"), QStringLiteral("drop")).key;
    QVERIFY(QSignalSpy(client.deregisterInstance(gone), &StellMapReply::finished).wait());
    for (int i = 0; i < 20; ++i) {
        QVERIFY(write(devd.url(),
                      makeRegister(ns, QStringLiteral("svc"), QStringLiteral("new-%1").arg(i))));
    }
    QSignalSpy snapshots(watcher.session.get(), &WatchSession::snapshotReceived);
    watcher.session->start(before);
    QTRY_COMPARE(snapshots.size(), 1);
    QCOMPARE(snapshots.first().at(2).toBool(), true); // it replaces what we had
    QVERIFY(equalsServer(watcher.directory, ns, devd.url()));
    QCOMPARE(resets.size(), 1); // no blank view: the difference was applied
    QCOMPARE(removed.size(), 1);
    QCOMPARE(watcher.session->resyncs(), 1);
}

void TstWatchSession::failsOverToLiveServer()
{
    DevdProcess devd;
    QVERIFY2(devd.start({}, 2), qPrintable(devd.errorText()));
    const QString ns = QStringLiteral("failover");
    QVERIFY(write(devd.url(), makeRegister(ns, QStringLiteral("svc"), QStringLiteral("a"))));
    QueryFilter filter;
    filter.namespaceName = ns;
    WatchSession::Options options;
    options.initialBackoffMs = 50;
    Watcher watcher({FakeHttpServer::localUrl(FakeHttpServer::closedPort()), devd.url(2)}, filter,
                    options);
    QSignalSpy errors(watcher.session.get(), &WatchSession::errorOccurred);
    QElapsedTimer timer;
    timer.start();
    watcher.session->start();
    QTRY_COMPARE(watcher.session->state(), WatchSession::State::Live);
    qInfo("watch fail-over past a refused server took %lld ms", qint64(timer.elapsed()));
    QCOMPARE(watcher.session->server(), devd.url(2));
    QVERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().at(2).toBool(), false);
    QVERIFY(equalsServer(watcher.directory, ns, devd.url()));
}

void TstWatchSession::nodeDiesMidStream()
{
    // Node 1 is reached through a proxy that can "die"; node 2 lives on.
    DevdProcess devd;
    QVERIFY2(devd.start({}, 2), qPrintable(devd.errorText()));
    TcpProxy node1(devd.port(1));
    QVERIFY(node1.listen());
    const QString ns = QStringLiteral("dies");
    QVERIFY(write(devd.url(), makeRegister(ns, QStringLiteral("svc"), QStringLiteral("a"))));
    QueryFilter filter;
    filter.namespaceName = ns;
    WatchSession::Options options;
    options.initialBackoffMs = 50;
    Watcher watcher({node1.url(), devd.url(2)}, filter, options);
    QSignalSpy snapshots(watcher.session.get(), &WatchSession::snapshotReceived);
    watcher.session->start();
    QTRY_COMPARE(watcher.session->state(), WatchSession::State::Live);
    QCOMPARE(watcher.session->server(), node1.url());

    node1.kill();
    QVERIFY(write(devd.url(), makeRegister(ns, QStringLiteral("svc"), QStringLiteral("b"))));
    QElapsedTimer timer;
    timer.start();
    QTRY_COMPARE(watcher.directory.size(ns), 2);
    qInfo("after a node died the next change arrived via the other node in %lld ms",
          qint64(timer.elapsed()));
    QCOMPARE(watcher.session->server(), devd.url(2));
    QCOMPARE(snapshots.size(), 1); // resumed from the history, no resync
    QCOMPARE(watcher.session->resyncs(), 0);
    QVERIFY(equalsServer(watcher.directory, ns, devd.url(2)));
}

void TstWatchSession::keepaliveOnlyPeriodsStayLive()
{
    DevdProcess devd;
    QVERIFY2(devd.start({QStringLiteral("--keepalive"), QStringLiteral("0.2")}),
             qPrintable(devd.errorText()));
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("quiet");
    WatchSession::Options options;
    options.idleTimeoutMs = 1000;
    Watcher watcher({devd.url()}, filter, options);
    watcher.session->start();
    QTRY_COMPARE(watcher.session->state(), WatchSession::State::Live);
    // Three idle timeouts of keepalives only: no reconnect.
    QSignalSpy errors(watcher.session.get(), &WatchSession::errorOccurred);
    QVERIFY(!errors.wait(3000));
    QCOMPARE(watcher.session->reconnects(), 0);
    QCOMPARE(watcher.session->state(), WatchSession::State::Live);
}

void TstWatchSession::moreThanSixStreams()
{
    DevdProcess devd;
    QVERIFY2(devd.start(), qPrintable(devd.errorText()));
    std::vector<std::unique_ptr<Watcher>> watchers;
    for (int i = 0; i < 8; ++i) {
        QueryFilter filter;
        filter.namespaceName = QStringLiteral("ns-%1").arg(i);
        watchers.push_back(std::make_unique<Watcher>(QList<QUrl>{devd.url()}, filter));
        watchers.back()->session->start();
    }
    for (const auto &watcher : watchers) {
        QTRY_COMPARE(watcher->session->state(), WatchSession::State::Live);
    }
    // Requests on the client's manager are not starved by the streams.
    QVERIFY(write(devd.url(), makeRegister(QStringLiteral("ns-7"), QStringLiteral("svc"),
                                           QStringLiteral("x"))));
    QTRY_COMPARE(watchers.back()->directory.size(QStringLiteral("ns-7")), 1);
}

void TstWatchSession::idleStreamIsReplaced()
{
    FakeHttpServer server;
    QVERIFY(server.listen());
    // Headers and a snapshot, then silence: no keepalive ever comes.
    server.setResponse(FakeHttpServer::stream(snapshotEvent(5, instanceJson("a"))));
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("ns");
    WatchSession::Options options;
    options.idleTimeoutMs = 300;
    options.initialBackoffMs = 10;
    Watcher watcher({server.url()}, filter, options);
    QSignalSpy errors(watcher.session.get(), &WatchSession::errorOccurred);
    watcher.session->start();
    QTRY_COMPARE(server.requests().size(), 2);
    QCOMPARE(errors.first().at(0).toString(), QStringLiteral("idle"));
    QVERIFY(requestLine(server, 1).contains("sinceRevision=5"));
    QVERIFY(!requestLine(server, 0).contains("sinceRevision"));
    QCOMPARE(watcher.directory.size(QStringLiteral("ns")), 1);
}

void TstWatchSession::httpsToAPlainPortSaysSo()
{
    // A plain-http server never answers a TLS hello (it waits for a request
    // line): the session gives up on the connection and says what is likely wrong.
    FakeHttpServer server;
    server.setSilent();
    QVERIFY(server.listen());
    QUrl url = server.url();
    url.setScheme(QStringLiteral("https"));
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("ns");
    WatchSession::Options options;
    options.connectTimeoutMs = 300;
    options.initialBackoffMs = 10;
    Watcher watcher({url}, filter, options);
    QSignalSpy errors(watcher.session.get(), &WatchSession::errorOccurred);
    watcher.session->start();
    QTRY_VERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().at(0).toString(), QStringLiteral("timeout"));
    const QString message = errors.first().at(1).toString();
    QVERIFY2(message.contains(QLatin1String("use http://")), qPrintable(message));
    QCOMPARE(watcher.session->state(), WatchSession::State::Reconnecting);
}

void TstWatchSession::serverRetryIsHonoured()
{
    // The server's retry field asks for a pause before reconnecting: it gets it.
    FakeHttpServer server;
    QVERIFY(server.listen());
    server.setResponse(
        FakeHttpServer::stream("retry: 4000\n\n" + snapshotEvent(5, instanceJson("a"))));
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("ns");
    WatchSession::Options options;
    options.initialBackoffMs = 10;
    Watcher watcher({server.url()}, filter, options);
    watcher.session->start();
    QTRY_COMPARE(watcher.directory.size(QStringLiteral("ns")), 1);
    server.closeAll();
    QTRY_COMPARE(watcher.session->state(), WatchSession::State::Reconnecting);
    QVERIFY2(watcher.session->reconnectInMs() > 3000,
             qPrintable(QString::number(watcher.session->reconnectInMs())));
}

void TstWatchSession::truncatedEventIsDiscarded()
{
    FakeHttpServer server;
    QVERIFY(server.listen());
    const QByteArray partial = upsertEvent(6, "b").left(60);
    server.setResponses({FakeHttpServer::stream(snapshotEvent(5, instanceJson("a")) + partial),
                         FakeHttpServer::stream(": keepalive\n\n")});
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("ns");
    WatchSession::Options options;
    options.initialBackoffMs = 10;
    Watcher watcher({server.url()}, filter, options);
    QSignalSpy errors(watcher.session.get(), &WatchSession::errorOccurred);
    watcher.session->start();
    QTRY_COMPARE(watcher.directory.size(QStringLiteral("ns")), 1);
    server.closeAll(); // the server goes away in the middle of event 6
    QTRY_COMPARE(server.requests().size(), 2);
    QVERIFY(errors.first().at(1).toString().contains(QLatin1String("middle of an event")));
    QVERIFY(requestLine(server, 1).contains("sinceRevision=5"));
    QCOMPARE(watcher.directory.size(QStringLiteral("ns")), 1);
    QVERIFY(!watcher.directory.find(
        {QStringLiteral("ns"), QStringLiteral("svc"), QStringLiteral("b")}));
}

void TstWatchSession::goneRevisionResyncsOnce()
{
    FakeHttpServer server;
    QVERIFY(server.listen());
    server.setResponses(
        {FakeHttpServer::response(410, "Gone", "application/json",
                                  "{\"code\":\"revision_expired\",\"message\":\"watch revision "
                                  "is no longer retained\"}\n"),
         FakeHttpServer::stream(snapshotEvent(9, instanceJson("b")))});
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("ns");
    WatchSession::Options options;
    options.initialBackoffMs = 10;
    Watcher watcher({server.url()}, filter, options);
    watcher.directory.applySnapshot(QStringLiteral("ns"), 3, QList<InstanceRecord>());
    watcher.session->start(3);
    QTRY_COMPARE(watcher.session->state(), WatchSession::State::Live);
    QCOMPARE(server.requests().size(), 2);
    QVERIFY(requestLine(server, 0).contains("sinceRevision=3"));
    QVERIFY(!requestLine(server, 1).contains("sinceRevision")); // never the expired one again
    QCOMPARE(watcher.session->revision(), quint64(9));
    QCOMPARE(watcher.session->resyncs(), 1);
    QCOMPARE(watcher.directory.size(QStringLiteral("ns")), 1);
}

void TstWatchSession::backwardsRevisionResyncs()
{
    FakeHttpServer server;
    QVERIFY(server.listen());
    server.setResponses({FakeHttpServer::stream(snapshotEvent(10, instanceJson("a")) +
                                                upsertEvent(11, "b") + upsertEvent(7, "c")),
                         FakeHttpServer::stream(snapshotEvent(12, instanceJson("a")))});
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("ns");
    WatchSession::Options options;
    options.initialBackoffMs = 10;
    Watcher watcher({server.url()}, filter, options);
    QSignalSpy errors(watcher.session.get(), &WatchSession::errorOccurred);
    watcher.session->start();
    QTRY_COMPARE(server.requests().size(), 2);
    QTRY_COMPARE(watcher.session->revision(), quint64(12));
    QCOMPARE(errors.first().at(0).toString(), QStringLiteral("resync"));
    QVERIFY(!requestLine(server, 1).contains("sinceRevision"));
    // "c" (the event that went backwards) was never applied; the resync removed "b".
    QCOMPARE(watcher.directory.instanceIds(QStringLiteral("ns"), QStringLiteral("svc")),
             QStringList{QStringLiteral("a")});
}

void TstWatchSession::fatalAnswersStop_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("code");
    QTest::newRow("400") << 400 << QByteArray("bad_request");
    QTest::newRow("401") << 401 << QByteArray("unauthorized");
    QTest::newRow("403") << 403 << QByteArray("forbidden");
}

void TstWatchSession::fatalAnswersStop()
{
    QFETCH(int, status);
    QFETCH(QByteArray, code);
    FakeHttpServer server;
    QVERIFY(server.listen());
    server.setResponse(FakeHttpServer::response(
        status, "No", "application/json", "{\"code\":\"" + code + "\",\"message\":\"no way\"}\n"));
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("ns");
    WatchSession::Options options;
    options.initialBackoffMs = 10;
    Watcher watcher({server.url()}, filter, options);
    QSignalSpy errors(watcher.session.get(), &WatchSession::errorOccurred);
    watcher.session->start();
    QTRY_COMPARE(watcher.session->state(), WatchSession::State::Stopped);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().at(0).toString(), QString::fromLatin1(code));
    QCOMPARE(errors.first().at(1).toString(), QStringLiteral("no way"));
    QCOMPARE(errors.first().at(2).toBool(), true);
    // No retry is even planned.
    QCOMPARE(watcher.session->reconnectInMs(), 0);
    QCoreApplication::processEvents();
    QCOMPARE(server.requests().size(), 1);
}

QTEST_GUILESS_MAIN(TstWatchSession)
#include "tst_watchsession.moc"
