// RegistryTreeModel and InstanceFilterProxy while a Directory is fed inserts,
// updates, deletes and resyncs: QAbstractItemModelTester watches both, and the
// tree must mirror the directory after every step.
#include "directory.h"
#include "instancefilterproxy.h"
#include "registrytreemodel.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace stellmap;

namespace {

Instance makeInstance(const QString &ns, const QString &service, const QString &id,
                      const StringMap &labels = {}, const QString &zone = QString())
{
    Instance instance;
    instance.key.namespaceName = ns;
    instance.key.service = ServiceName::fromService(service);
    instance.key.instanceId = id;
    instance.labels = labels;
    instance.zone = zone;
    instance.endpoints = {Endpoint{QStringLiteral("http"), QStringLiteral("http"),
                                   QStringLiteral("10.0.0.") + id.right(1), 8080, QString(), 100}};
    instance.leaseTtlSeconds = 3600;
    instance.registeredAtUnix = QDateTime::currentSecsSinceEpoch();
    instance.lastHeartbeatUnix = instance.registeredAtUnix;
    return instance;
}

//! "ns/service/id" of every instance row, in row order.
QStringList modelPaths(const QAbstractItemModel &model, const QModelIndex &parent = {},
                       const QString &prefix = {})
{
    QStringList paths;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex child = model.index(row, 0, parent);
        const QString path = prefix + child.data().toString();
        if (child.data(RegistryTreeModel::KindRole).toInt() == RegistryTreeModel::InstanceKind) {
            paths.append(path);
        } else {
            paths += modelPaths(model, child, path + QLatin1Char('/'));
        }
    }
    return paths;
}

//! Where the tree shows an instance (grouped: the five parts as levels).
QString pathOf(const QString &ns, const QString &service, const QString &id, bool grouped)
{
    const QString shown = grouped && ServiceName::parse(service)
                              ? QString(service).replace(QLatin1Char('.'), QLatin1Char('/'))
                              : service;
    return ns + QLatin1Char('/') + shown + QLatin1Char('/') + id;
}

//! Rows other than namespaces and instances that show no row under them.
QStringList emptyParents(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    QStringList empty;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex child = model.index(row, 0, parent);
        const int kind = child.data(RegistryTreeModel::KindRole).toInt();
        if (kind == RegistryTreeModel::InstanceKind) {
            continue;
        }
        if (kind != RegistryTreeModel::NamespaceKind && model.rowCount(child) == 0) {
            empty.append(child.data().toString());
        }
        empty += emptyParents(model, child);
    }
    return empty;
}

//! Tree order: siblings sorted by name at every level.
bool treeOrder(const QString &a, const QString &b)
{
    return a.split(QLatin1Char('/')) < b.split(QLatin1Char('/'));
}

//! The directory's instances as the tree should show them.
QStringList directoryPaths(const Directory &directory, bool grouped = false)
{
    QStringList paths;
    for (const QString &ns : directory.namespaces()) {
        for (const QString &service : directory.services(ns)) {
            for (const QString &id : directory.instanceIds(ns, service)) {
                paths.append(pathOf(ns, service, id, grouped));
            }
        }
    }
    std::sort(paths.begin(), paths.end(), treeOrder);
    return paths;
}

//! Where the tree shows the instances labelled color=blue.
QStringList bluePaths(const Directory &directory, const QStringList &namespaces, bool grouped)
{
    QStringList blue;
    for (const QString &ns : namespaces) {
        for (const Instance &instance : directory.instances(ns)) {
            if (instance.labels.value(QStringLiteral("color")) == QLatin1String("blue")) {
                blue.append(
                    pathOf(ns, instance.key.service.service, instance.key.instanceId, grouped));
            }
        }
    }
    std::sort(blue.begin(), blue.end(), treeOrder);
    return blue;
}

} // namespace

class TstRegistryTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mirrorsDirectory();
    void randomChurnStaysConsistent_data();
    void randomChurnStaysConsistent();
    void groupingRollsUp();
    void plainServiceNamedLikeAnOrganization();
    void flashingRowsOfAResetNamespace();
    void keepsSelectionAcrossResync();
    void rollUpsAndHealth();
    void staleNamespaceIsJudgedAsOfWhenItStopped();
    void filter_data();
    void filter();
    void invalidSelectorKeepsFilter();
    void freeTextFoldsCaseAsQtDoes_data();
    void freeTextFoldsCaseAsQtDoes();
};

void TstRegistryTreeModel::mirrorsDirectory()
{
    Directory directory;
    RegistryTreeModel model(&directory);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    InstanceFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addNamespace(QStringLiteral("prod"));
    QCOMPARE(model.rowCount(), 1);

    const QString ns = QStringLiteral("prod");
    directory.applySnapshot(ns, 10,
                            {makeInstance(ns, QStringLiteral("b.svc"), QStringLiteral("b1")),
                             makeInstance(ns, QStringLiteral("a.svc"), QStringLiteral("a2")),
                             makeInstance(ns, QStringLiteral("a.svc"), QStringLiteral("a1"))});
    QCOMPARE(modelPaths(model), directoryPaths(directory));
    QCOMPARE(modelPaths(model).first(), QStringLiteral("prod/a.svc/a1"));

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    directory.applyEvents(
        {WatchEvent::upsertOf(11, makeInstance(ns, QStringLiteral("a.svc"), QStringLiteral("a0"))),
         WatchEvent::upsertOf(12, makeInstance(ns, QStringLiteral("c.svc"), QStringLiteral("c1"))),
         WatchEvent::deleteOf(13, ns, QStringLiteral("b.svc"), QStringLiteral("b1"))});
    QCOMPARE(modelPaths(model), directoryPaths(directory));
    // a0 at row 0 of a.svc; c.svc as a new service row, then c1 inside it.
    QCOMPARE(inserted.size(), 3);
    // b1, then its empty service.
    QCOMPARE(removed.size(), 2);
    QCOMPARE(resets.size(), 0);

    // A label change: dataChanged on that row, and it flashes.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    directory.applyEvents({WatchEvent::upsertOf(
        14, makeInstance(ns, QStringLiteral("a.svc"), QStringLiteral("a1"),
                         {{QStringLiteral("color"), QStringLiteral("red")}}))});
    QVERIFY(!changed.isEmpty());
    const QModelIndex a1 = model.indexOf(ns, QStringLiteral("a.svc"), QStringLiteral("a1"));
    QCOMPARE(changed.first().at(0).toModelIndex(), a1);
    QVERIFY(a1.data(RegistryTreeModel::FlashRole).toBool());

    // A resync to an older state: differences only, never a reset.
    directory.applySnapshot(ns, 9,
                            {makeInstance(ns, QStringLiteral("b.svc"), QStringLiteral("b1"))});
    QCOMPARE(modelPaths(model), directoryPaths(directory));
    QCOMPARE(resets.size(), 0);
    QCOMPARE(modelPaths(proxy), modelPaths(model));

    directory.removeNamespace(ns);
    QCOMPARE(model.rowCount(), 1); // still watched, now empty
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
}

void TstRegistryTreeModel::randomChurnStaysConsistent_data()
{
    QTest::addColumn<bool>("grouped");
    //! The filtered view is read after every batch (every row mapped), or only at the end.
    QTest::addColumn<bool>("eager");
    QTest::newRow("services") << false << true;
    QTest::newRow("grouped by hierarchy") << true << true;
    QTest::newRow("services, filtered view read at the end") << false << false;
    QTest::newRow("grouped, filtered view read at the end") << true << false;
}

