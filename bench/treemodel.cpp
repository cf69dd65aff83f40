// bench-treemodel: the browser's tree model fed by a Directory at registry
// scale: the first snapshot, then a resync that removes and adds thousands.
//
//   QT_QPA_PLATFORM=offscreen build/bench/bench-treemodel [--instances N] [--services N]
#include "directory.h"
#include "registrytreemodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>

#include <cstdio>

using namespace stellmap;

namespace {

Instance makeInstance(int index, int services)
{
    Instance instance;
    instance.key.namespaceName = QStringLiteral("prod");
    instance.key.service = ServiceName::fromService(QStringLiteral("acme.bd%1.cap%2.app%3.api")
                                                        .arg(index % 7)
                                                        .arg(index % 31)
                                                        .arg(index % services));
    instance.key.instanceId = QStringLiteral("instance-%1").arg(index, 7, 10, QLatin1Char('0'));
    instance.zone = QStringLiteral("az%1").arg(index % 3);
    instance.labels = {{QStringLiteral("color"), QStringLiteral("gray")}};
    instance.endpoints = {Endpoint{QStringLiteral("http"), QStringLiteral("http"),
                                   QStringLiteral("10.0.0.1"), 8080, QString(), 100}};
    instance.leaseTtlSeconds = 3600;
    instance.registeredAtUnix = QDateTime::currentSecsSinceEpoch();
    return instance;
}

} // namespace

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

    QList<Instance> snapshot;
    for (int i = 0; i < count; ++i) {
        snapshot.append(makeInstance(i, services));
    }
    // The resync: every other instance gone, a tenth new ones.
    QList<Instance> resync;
    for (int i = 0; i < count; i += 2) {
        resync.append(snapshot.at(i));
    }
    for (int i = count; i < count + count / 10; ++i) {
        resync.append(makeInstance(i, services));
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
    std::printf("{\"instances\":%d,\"services\":%d,\"grouped\":%s,\"firstSnapshotMs\":%lld,"
                "\"resyncMs\":%lld,\"removed\":%d,\"added\":%d}\n",
                count, services, model.groupByHierarchy() ? "true" : "false", firstMs, resyncMs,
                count - int((count + 1) / 2), count / 10);
    return 0;
}
