// Directory: batches of watch events give their net effect, in an order a
// model can apply (removed, added, changed); stale and unknown changes are no-ops.
#include "directory.h"

#include <QSignalSpy>
#include <QTest>

using namespace stellmap;

namespace {

Instance instance(const char *id, qint64 heartbeat = 0, const char *color = "gray")
{
    Instance i;
    i.key.namespaceName = QStringLiteral("ns");
    i.key.service = ServiceName::fromService(QStringLiteral("svc"));
    i.key.instanceId = QString::fromLatin1(id);
    i.labels = {{QStringLiteral("color"), QString::fromLatin1(color)}};
    i.leaseTtlSeconds = 3600;
    i.registeredAtUnix = QDateTime::currentSecsSinceEpoch();
    i.lastHeartbeatUnix = heartbeat == 0 ? i.registeredAtUnix : heartbeat;
    return i;
}

QStringList ids(const char *spaced)
{
    return QString::fromLatin1(spaced).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

QStringList idsOf(const QList<InstanceRef> &refs)
{
    QStringList ids;
    for (const InstanceRef &ref : refs) {
        ids.append(ref.instanceId);
    }
    ids.sort();
    return ids;
}

WatchEvent upsert(quint64 revision, const Instance &instance)
{
    return WatchEvent::upsertOf(revision, instance);
}

WatchEvent remove(quint64 revision, const char *id)
{
    return WatchEvent::deleteOf(revision, QStringLiteral("ns"), QStringLiteral("svc"),
                                QString::fromLatin1(id));
}

} // namespace

class TstDirectory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void batches_data();
    void batches();
    void snapshotDiff();
    void leaseExpiry();
    void repeatedTextsAreShared();
};

void TstDirectory::batches_data()
{
    QTest::addColumn<QList<WatchEvent>>("events");
    QTest::addColumn<QStringList>("added");
    QTest::addColumn<QStringList>("changed");
    QTest::addColumn<QStringList>("removed");
    QTest::addColumn<QStringList>("after");
    // The directory starts with a (revision 10) and b (revision 11).
    QTest::newRow("new instance") << QList<WatchEvent>{upsert(20, instance("c"))} << ids("c")
                                  << QStringList() << QStringList() << ids("a b c");
    QTest::newRow("label change") << QList<WatchEvent>{upsert(20, instance("a", 0, "red"))}
                                  << QStringList() << ids("a") << QStringList() << ids("a b");
    QTest::newRow("delete") << QList<WatchEvent>{remove(20, "b")} << QStringList() << QStringList()
                            << ids("b") << ids("a");
    QTest::newRow("delete of an unknown instance is nothing")
        << QList<WatchEvent>{remove(20, "zz")} << QStringList() << QStringList() << QStringList()
        << ids("a b");
    QTest::newRow("stale upsert ignored")
        << QList<WatchEvent>{upsert(10, instance("a", 0, "red"))} << QStringList() << QStringList()
        << QStringList() << ids("a b");
    QTest::newRow("stale delete ignored") << QList<WatchEvent>{remove(11, "b")} << QStringList()
                                          << QStringList() << QStringList() << ids("a b");
    QTest::newRow("added and removed in one batch: nothing to show")
        << QList<WatchEvent>{upsert(20, instance("c")), remove(21, "c")} << QStringList()
        << QStringList() << QStringList() << ids("a b");
    QTest::newRow("removed and back in one batch: changed")
        << QList<WatchEvent>{remove(20, "a"), upsert(21, instance("a", 0, "red"))} << QStringList()
        << ids("a") << QStringList() << ids("a b");
    QTest::newRow("changed then removed: removed")
        << QList<WatchEvent>{upsert(20, instance("a", 0, "red")), remove(21, "a")} << QStringList()
        << QStringList() << ids("a") << ids("b");
    QTest::newRow("identical upsert is no change")
        << QList<WatchEvent>{upsert(20, instance("a"))} << QStringList() << QStringList()
        << QStringList() << ids("a b");
}