void TstRegistryTreeModel::randomChurnStaysConsistent()
{
    QFETCH(bool, grouped);
    QFETCH(bool, eager);
    Directory directory;
    RegistryTreeModel model(&directory);
    model.setGroupByHierarchy(grouped);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    InstanceFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(proxy.setFilterText(QStringLiteral("color=blue")).isEmpty());
    QRandomGenerator random(7);
    quint64 revision = 1;
    const QStringList namespaces = {QStringLiteral("n1"), QStringLiteral("n2")};
    for (const QString &ns : namespaces) {
        directory.applySnapshot(ns, revision++, QList<InstanceRecord>());
    }
    for (int round = 0; round < 200; ++round) {
        QList<WatchEvent> batch;
        const int size = random.bounded(1, 8);
        for (int i = 0; i < size; ++i) {
            const QString ns = namespaces.at(random.bounded(2));
            // Five-part names sharing levels, and plain names.
            const QStringList services = {QStringLiteral("acme.trade.order.center.api"),
                                          QStringLiteral("acme.trade.order.center.worker"),
                                          QStringLiteral("acme.pay.ledger.core.api"),
                                          QStringLiteral("legacy-svc")};
            const QString service = services.at(random.bounded(4));
            const QString id = QStringLiteral("i%1").arg(random.bounded(6));
            if (random.bounded(3) == 0) {
                batch.append(WatchEvent::deleteOf(revision++, ns, service, id));
            } else {
                const QString color =
                    random.bounded(2) ? QStringLiteral("blue") : QStringLiteral("red");
                const QStringList zones = {QString(), QStringLiteral("az1"), QStringLiteral("az2"),
                                           QStringLiteral("az3")};
                batch.append(WatchEvent::upsertOf(
                    revision++, makeInstance(ns, service, id, {{QStringLiteral("color"), color}},
                                             zones.at(random.bounded(4)))));
            }
        }
        directory.applyEvents(batch);
        QCOMPARE(modelPaths(model), directoryPaths(directory, grouped));
        if (eager) {
            // The filtered view follows every batch at once, with no empty parents.
            QCOMPARE(modelPaths(proxy), bluePaths(directory, namespaces, grouped));
            QCOMPARE(emptyParents(proxy), QStringList());
            proxy.shownInstances(); // counted mid-stream: cached counts must follow later changes
        }
        if (round == 100) {
            // Switching the view mid-stream rebuilds it from the directory.
            model.setGroupByHierarchy(!grouped);
            QCOMPARE(modelPaths(model), directoryPaths(directory, !grouped));
            model.setGroupByHierarchy(grouped);
        }
        if (round % 50 == 0) {
            // A resync of one namespace to a random subset.
            QList<Instance> kept;
            for (const Instance &instance : directory.instances(namespaces.first())) {
                if (random.bounded(2)) {
                    kept.append(instance);
                }
            }
            directory.applySnapshot(namespaces.first(), revision++, kept);
            QCOMPARE(modelPaths(model), directoryPaths(directory, grouped));
        }
    }
    // The proxy shows exactly the blue ones.
    const QStringList blue = bluePaths(directory, namespaces, grouped);
    QCOMPARE(modelPaths(proxy), blue);
    QCOMPARE(emptyParents(proxy), QStringList());
    QCOMPARE(proxy.shownInstances(), blue.size());
    // The zone picker's list follows the directory (from the cached roll-ups).
    QStringList zones;
    for (const QString &ns : namespaces) {
        for (const Instance &instance : directory.instances(ns)) {
            if (!instance.zone.isEmpty() && !zones.contains(instance.zone)) {
                zones.append(instance.zone);
            }
        }
    }
    zones.sort();
    QCOMPARE(model.zones(), zones);
}

