// bench-directory: how fast the Directory takes a large snapshot and a storm
// of watch events, and how much memory it holds per instance.
//
//   build/bench/bench-directory [--instances N] [--events N] [--batch N]
//
// Instances carry 3 labels, 3 metadata entries and 3 endpoints; events are
// 80 % heartbeat upserts, 10 % label changes, 5 % deletes, 5 % new instances
// (the mix of the issue-8 stream). Decoding is not measured here: the
// instances are built in memory, so this is the Directory alone.
#include "directory.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>

#include <cstdio>

using namespace stellmap;

namespace {

qint64 statusKb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field)) {
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
        }
    }
    return -1;
}

Instance makeInstance(int index, QRandomGenerator &random)
{
    Instance instance;
    const int service = index % 500;
    instance.key.namespaceName = QStringLiteral("prod");
    instance.key.service.organization = QStringLiteral("org%1").arg(service % 5);
    instance.key.service.businessDomain = QStringLiteral("bd%1").arg(service % 20);
    instance.key.service.capabilityDomain = QStringLiteral("cap%1").arg(service % 50);
    instance.key.service.application = QStringLiteral("app%1").arg(service);
    instance.key.service.role = QStringLiteral("api");
    instance.key.service.service =
        ServiceName::compose(instance.key.service.organization, instance.key.service.businessDomain,
                             instance.key.service.capabilityDomain,
                             instance.key.service.application, instance.key.service.role);
    const QString host = QStringLiteral("10.%1.%2.%3")
                             .arg((index >> 16) & 255)
                             .arg((index >> 8) & 255)
                             .arg(index & 255);
    instance.key.instanceId = QStringLiteral("app%1-api-%2").arg(service).arg(host);
    instance.zone = QStringLiteral("az%1").arg(index % 3 + 1);
    instance.labels = {{QStringLiteral("color"), QStringLiteral("gray")},
                       {QStringLiteral("version"), QStringLiteral("v1.%1").arg(random.bounded(10))},
                       {QStringLiteral("tier"), QStringLiteral("critical")}};
    instance.metadata = {
        {QStringLiteral("build_sha"), QStringLiteral("%1").arg(random.generate(), 8, 16)},
        {QStringLiteral("pid"), QString::number(random.bounded(1, 99999))},
        {QStringLiteral("runtime"), QStringLiteral("go1.22")}};
    instance.endpoints = {
        Endpoint{QStringLiteral("http"), QStringLiteral("http"), host, 8080, QStringLiteral("/"),
                 100},
        Endpoint{QStringLiteral("grpc"), QStringLiteral("grpc"), host, 9090, QString(), 100},
        Endpoint{QStringLiteral("metrics"), QStringLiteral("http"), host, 9100,
                 QStringLiteral("/metrics"), 100}};
    instance.leaseTtlSeconds = 30;
    instance.registeredAtUnix = 1764000000;
    instance.lastHeartbeatUnix = 1764000000;
    return instance;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("instances"), QStringLiteral("Snapshot size."),
                      QStringLiteral("N"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("events"), QStringLiteral("Events after the snapshot."),
                      QStringLiteral("N"), QStringLiteral("200000")});
    parser.addOption({QStringLiteral("batch"), QStringLiteral("Events per applyEvents() call."),
                      QStringLiteral("N"), QStringLiteral("200")});
    parser.process(app);
    const int count = parser.value(QStringLiteral("instances")).toInt();
    const int eventCount = parser.value(QStringLiteral("events")).toInt();
    const int batchSize = qMax(1, parser.value(QStringLiteral("batch")).toInt());

    QRandomGenerator random(42);
    QList<Instance> snapshot;
    snapshot.reserve(count);
    for (int i = 0; i < count; ++i) {
        snapshot.append(makeInstance(i, random));
    }
    QList<WatchEvent> events;
    events.reserve(eventCount);
    int next = count;
    quint64 revision = 1000;
    for (int i = 0; i < eventCount; ++i) {
        const int roll = random.bounded(100);
        Instance instance =
            roll < 95 ? snapshot.at(random.bounded(count)) : makeInstance(next++, random);
        if (roll < 80) {
            instance.lastHeartbeatUnix += i / 1000 + 1;
        } else if (roll < 90) {
            instance.labels[QStringLiteral("color")] =
                random.bounded(2) ? QStringLiteral("blue") : QStringLiteral("green");
        }
        const WatchEvent event =
            roll >= 90 && roll < 95
                ? WatchEvent::deleteOf(++revision, instance.key.namespaceName,
                                       instance.key.service.service, instance.key.instanceId)
                : WatchEvent::upsertOf(++revision, instance);
        events.append(event);
    }
    const qint64 inputKb = statusKb("VmRSS:");

    Directory directory;
    QElapsedTimer timer;
    timer.start();
    directory.applySnapshot(QStringLiteral("prod"), 1000, snapshot);
    const qint64 snapshotMs = timer.elapsed();
    snapshot.clear();
    snapshot.squeeze();
    const qint64 afterSnapshotKb = statusKb("VmRSS:");

    timer.restart();
    for (qsizetype i = 0; i < events.size(); i += batchSize) {
        directory.applyEvents(events.mid(i, batchSize));
    }
    const qint64 eventsMs = timer.elapsed();
    events.clear();
    events.squeeze();
    const qint64 endKb = statusKb("VmRSS:");

    std::printf("{\"instances\":%d,\"events\":%d,\"snapshotMs\":%lld,\"eventsMs\":%lld,"
                "\"eventsPerSecond\":%.0f,\"directorySize\":%lld,\"rssAfterInputKb\":%lld,"
                "\"rssAfterSnapshotKb\":%lld,\"rssEndKb\":%lld,\"peakKb\":%lld}\n",
                count, eventCount, snapshotMs, eventsMs,
                eventsMs > 0 ? eventCount * 1000.0 / eventsMs : 0.0,
                static_cast<long long>(directory.size()), inputKb, afterSnapshotKb, endKb,
                statusKb("VmHWM:"));
    return 0;
}
