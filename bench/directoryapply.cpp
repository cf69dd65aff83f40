// bench-directory: how fast the Directory takes a large snapshot and a storm
// of watch events, and how much memory it holds per instance.
//
//   build/bench/bench-directory [--instances N] [--events N] [--batch N]
//
// Instances carry 3 labels, 3 metadata entries and 3 endpoints; events are
// 80 % heartbeat upserts, 10 % label changes, 5 % deletes, 5 % new instances
// (the mix of the issue-8 stream). Decoding is not measured here: the
// instances are built in memory, so this is the Directory alone.
#include "benchdata.h"
#include "directory.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace stellmap;

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

    BenchData data(count);
    QList<Instance> snapshot = data.snapshot();
    QList<WatchEvent> events;
    events.reserve(eventCount);
    for (int i = 0; i < eventCount; ++i) {
        events.append(data.nextEvent());
    }
    const qint64 inputKb = BenchData::statusKb("VmRSS:");

    Directory directory;
    QElapsedTimer timer;
    timer.start();
    directory.applySnapshot(QStringLiteral("prod"), 1000, snapshot);
    const qint64 snapshotMs = timer.elapsed();
    // The input still holds every text, which the Directory shares: what the
    // snapshot added is the Directory's own structure per instance, beyond strings.
    const qint64 withDirectoryKb = BenchData::statusKb("VmRSS:");
    const double bytesPerInstance = count > 0 ? (withDirectoryKb - inputKb) * 1024.0 / count : 0;
    snapshot.clear();
    snapshot.squeeze();
    const qint64 afterSnapshotKb = BenchData::statusKb("VmRSS:");

    timer.restart();
    for (qsizetype i = 0; i < events.size(); i += batchSize) {
        directory.applyEvents(events.mid(i, batchSize));
    }
    const qint64 eventsMs = timer.elapsed();
    events.clear();
    events.squeeze();
    const qint64 endKb = BenchData::statusKb("VmRSS:");

    std::printf("{\"instances\":%d,\"events\":%d,\"snapshotMs\":%lld,\"eventsMs\":%lld,"
                "\"eventsPerSecond\":%.0f,\"directorySize\":%lld,\"rssAfterInputKb\":%lld,"
                "\"rssAfterSnapshotKb\":%lld,\"rssEndKb\":%lld,\"peakKb\":%lld,"
                "\"directoryBytesPerInstanceBeyondStrings\":%.0f}\n",
                count, eventCount, snapshotMs, eventsMs,
                eventsMs > 0 ? eventCount * 1000.0 / eventsMs : 0.0,
                static_cast<long long>(directory.size()), inputKb, afterSnapshotKb, endKb,
                BenchData::statusKb("VmHWM:"), bytesPerInstance);
    return 0;
}
