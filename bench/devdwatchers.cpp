// Benchmark: stellmap-devd with 1,000 watchers while writes arrive at a
// steady rate. Measures write and query latency and checks that every
// watcher receives every event meant for it (none dropped, none behind).
//
//   bench-devd-watchers [--watchers 1000] [--rate 1000] [--seconds 10]
//                       [--services 100] [--server HOST:PORT]
//
// Without --server it starts its own stellmap-devd on free ports.
#include "devdprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

namespace {

struct Watcher
{
    std::unique_ptr<QTcpSocket> socket;
    int service = -1; // -1: whole namespace
    qint64 events = 0;
    bool ended = false;
    QByteArray tail;
};

// One keep-alive connection issuing requests one after another.
class Pipe : public QObject
{
public:
    Pipe(quint16 port, QObject *parent)
        : QObject(parent)
    {
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] { onRead(); });
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        m_socket.waitForConnected(5000);
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }
    bool busy() const { return m_busy; }
    void send(const QByteArray &request, std::vector<double> *latencies)
    {
        m_busy = true;
        m_latencies = latencies;
        m_buffer.clear();
        m_clock.start();
        m_socket.write(request);
    }
    int failures = 0;

private:
    void onRead()
    {
        m_buffer += m_socket.readAll();
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return;
        }
        const qsizetype lengthAt = m_buffer.indexOf("Content-Length: ");
        qsizetype total = -1;
        if (lengthAt >= 0 && lengthAt < headEnd) {
            total = headEnd + 4 +
                    m_buffer.mid(lengthAt + 16, m_buffer.indexOf("\r\n", lengthAt) - lengthAt - 16)
                        .toLongLong();
        } else if (m_buffer.endsWith("0\r\n\r\n")) {
            total = m_buffer.size();
        }
        if (total < 0 || m_buffer.size() < total) {
            return;
        }
        if (!m_buffer.startsWith("HTTP/1.1 200")) {
            ++failures;
        }
        m_latencies->push_back(double(m_clock.nsecsElapsed()) / 1e6);
        m_busy = false;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QElapsedTimer m_clock;
    std::vector<double> *m_latencies = nullptr;
    bool m_busy = false;
};

