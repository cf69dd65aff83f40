// bench-streamgen: writes the issue-8 watch stream as the server sends it
// (Server-Sent Events): one snapshot event of N instances, then M events in
// the mix 80 % heartbeats, 10 % label changes, 5 % deletes, 5 % new.
// Deterministic for a seed.
//
//   build/bench/bench-streamgen --instances 100000 --events 200000 -o /tmp/stream.sse
#include "benchdata.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSet>

#include <cstdio>

using namespace stellmap;

namespace {

void writeEvent(QFile &out, quint64 revision, const QByteArray &type, const QByteArray &data)
{
    out.write("id: " + QByteArray::number(revision) + "\nevent: " + type + "\ndata: " + data +
              "\n\n");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Writes the benchmark watch stream."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("instances"), QStringLiteral("Snapshot size."),
                      QStringLiteral("N"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("events"), QStringLiteral("Events after the snapshot."),
                      QStringLiteral("N"), QStringLiteral("200000")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Generator seed."),
                      QStringLiteral("N"), QStringLiteral("42")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("File to write."),
                      QStringLiteral("FILE")});
    parser.process(app);
    const int count = parser.value(QStringLiteral("instances")).toInt();
    const int eventCount = parser.value(QStringLiteral("events")).toInt();
    QFile out(parser.value(QStringLiteral("output")));
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "bench-streamgen: cannot write %s: %s\n", qPrintable(out.fileName()),
                     qPrintable(out.errorString()));
        return 2;
    }
    BenchData data(count, 500, parser.value(QStringLiteral("seed")).toUInt());

    WatchEvent snapshot;
    snapshot.type = WatchEvent::Type::Snapshot;
    snapshot.revision = data.snapshotRevision();
    snapshot.namespaceName = QStringLiteral("prod");
    // What a consumer must end with, to check the benchmark path (bench/run-quick).
    QSet<QString> live;
    for (const Instance &instance : data.snapshot()) {
        snapshot.instances.append(InstanceRecord::fromInstance(instance));
        live.insert(instance.key.service.service + QLatin1Char('/') + instance.key.instanceId);
    }
    writeEvent(out, snapshot.revision, "snapshot", snapshot.toJson());
    snapshot.instances.clear();
    for (int i = 0; i < eventCount; ++i) {
        const WatchEvent event = data.nextEvent();
        const QString key = event.service.service + QLatin1Char('/') + event.instanceId;
        if (event.type == WatchEvent::Type::Delete) {
            live.remove(key);
        } else {
            live.insert(key);
        }
        writeEvent(out, event.revision, WatchEvent::typeName(event.type).toUtf8(), event.toJson());
    }
    if (!out.flush() || out.error() != QFileDevice::NoError) {
        std::fprintf(stderr, "bench-streamgen: %s\n", qPrintable(out.errorString()));
        return 1;
    }
    std::printf("{\"file\":\"%s\",\"bytes\":%lld,\"events\":%d,\"revision\":%llu,"
                "\"instances\":%lld}\n",
                qPrintable(out.fileName()), static_cast<long long>(out.size()), eventCount + 1,
                static_cast<unsigned long long>(data.snapshotRevision() + eventCount),
                static_cast<long long>(live.size()));
    return 0;
}
