// bench-uistall: how long the UI thread stalls while a storm of watch events
// arrives with the tree visible. A Directory, the tree model, the filter proxy
// and a QTreeView (expanded namespaces) get the issue-8 event mix at RATE
// events per second, in batches every 10 ms as the watch stream delivers
// them. A probe timer (every 5 ms) measures how late the event loop runs it:
// that lateness is the stall a user feels. RSS is sampled at the start and
// the end to see growth.
//
//   QT_QPA_PLATFORM=offscreen build/bench/bench-uistall [--instances N] [--rate R]
//       [--seconds S] [--filter TEXT [--collapsed]]
#include "benchdata.h"
#include "directory.h"
#include "instancefilterproxy.h"
#include "registrytreemodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace stellmap;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("instances"), QStringLiteral("Snapshot size."),
                      QStringLiteral("N"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("rate"), QStringLiteral("Events per second."),
                      QStringLiteral("R"), QStringLiteral("5000")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Duration."), QStringLiteral("S"),
                      QStringLiteral("60")});
    parser.addOption({QStringLiteral("filter"), QStringLiteral("Search box text while it runs."),
                      QStringLiteral("TEXT")});
    parser.addOption(
        {QStringLiteral("collapsed"),
         QStringLiteral("With --filter: leave services collapsed (the window expands all).")});
    parser.process(app);
    const int count = parser.value(QStringLiteral("instances")).toInt();
    const int rate = qMax(1, parser.value(QStringLiteral("rate")).toInt());
    const int seconds = qMax(1, parser.value(QStringLiteral("seconds")).toInt());

    // Leases that stay alive for the run, as renewals keep them in a real registry.
    BenchData data(count);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QList<Instance> snapshot = data.snapshot();
    for (Instance &instance : snapshot) {
        instance.leaseTtlSeconds = 3600;
        instance.registeredAtUnix = now;
        instance.lastHeartbeatUnix = now;
    }
    Directory directory;
    RegistryTreeModel model(&directory);
    model.addNamespace(QStringLiteral("prod"));
    InstanceFilterProxy proxy;
    proxy.setSourceModel(&model);
    QTreeView view;
    view.setModel(&proxy);
    view.setUniformRowHeights(true);
    view.resize(1400, 900);
    view.show();
    directory.applySnapshot(QStringLiteral("prod"), data.snapshotRevision(), snapshot);
    snapshot.clear();
    view.expand(proxy.index(0, 0));
    if (parser.isSet(QStringLiteral("filter"))) {
        proxy.setFilterText(parser.value(QStringLiteral("filter")));
        if (!parser.isSet(QStringLiteral("collapsed"))) {
            view.expandAll(); // what the window does while filtering
        }
    }
    QCoreApplication::processEvents();

    // Events are made ahead of time so that generating them is not measured.
    const int batchMs = 10;
    const int perBatch = qMax(1, rate * batchMs / 1000);
    const int batches = seconds * 1000 / batchMs;
    std::vector<QList<WatchEvent>> storm{static_cast<size_t>(batches)};
    TextPool texts;
    for (QList<WatchEvent> &batch : storm) {
        batch.reserve(perBatch);
        for (int i = 0; i < perBatch; ++i) {
            WatchEvent event = data.nextEvent();
            if (event.instance) {
                Instance fresh = event.instance.toInstance();
                fresh.leaseTtlSeconds = 3600;
                fresh.registeredAtUnix = now;
                fresh.lastHeartbeatUnix = now + i % 60;
                event.instance = InstanceRecord::fromInstance(fresh, &texts);
            }
            batch.append(std::move(event));
        }
    }

    // Growth is measured from here: the storm's own events are already made.
    const qint64 startKb = BenchData::statusKb("VmRSS:");
    QElapsedTimer clock;
    clock.start();
    size_t next = 0;
    QTimer feeder;
    feeder.setTimerType(Qt::PreciseTimer);
    feeder.setInterval(batchMs);
    QObject::connect(&feeder, &QTimer::timeout, &directory, [&] {
        // Catch up on time lost to a stall, as a stream's buffered bytes would, but
        // a few batches per turn: the watch session delivers one batch per turn too.
        for (int turn = 0;
             turn < 4 && next < storm.size() && qint64(next) * batchMs <= clock.elapsed(); ++turn) {
            directory.applyEvents(storm[next]);
            storm[next++] = {}; // delivered: a stream would not keep it either
        }
        if (next >= storm.size()) {
            feeder.stop();
            QCoreApplication::quit();
        }
    });
    std::vector<qint64> lateness;
    QElapsedTimer sinceProbe;
    sinceProbe.start();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, &directory,
                     [&] { lateness.push_back(qMax<qint64>(0, sinceProbe.restart() - 5)); });
    feeder.start();
    probe.start();
    app.exec();
    const qint64 wallMs = clock.elapsed();
    const qint64 endKb = BenchData::statusKb("VmRSS:");

    std::sort(lateness.begin(), lateness.end());
    const auto percentile = [&lateness](double p) {
        return lateness.empty() ? qint64(0) : lateness[size_t(p * double(lateness.size() - 1))];
    };
    std::printf("{\"instances\":%d,\"rate\":%d,\"seconds\":%d,\"filter\":\"%s\",\"wallMs\":%lld,"
                "\"stallP50Ms\":%lld,\"stallP99Ms\":%lld,\"stallMaxMs\":%lld,\"rssStartKb\":%lld,"
                "\"rssEndKb\":%lld,\"events\":%d}\n",
                count, rate, seconds, qPrintable(parser.value(QStringLiteral("filter"))), wallMs,
                percentile(0.5), percentile(0.99), lateness.empty() ? 0 : lateness.back(), startKb,
                endKb, batches * perBatch);
    return 0;
}
