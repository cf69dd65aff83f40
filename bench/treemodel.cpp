// bench-treemodel: the browser's tree model fed by a Directory at registry
// scale: the first snapshot, then a resync that removes and adds thousands.
//
//   QT_QPA_PLATFORM=offscreen build/bench/bench-treemodel [--instances N] [--services N]
#include "benchdata.h"
#include "directory.h"
#include "instancefilterproxy.h"
#include "registrytreemodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>

#include <cstdio>
#include <functional>

using namespace stellmap;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("instances"), QStringLiteral("Instances."),
                      QStringLiteral("N"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("services"), QStringLiteral("Services."), QStringLiteral("N"),
                      QStringLiteral("500")});
    parser.addOption({QStringLiteral("grouped"), QStringLiteral("Group by hierarchy.")});
    parser.process(app);
    const int count = parser.value(QStringLiteral("instances")).toInt();
    const int services = qMax(1, parser.value(QStringLiteral("services")).toInt());

    // Leases far from expiry: the model's health roll-ups stay "alive".
    BenchData data(count, services);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const auto fresh = [now](Instance instance) {
        instance.leaseTtlSeconds = 3600;
        instance.registeredAtUnix = now;
        instance.lastHeartbeatUnix = now;
        return instance;
    };
    QList<Instance> snapshot;
    for (const Instance &instance : data.snapshot()) {
        snapshot.append(fresh(instance));
    }
    // The resync: every other instance gone, a tenth new ones.
    QList<Instance> resync;
    for (int i = 0; i < count; i += 2) {
        resync.append(snapshot.at(i));
    }
    for (int i = count; i < count + count / 10; ++i) {
        resync.append(fresh(data.makeInstance(i)));
    }

    Directory directory;
    RegistryTreeModel model(&directory);
    model.setGroupByHierarchy(parser.isSet(QStringLiteral("grouped")));
    model.addNamespace(QStringLiteral("prod"));
    QElapsedTimer timer;
    timer.start();
    directory.applySnapshot(QStringLiteral("prod"), 1, snapshot);
    const qint64 firstMs = timer.elapsed();
    timer.restart();
    directory.applySnapshot(QStringLiteral("prod"), 2, resync);
    const qint64 resyncMs = timer.elapsed();

    // A keystroke in the search box: the proxy filters the whole tree once.
    InstanceFilterProxy proxy;
    proxy.setSourceModel(&model);
    // Every shown row mapped, as an expanded view needs them.
    const std::function<int(const QModelIndex &)> mapAll = [&](const QModelIndex &parent) {
        int rows = proxy.rowCount(parent);
        for (int row = 0, count = rows; row < count; ++row) {
            rows += mapAll(proxy.index(row, 0, parent));
        }
        return rows;
    };
    const auto keystroke = [&proxy, &timer, &mapAll](const QString &text) {
        timer.restart();
        proxy.setFilterText(text);
        QCoreApplication::processEvents(); // a deferred refilter would run here
        mapAll(QModelIndex());
        proxy.shownInstances();
        return timer.elapsed();
    };
    const qint64 textMs = keystroke(QStringLiteral("app12"));
    const qint64 selectorMs = keystroke(QStringLiteral("version=v1.3"));
    const int shown = proxy.shownInstances();
    std::printf("{\"instances\":%d,\"services\":%d,\"grouped\":%s,\"firstSnapshotMs\":%lld,"
                "\"resyncMs\":%lld,\"removed\":%d,\"added\":%d,\"filterTextMs\":%lld,"
                "\"filterSelectorMs\":%lld,\"shownBySelector\":%d}\n",
                count, services, model.groupByHierarchy() ? "true" : "false", firstMs, resyncMs,
                count - int((count + 1) / 2), count / 10, textMs, selectorMs, shown);
    return 0;
}