void TstDirectory::batches()
{
    QFETCH(QList<WatchEvent>, events);
    QFETCH(QStringList, added);
    QFETCH(QStringList, changed);
    QFETCH(QStringList, removed);
    QFETCH(QStringList, after);
    Directory directory;
    const Instance a = instance("a");
    Instance b = instance("b");
    b.registeredAtUnix = a.registeredAtUnix;
    b.lastHeartbeatUnix = a.lastHeartbeatUnix;
    directory.applySnapshot(QStringLiteral("ns"), 9, QList<InstanceRecord>());
    directory.applyEvents({upsert(10, a), upsert(11, b)});
    // Events carry the same times as the starting state, so only real changes show.
    for (WatchEvent &event : events) {
        if (event.instance) {
            Instance same = event.instance.toInstance();
            same.registeredAtUnix = a.registeredAtUnix;
            same.lastHeartbeatUnix = a.lastHeartbeatUnix;
            event.instance = InstanceRecord::fromInstance(same);
        }
    }

    QStringList order;
    QStringList gotAdded, gotChanged, gotRemoved;
    connect(&directory, &Directory::instancesAdded, this, [&](const QList<InstanceRef> &refs) {
        order.append(QStringLiteral("added"));
        gotAdded = idsOf(refs);
    });
    connect(&directory, &Directory::instancesRemoved, this, [&](const QList<InstanceRef> &refs) {
        order.append(QStringLiteral("removed"));
        gotRemoved = idsOf(refs);
    });
    connect(&directory, &Directory::instancesChanged, this,
            [&](const QList<Directory::Change> &changes) {
                order.append(QStringLiteral("changed"));
                for (const Directory::Change &change : changes) {
                    gotChanged.append(change.ref.instanceId);
                    QVERIFY(change.fields != Directory::ChangedFields());
                }
            });
    directory.applyEvents(events);
    QCOMPARE(gotAdded, added);
    QCOMPARE(gotChanged, changed);
    QCOMPARE(gotRemoved, removed);
    QCOMPARE(directory.instanceIds(QStringLiteral("ns"), QStringLiteral("svc")), after);
    QCOMPARE(directory.size(), after.size());
    QStringList expectedOrder = order;
    std::sort(expectedOrder.begin(), expectedOrder.end(), [](const QString &x, const QString &y) {
        const QStringList rank = {QStringLiteral("removed"), QStringLiteral("added"),
                                  QStringLiteral("changed")};
        return rank.indexOf(x) < rank.indexOf(y);
    });
    QCOMPARE(order, expectedOrder);
}

void TstDirectory::snapshotDiff()
{
    Directory directory;
    QSignalSpy resets(&directory, &Directory::namespaceReset);
    directory.applySnapshot(QStringLiteral("ns"), 5, {instance("a"), instance("b")});
    QCOMPARE(resets.size(), 1); // the first snapshot builds the view
    QSignalSpy added(&directory, &Directory::instancesAdded);
    QSignalSpy removed(&directory, &Directory::instancesRemoved);
    QSignalSpy changed(&directory, &Directory::instancesChanged);
    Instance a = directory.find({QStringLiteral("ns"), QStringLiteral("svc"), QStringLiteral("a")})
                     .toInstance();
    a.zone = QStringLiteral("az9");
    // A resync at an older revision (another node) still replaces everything.
    directory.applySnapshot(QStringLiteral("ns"), 3, {a, instance("c")});
    QCOMPARE(resets.size(), 1);
    QCOMPARE(idsOf(added.first().first().value<QList<InstanceRef>>()), ids("c"));
    QCOMPARE(idsOf(removed.first().first().value<QList<InstanceRef>>()), ids("b"));
    const auto changes = changed.first().first().value<QList<Directory::Change>>();
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first().fields, Directory::ChangedFields(Directory::ZoneChanged));
    QCOMPARE(directory.revision(QStringLiteral("ns")), quint64(3));
    QCOMPARE(directory.instances(QStringLiteral("ns")).size(), 2);
}

void TstDirectory::leaseExpiry()
{
    Directory directory;
    Instance old = instance("old");
    old.leaseTtlSeconds = 5;
    old.lastHeartbeatUnix = QDateTime::currentSecsSinceEpoch() - 60;
    directory.applySnapshot(QStringLiteral("ns"), 1, {old, instance("fresh")});
    QSignalSpy expired(&directory, &Directory::leasesExpired);
    directory.checkLeases();
    QCOMPARE(expired.size(), 1);
    QCOMPARE(idsOf(expired.first().first().value<QList<InstanceRef>>()), ids("old"));
    const InstanceRef ref{QStringLiteral("ns"), QStringLiteral("svc"), QStringLiteral("old")};
    QVERIFY(directory.isExpired(ref));
    directory.checkLeases();
    QCOMPARE(expired.size(), 1); // reported once
    // Marked, not removed: only the server's delete removes it.
    QVERIFY(directory.find(ref));
    // A renewal clears the mark.
    old.lastHeartbeatUnix = QDateTime::currentSecsSinceEpoch();
    directory.applyEvents({upsert(2, old)});
    QVERIFY(!directory.isExpired(ref));
    // A server clock 2 minutes ahead expires it again.
    directory.setServerClockOffsetMs(120000);
    directory.checkLeases();
    QCOMPARE(expired.size(), 2);
}

void TstDirectory::repeatedTextsAreShared()
{
    Directory directory;
    // Decoded separately, as from two events: equal texts in separate allocations.
    Instance a = instance("a");
    Instance b = instance("b");
    b.labels = {{QString::fromUtf8("color"), QString::fromUtf8("gray")}};
    QVERIFY(a.labels.first().constData() != b.labels.first().constData());
    directory.applySnapshot(QStringLiteral("ns"), 1, {a, b});
    const InstanceRecord storedA =
        directory.find({QStringLiteral("ns"), QStringLiteral("svc"), QStringLiteral("a")});
    const InstanceRecord storedB =
        directory.find({QStringLiteral("ns"), QStringLiteral("svc"), QStringLiteral("b")});
    QCOMPARE(storedA.labelValueUtf8(0).data(), storedB.labelValueUtf8(0).data());
    QCOMPARE(storedA.labelKeyUtf8(0).data(), storedB.labelKeyUtf8(0).data());
    QCOMPARE(storedA.serviceUtf8().data(), storedB.serviceUtf8().data());
}

QTEST_GUILESS_MAIN(TstDirectory)
#include "tst_directory.moc"