void TstRegistryTreeModel::groupingRollsUp()
{
    Directory directory;
    RegistryTreeModel model(&directory);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setGroupByHierarchy(true);
    const QString ns = QStringLiteral("prod");
    directory.applySnapshot(
        ns, 1,
        {makeInstance(ns, QStringLiteral("acme.trade.order.center.api"), QStringLiteral("a1"), {},
                      QStringLiteral("az1")),
         makeInstance(ns, QStringLiteral("acme.trade.order.center.worker"), QStringLiteral("w1"),
                      {}, QStringLiteral("az2")),
         makeInstance(ns, QStringLiteral("acme.pay.ledger.core.api"), QStringLiteral("p1")),
         makeInstance(ns, QStringLiteral("legacy-svc"), QStringLiteral("l1"))});
    QCOMPARE(modelPaths(model),
             QStringList({QStringLiteral("prod/acme/pay/ledger/core/api/p1"),
                          QStringLiteral("prod/acme/trade/order/center/api/a1"),
                          QStringLiteral("prod/acme/trade/order/center/worker/w1"),
                          QStringLiteral("prod/legacy-svc/l1")}));
    const QModelIndex acme = model.index(0, 0, model.indexOf(ns));
    QCOMPARE(acme.data().toString(), QStringLiteral("acme"));
    QCOMPARE(acme.data(RegistryTreeModel::KindRole).toInt(), int(RegistryTreeModel::GroupKind));
    QCOMPARE(acme.siblingAtColumn(RegistryTreeModel::CountColumn).data().toInt(), 3);
    const QModelIndex center =
        model.indexOf(ns, QStringLiteral("acme.trade.order.center.api")).parent();
    QCOMPARE(center.data().toString(), QStringLiteral("center"));
    QCOMPARE(center.siblingAtColumn(RegistryTreeModel::CountColumn).data().toInt(), 2);
    QCOMPARE(center.siblingAtColumn(RegistryTreeModel::ZoneColumn).data().toString(),
             QStringLiteral("az1, az2"));
    const QModelIndex api = model.indexOf(ns, QStringLiteral("acme.trade.order.center.api"));
    QCOMPARE(api.data().toString(), QStringLiteral("api"));
    QCOMPARE(api.data(RegistryTreeModel::ServiceRole).toString(),
             QStringLiteral("acme.trade.order.center.api"));
    // The last instance of a branch takes its empty groups with it.
    directory.applyEvents({WatchEvent::deleteOf(2, ns, QStringLiteral("acme.pay.ledger.core.api"),
                                                QStringLiteral("p1"))});
    QCOMPARE(model.rowCount(acme), 1); // only "trade" is left under acme
    QCOMPARE(acme.siblingAtColumn(RegistryTreeModel::CountColumn).data().toInt(), 2);
}

void TstRegistryTreeModel::plainServiceNamedLikeAnOrganization()
{
    // In the grouped view the plain service "acme" and the organization "acme" are siblings.
    for (const bool plainFirst : {true, false}) {
        Directory directory;
        RegistryTreeModel model(&directory);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGroupByHierarchy(true);
        const QString ns = QStringLiteral("prod");
        directory.applySnapshot(ns, 1, QList<InstanceRecord>());
        const Instance plain = makeInstance(ns, QStringLiteral("acme"), QStringLiteral("p1"));
        const Instance structured =
            makeInstance(ns, QStringLiteral("acme.b.c.d.e"), QStringLiteral("x1"));
        directory.applyEvents({WatchEvent::upsertOf(2, plainFirst ? plain : structured)});
        directory.applyEvents({WatchEvent::upsertOf(3, plainFirst ? structured : plain)});
        QStringList shown = modelPaths(model);
        shown.sort();
        QCOMPARE(shown, QStringList({QStringLiteral("prod/acme/b/c/d/e/x1"),
                                     QStringLiteral("prod/acme/p1")}));
        QCOMPARE(model.indexOf(ns, QStringLiteral("acme"), QStringLiteral("p1")).data().toString(),
                 QStringLiteral("p1"));
        directory.applyEvents(
            {WatchEvent::deleteOf(4, ns, QStringLiteral("acme"), QStringLiteral("p1"))});
        QCOMPARE(modelPaths(model), QStringList{QStringLiteral("prod/acme/b/c/d/e/x1")});
        QCOMPARE(model.rowCount(model.indexOf(ns)), 1);
    }
}

