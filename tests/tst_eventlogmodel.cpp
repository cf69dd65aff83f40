// EventLogModel: what the event log dock lists, capped, heartbeats on request.
#include "eventlogmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace stellmap;

namespace {

WatchEvent upsert(quint64 revision, const QString &id, qint64 heartbeat, const QString &color)
{
    Instance instance;
    instance.key.namespaceName = QStringLiteral("ns");
    instance.key.service = ServiceName::fromService(QStringLiteral("svc"));
    instance.key.instanceId = id;
    instance.labels = {{QStringLiteral("color"), color}};
    instance.leaseTtlSeconds = 3600;
    instance.registeredAtUnix = 1;
    instance.lastHeartbeatUnix = heartbeat;
    return WatchEvent::upsertOf(revision, instance);
}

} // namespace

class TstEventLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void logsChanges_data();
    void logsChanges();
    void capped();
    void leaseExpiryHasNoRevision();
};

void TstEventLogModel::logsChanges_data()
{
    QTest::addColumn<bool>("heartbeats");
    QTest::addColumn<QStringList>("types");
    QTest::newRow("heartbeats hidden")
        << false
        << QStringList{QStringLiteral("snapshot"), QStringLiteral("added"),
                       QStringLiteral("changed")};
    QTest::newRow("heartbeats shown")
        << true
        << QStringList{QStringLiteral("snapshot"), QStringLiteral("added"),
                       QStringLiteral("heartbeat"), QStringLiteral("changed")};
}

void TstEventLogModel::logsChanges()
{
    QFETCH(bool, heartbeats);
    QFETCH(QStringList, types);
    Directory directory;
    EventLogModel log(&directory);
    QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::QtTest);
    log.setLogHeartbeats(heartbeats);
    directory.applySnapshot(QStringLiteral("ns"), 1, QList<InstanceRecord>());
    directory.applyEvents({upsert(2, QStringLiteral("a"), 10, QStringLiteral("gray"))});
    directory.applyEvents({upsert(3, QStringLiteral("a"), 20, QStringLiteral("gray"))});
    directory.applyEvents({upsert(4, QStringLiteral("a"), 20, QStringLiteral("red"))});
    QStringList logged;
    for (int row = 0; row < log.rowCount(); ++row) {
        logged.append(log.index(row, EventLogModel::TypeColumn).data().toString());
    }
    QCOMPARE(logged, types);
    const int last = log.rowCount() - 1;
    QCOMPARE(log.index(last, EventLogModel::DetailColumn).data().toString(),
             QStringLiteral("labels"));
    QCOMPARE(log.index(last, EventLogModel::RevisionColumn).data().toULongLong(), quint64(4));
    QCOMPARE(log.index(last, EventLogModel::InstanceColumn).data().toString(), QStringLiteral("a"));

    // Turning heartbeats off hides those already logged too.
    directory.applyEvents({upsert(5, QStringLiteral("a"), 30, QStringLiteral("red")),
                           upsert(6, QStringLiteral("b"), 30, QStringLiteral("red"))});
    log.setLogHeartbeats(false);
    logged.clear();
    for (int row = 0; row < log.rowCount(); ++row) {
        logged.append(log.index(row, EventLogModel::TypeColumn).data().toString());
    }
    QVERIFY(!logged.contains(QStringLiteral("heartbeat")));
    QCOMPARE(logged.last(), QStringLiteral("added"));
}

void TstEventLogModel::leaseExpiryHasNoRevision()
{
    // Noticed locally by the server's clock: not a server event, so no revision,
    // and never while the namespace is not live (a stale copy misses renewals).
    Directory directory;
    EventLogModel log(&directory);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const Instance alive =
        upsert(2, QStringLiteral("a"), now, QStringLiteral("gray")).instance.toInstance();
    directory.applySnapshot(QStringLiteral("ns"), 7, QList<Instance>{alive});
    directory.setLive(QStringLiteral("ns"), false);
    directory.setServerClockOffsetMs(qint64(7200) * 1000); // two hours later, still down
    directory.checkLeases();
    QCOMPARE(log.rowCount(), 1); // the snapshot only
    directory.setLive(QStringLiteral("ns"), true);
    directory.checkLeases();
    QCOMPARE(log.rowCount(), 2);
    QCOMPARE(log.index(1, EventLogModel::TypeColumn).data().toString(),
             QStringLiteral("lease ran out"));
    QVERIFY(log.index(1, EventLogModel::RevisionColumn).data().isNull());
}

void TstEventLogModel::capped()
{
    Directory directory;
    EventLogModel log(&directory);
    QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::QtTest);
    log.setCapacity(50);
    for (int i = 0; i < 120; ++i) {
        EventLogModel::Entry entry;
        entry.revision = quint64(i + 1);
        entry.type = QStringLiteral("added");
        log.append(entry);
    }
    QCOMPARE(log.rowCount(), 50);
    QCOMPARE(log.entry(0).revision, quint64(71)); // the oldest went first
    QCOMPARE(log.entry(49).revision, quint64(120));
    QList<EventLogModel::Entry> many(80);
    log.append(many);
    QCOMPARE(log.rowCount(), 50);
}

QTEST_MAIN(TstEventLogModel)
#include "tst_eventlogmodel.moc"