QByteArray post(const QByteArray &path, const QByteArray &body)
{
    return "POST " + path +
           " HTTP/1.1\r\nHost: b\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\n\r\n" + body;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size())))];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption watchersOption(QStringLiteral("watchers"),
                                            QStringLiteral("Watch streams."), QStringLiteral("N"),
                                            QStringLiteral("1000"));
    const QCommandLineOption rateOption(QStringLiteral("rate"),
                                        QStringLiteral("Writes per second."), QStringLiteral("N"),
                                        QStringLiteral("1000"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
                                           QStringLiteral("Duration of the write phase."),
                                           QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption servicesOption(QStringLiteral("services"),
                                            QStringLiteral("Services watched one each."),
                                            QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption serverOption(QStringLiteral("server"),
                                          QStringLiteral("Use a running server."),
                                          QStringLiteral("HOST:PORT"));
    parser.addOptions({watchersOption, rateOption, secondsOption, servicesOption, serverOption});
    parser.process(app);
    const int watcherCount = parser.value(watchersOption).toInt();
    const int rate = parser.value(rateOption).toInt();
    const double seconds = parser.value(secondsOption).toDouble();
    const int services = parser.value(servicesOption).toInt();
    const int namespaceWatchers = std::max(1, watcherCount / 100);

    DevdProcess devd;
    quint16 port = 0;
    if (parser.isSet(serverOption)) {
        port = quint16(parser.value(serverOption).section(QLatin1Char(':'), -1).toUInt());
    } else {
        if (!devd.start({QStringLiteral("--keepalive"), QStringLiteral("30")})) {
            std::fprintf(stderr, "%s\n", qPrintable(devd.errorText()));
            return 1;
        }
        port = devd.port();
    }

    // Instances: 5 per service, long leases.
    const int perService = 5;
    {
        Pipe setup(port, &app);
        std::vector<double> ignored;
        for (int s = 0; s < services; ++s) {
            for (int i = 0; i < perService; ++i) {
                setup.send(post("/api/v1/registry/register",
                                "{\"namespace\":\"bench\",\"service\":\"org.bd.cd.app" +
                                    QByteArray::number(s) + ".api\",\"instanceId\":\"i" +
                                    QByteArray::number(i) +
                                    "\",\"labels\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"},"
                                    "\"leaseTtlSeconds\":3600,"
                                    "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"10.0.0.1\","
                                    "\"port\":8080}]}"),
                           &ignored);
                while (setup.busy()) {
                    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
                }
            }
        }
    }

    std::vector<Watcher> watchers(static_cast<size_t>(watcherCount));
    int connected = 0;
    for (int w = 0; w < watcherCount; ++w) {
        Watcher &watcher = watchers[size_t(w)];
        watcher.service = w < namespaceWatchers ? -1 : (w - namespaceWatchers) % services;
        watcher.socket = std::make_unique<QTcpSocket>();
        QTcpSocket *socket = watcher.socket.get();
        const QByteArray query =
            watcher.service < 0 ? QByteArray("namespace=bench&includeSnapshot=false")
                                : "namespace=bench&includeSnapshot=false&service=org.bd.cd.app" +
                                      QByteArray::number(watcher.service) + ".api";
        QObject::connect(socket, &QTcpSocket::connected, socket, [socket, query, &connected] {
            socket->write("GET /api/v1/registry/watch?" + query + " HTTP/1.1\r\nHost: b\r\n\r\n");
            ++connected;
        });
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [&watcher] {
            QByteArray data = watcher.tail + watcher.socket->readAll();
            watcher.events += data.count("\nevent: ");
            watcher.ended = watcher.ended || data.contains("\r\n0\r\n\r\n");
            watcher.tail = data.right(16);
        });
        socket->connectToHost(QStringLiteral("127.0.0.1"), port);
    }
    QElapsedTimer waiting;
    waiting.start();
    while (connected < watcherCount && waiting.elapsed() < 30000) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    }

    // Write phase: heartbeats round-robin over all instances, paced at `rate`.
    std::vector<std::unique_ptr<Pipe>> pipes;
    for (int i = 0; i < 8; ++i) {
        pipes.push_back(std::make_unique<Pipe>(port, &app));
    }
    Pipe queryPipe(port, &app);
    std::vector<double> writeLatencies;
    std::vector<double> queryLatencies;
    std::vector<qint64> writesPerService(size_t(services), 0);
    qint64 issued = 0;
    qint64 skipped = 0;
    QTimer pacing;
    pacing.start(1);
    QElapsedTimer clock;
    clock.start();
    qint64 nextQueryMs = 0;
    const qint64 total = qint64(rate * seconds);
    while (issued + skipped < total) {
        const qint64 due = std::min(total, qint64(double(clock.nsecsElapsed()) / 1e9 * rate));
        while (issued + skipped < due) {
            auto free = std::find_if(pipes.begin(), pipes.end(),
                                     [](const auto &pipe) { return !pipe->busy(); });
            if (free == pipes.end()) {
                break;
            }
            const int s = int(issued % services);
            const int i = int((issued / services) % perService);
            (*free)->send(post("/api/v1/registry/heartbeat",
                               "{\"namespace\":\"bench\",\"service\":\"org.bd.cd.app" +
                                   QByteArray::number(s) + ".api\",\"instanceId\":\"i" +
                                   QByteArray::number(i) + "\"}"),
                          &writeLatencies);
            ++writesPerService[size_t(s)];
            ++issued;
        }
        if (clock.elapsed() >= nextQueryMs && !queryPipe.busy()) {
            queryPipe.send(
                "GET /api/v1/registry/instances?namespace=bench&service=org.bd.cd.app7.api "
                "HTTP/1.1\r\nHost: b\r\n\r\n",
                &queryLatencies);
            nextQueryMs = clock.elapsed() + 100;
        }
        // Sleep in the event loop until a socket or the 1 ms pacing tick wakes us.
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 1);
    }
    while (std::any_of(pipes.begin(), pipes.end(), [](const auto &pipe) { return pipe->busy(); })) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    }
    const double writeSeconds = double(clock.elapsed()) / 1000.0;

    // Every watcher must catch up with every event meant for it.
    const auto expected = [&](const Watcher &w) {
        return w.service < 0 ? issued : writesPerService[size_t(w.service)];
    };
    QElapsedTimer drain;
    drain.start();
    while (drain.elapsed() < 20000 &&
           std::any_of(watchers.begin(), watchers.end(),
                       [&](const Watcher &w) { return !w.ended && w.events < expected(w); })) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    }
    int dropped = 0;
    int behind = 0;
    for (const Watcher &w : watchers) {
        dropped += w.ended ? 1 : 0;
        behind += (!w.ended && w.events < expected(w)) ? 1 : 0;
    }
    int failures = 0;
    for (const auto &pipe : pipes) {
        failures += pipe->failures;
    }
    std::printf("watchers %d (%d on the namespace, %d on %d services), writes %lld in %.1f s "
                "(%.0f/s), failed %d\n",
                watcherCount, namespaceWatchers, watcherCount - namespaceWatchers, services,
                static_cast<long long>(issued), writeSeconds, double(issued) / writeSeconds,
                failures);
    std::printf("write latency ms: p50 %.2f  p99 %.2f  max %.2f\n", percentile(writeLatencies, 0.5),
                percentile(writeLatencies, 0.99), percentile(writeLatencies, 1.0));
    std::printf("query latency ms: p50 %.2f  p99 %.2f  (%zu queries)\n",
                percentile(queryLatencies, 0.5), percentile(queryLatencies, 0.99),
                queryLatencies.size());
    std::printf("watchers dropped %d, behind %d (connected %d)\n", dropped, behind, connected);
    return (dropped == 0 && behind == 0 && failures == 0 && connected == watcherCount) ? 0 : 1;
}