void TstRegistryTreeModel::flashingRowsOfAResetNamespace()
{
    // Rows deep in the grouped view flash; the namespace goes; the next tick must not touch them.
    Directory directory;
    RegistryTreeModel model(&directory);
    model.setGroupByHierarchy(true);
    model.setFlashMs(100);
    const QString ns = QStringLiteral("prod");
    directory.applySnapshot(ns, 1, QList<InstanceRecord>());
    directory.applyEvents({WatchEvent::upsertOf(
        2, makeInstance(ns, QStringLiteral("a.b.c.d.e"), QStringLiteral("i1")))});
    directory.removeNamespace(ns);
    directory.applyEvents(
        {WatchEvent::upsertOf(3, makeInstance(QStringLiteral("other"), QStringLiteral("a.b.c.d.e"),
                                              QStringLiteral("i2")))});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(changed.wait(3000)); // the once-a-second tick ran over the remaining rows
    QCOMPARE(model.rowCount(model.indexOf(ns)), 0);
}

void TstRegistryTreeModel::keepsSelectionAcrossResync()
{
    Directory directory;
    RegistryTreeModel model(&directory);
    const QString ns = QStringLiteral("prod");
    directory.applySnapshot(ns, 1,
                            {makeInstance(ns, QStringLiteral("svc"), QStringLiteral("a")),
                             makeInstance(ns, QStringLiteral("svc"), QStringLiteral("b")),
                             makeInstance(ns, QStringLiteral("svc"), QStringLiteral("c"))});
    const QPersistentModelIndex selected =
        model.indexOf(ns, QStringLiteral("svc"), QStringLiteral("c"));
    QVERIFY(selected.isValid());
    directory.applySnapshot(ns, 5,
                            {makeInstance(ns, QStringLiteral("svc"), QStringLiteral("c")),
                             makeInstance(ns, QStringLiteral("svc"), QStringLiteral("d"))});
    QVERIFY(selected.isValid()); // persistent indexes follow the row through the resync
    QCOMPARE(selected.data().toString(), QStringLiteral("c"));
    QCOMPARE(selected.row(), 0);
}

void TstRegistryTreeModel::rollUpsAndHealth()
{
    Directory directory;
    RegistryTreeModel model(&directory);
    model.setNearExpirySeconds(10);
    const QString ns = QStringLiteral("prod");
    Instance expiring =
        makeInstance(ns, QStringLiteral("svc"), QStringLiteral("a"), {}, QStringLiteral("az1"));
    expiring.leaseTtlSeconds = 30;
    expiring.lastHeartbeatUnix = QDateTime::currentSecsSinceEpoch() - 25;
    Instance expired =
        makeInstance(ns, QStringLiteral("svc"), QStringLiteral("b"), {}, QStringLiteral("az2"));
    expired.leaseTtlSeconds = 5;
    expired.lastHeartbeatUnix = QDateTime::currentSecsSinceEpoch() - 60;
    directory.applySnapshot(
        ns, 1,
        {expiring, expired,
         makeInstance(ns, QStringLiteral("svc"), QStringLiteral("c"), {}, QStringLiteral("az1"))});
    const QModelIndex service = model.indexOf(ns, QStringLiteral("svc"));
    QCOMPARE(
        model.index(service.row(), RegistryTreeModel::CountColumn, service.parent()).data().toInt(),
        3);
    QCOMPARE(model.index(service.row(), RegistryTreeModel::ZoneColumn, service.parent())
                 .data()
                 .toString(),
             QStringLiteral("az1, az2"));
    QCOMPARE(model.index(service.row(), RegistryTreeModel::HealthColumn, service.parent())
                 .data()
                 .toString(),
             QStringLiteral("1 alive · 1 expiring · 1 expired"));
    QCOMPARE(service.data(RegistryTreeModel::HealthRole).toInt(), int(RegistryTreeModel::Expired));
    const QModelIndex b = model.indexOf(ns, QStringLiteral("svc"), QStringLiteral("b"),
                                        RegistryTreeModel::LeaseColumn);
    QVERIFY2(b.data().toString().startsWith(QLatin1String("expired")),
             qPrintable(b.data().toString()));
    const QModelIndex a = model.indexOf(ns, QStringLiteral("svc"), QStringLiteral("a"),
                                        RegistryTreeModel::HeartbeatColumn);
    QCOMPARE(a.data().toString(), QStringLiteral("25 s ago"));
    QCOMPARE(model.indexOf(ns).siblingAtColumn(RegistryTreeModel::CountColumn).data().toInt(), 3);
}

void TstRegistryTreeModel::staleNamespaceIsJudgedAsOfWhenItStopped()
{
    // While a stream is down nothing renews the copy: its instances must not
    // turn "expired" on screen just because time passes.
    Directory directory;
    RegistryTreeModel model(&directory);
    const QString ns = QStringLiteral("prod");
    model.addNamespace(ns);
    directory.applySnapshot(ns, 1, {makeInstance(ns, QStringLiteral("svc"), QStringLiteral("i1"))});
    const QModelIndex instance = model.indexOf(ns, QStringLiteral("svc"), QStringLiteral("i1"),
                                               RegistryTreeModel::HealthColumn);
    QCOMPARE(instance.data(RegistryTreeModel::HealthRole).toInt(), int(RegistryTreeModel::Alive));
    directory.setLive(ns, false);
    directory.setServerClockOffsetMs(qint64(7200) * 1000); // two hours later, still down
    QCOMPARE(instance.data(RegistryTreeModel::HealthRole).toInt(), int(RegistryTreeModel::Alive));
    QCOMPARE(model.indexOf(ns, QStringLiteral("svc"), QString(), RegistryTreeModel::HealthColumn)
                 .data()
                 .toString(),
             QStringLiteral("1 alive"));
    directory.setLive(ns, true); // back, and no renewal came: now it has run out
    QCOMPARE(instance.data(RegistryTreeModel::HealthRole).toInt(), int(RegistryTreeModel::Expired));
}

void TstRegistryTreeModel::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QStringList>("shown");
    const auto row = [](const char *name, const char *text, const char *zone, const char *shown) {
        QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(zone)
                            << QString::fromUtf8(shown).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    };
    row("nothing", "", "", "prod/order.api/o1 prod/order.api/o2 prod/pay.api/p1");
    row("instance id", "o2", "", "prod/order.api/o2");
    row("service name shows all its instances", "order", "", "prod/order.api/o1 prod/order.api/o2");
    row("host", "10.0.0.1", "", "prod/order.api/o1 prod/pay.api/p1");
    row("label value", "canary", "", "prod/order.api/o2");
    row("two words", "order gray", "", "prod/order.api/o1");
    row("selector", "color=gray", "", "prod/order.api/o1 prod/pay.api/p1");
    row("selector !=", "color!=gray", "", "prod/order.api/o2");
    row("selector in", "track in (canary,beta)", "", "prod/order.api/o2");
    row("selector !key", "!track", "", "prod/order.api/o1 prod/pay.api/p1");
    row("zone", "", "az2", "prod/order.api/o2 prod/pay.api/p1");
    row("zone and selector", "color=gray", "az1", "prod/order.api/o1");
    row("no match", "nothing-like-this", "", "");
}

void TstRegistryTreeModel::filter()
{
    QFETCH(QString, text);
    QFETCH(QString, zone);
    QFETCH(QStringList, shown);
    Directory directory;
    RegistryTreeModel model(&directory);
    InstanceFilterProxy proxy;
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    const QString ns = QStringLiteral("prod");
    directory.applySnapshot(
        ns, 1,
        {makeInstance(ns, QStringLiteral("order.api"), QStringLiteral("o1"),
                      {{QStringLiteral("color"), QStringLiteral("gray")}}, QStringLiteral("az1")),
         makeInstance(ns, QStringLiteral("order.api"), QStringLiteral("o2"),
                      {{QStringLiteral("color"), QStringLiteral("blue")},
                       {QStringLiteral("track"), QStringLiteral("canary")}},
                      QStringLiteral("az2")),
         makeInstance(ns, QStringLiteral("pay.api"), QStringLiteral("p1"),
                      {{QStringLiteral("color"), QStringLiteral("gray")}}, QStringLiteral("az2"))});
    QCOMPARE(proxy.setFilterText(text), QString());
    proxy.setZone(zone);
    QCOMPARE(modelPaths(proxy), shown);
    QCOMPARE(proxy.shownInstances(), shown.size());
    // Counts of services and namespaces say how many of their instances are shown.
    if (proxy.isFiltering() && !shown.isEmpty()) {
        const QModelIndex ns = proxy.index(0, RegistryTreeModel::CountColumn);
        QCOMPARE(ns.data().toString(), QStringLiteral("%1 / 3").arg(shown.size()));
        // A service's zones and health are those of its shown instances.
        const QModelIndex nsName = proxy.index(0, 0);
        for (int row = 0; row < proxy.rowCount(nsName); ++row) {
            const QModelIndex service = proxy.index(row, 0, nsName);
            QStringList zones;
            for (int i = 0; i < proxy.rowCount(service); ++i) {
                const QString zone =
                    proxy.index(i, RegistryTreeModel::ZoneColumn, service).data().toString();
                if (!zones.contains(zone)) {
                    zones.append(zone);
                }
            }
            zones.sort();
            QCOMPARE(service.siblingAtColumn(RegistryTreeModel::ZoneColumn).data().toString(),
                     zones.join(QLatin1String(", ")));
            QCOMPARE(service.siblingAtColumn(RegistryTreeModel::HealthColumn).data().toString(),
                     QStringLiteral("%1 alive").arg(proxy.rowCount(service)));
        }
    }
}

void TstRegistryTreeModel::freeTextFoldsCaseAsQtDoes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("shown");
    const auto row = [](const char *name, const char *text, const char *shown) {
        QTest::newRow(name) << QString::fromUtf8(text)
                            << QString::fromUtf8(shown).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    };
    row("ascii, other case", "ABC", "prod/svc/i-plain");
    row("non-ascii word", "jürgen", "prod/svc/i-umlaut");
    row("non-ascii word, other case", "JÜRGEN", "prod/svc/i-umlaut");
    // The Kelvin sign folds to k: the byte search alone would miss it.
    row("a character folding to ascii", "kelvin-x", "prod/svc/i-kelvin");
    row("nothing", "zzz", "");
}

void TstRegistryTreeModel::freeTextFoldsCaseAsQtDoes()
{
    QFETCH(QString, text);
    QFETCH(QStringList, shown);
    Directory directory;
    RegistryTreeModel model(&directory);
    InstanceFilterProxy proxy;
    proxy.setSourceModel(&model);
    const QString ns = QStringLiteral("prod");
    const QString svc = QStringLiteral("svc");
    directory.applySnapshot(
        ns, 1,
        {makeInstance(ns, svc, QStringLiteral("i-plain"),
                      {{QStringLiteral("k"), QStringLiteral("abc")}}),
         makeInstance(ns, svc, QStringLiteral("i-umlaut"),
                      {{QStringLiteral("owner"), QString::fromUtf8("Jürgen")}}),
         makeInstance(ns, svc, QStringLiteral("i-kelvin"),
                      {{QStringLiteral("unit"), QString::fromUtf8("\u212Aelvin-x")}})});
    QCOMPARE(proxy.setFilterText(text), QString());
    QCOMPARE(modelPaths(proxy), shown);
}

void TstRegistryTreeModel::invalidSelectorKeepsFilter()
{
    Directory directory;
    RegistryTreeModel model(&directory);
    InstanceFilterProxy proxy;
    proxy.setSourceModel(&model);
    directory.applySnapshot(
        QStringLiteral("ns"), 1,
        {makeInstance(QStringLiteral("ns"), QStringLiteral("svc"), QStringLiteral("i1"),
                      {{QStringLiteral("a"), QStringLiteral("b")}})});
    QVERIFY(proxy.setFilterText(QStringLiteral("a=b")).isEmpty());
    const QString error = proxy.setFilterText(QStringLiteral("version in v2"));
    QVERIFY2(error.startsWith(QLatin1String("invalid selector \"version in v2\": expected values "
                                            "like (v1,v2); supported selector syntax:")),
             qPrintable(error));
    QCOMPARE(proxy.shownInstances(), 1); // the last valid filter still applies
}

QTEST_MAIN(TstRegistryTreeModel)
#include "tst_registrytreemodel.moc"
