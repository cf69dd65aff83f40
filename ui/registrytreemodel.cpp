#include "registrytreemodel.h"

#include "operations.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QSet>

#include <algorithm>
#include <functional>

using namespace stellmap;

namespace {

const QList<int> LiveRoles = {Qt::DisplayRole, Qt::ToolTipRole, Qt::ForegroundRole,
                              RegistryTreeModel::HealthRole};
//! A parent's roll-ups after its children came, went or changed: a filter looks again.
const QList<int> RollUpRoles = {Qt::DisplayRole, Qt::ToolTipRole, Qt::ForegroundRole,
                                RegistryTreeModel::HealthRole, RegistryTreeModel::SearchTextRole};

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString secondsText(qint64 seconds)
{
    if (seconds < 120) {
        return QStringLiteral("%1 s").arg(seconds);
    }
    if (seconds < 7200) {
        return QStringLiteral("%1 min").arg(seconds / 60);
    }
    return QStringLiteral("%1 h").arg(seconds / 3600);
}

} // namespace

RegistryTreeModel::RegistryTreeModel(Directory *directory, QObject *parent)
    : QAbstractItemModel(parent)
    , m_directory(directory)
{
    connect(directory, &Directory::namespaceReset, this, &RegistryTreeModel::onNamespaceReset);
    connect(directory, &Directory::instancesAdded, this, &RegistryTreeModel::onAdded);
    connect(directory, &Directory::instancesRemoved, this, &RegistryTreeModel::onRemoved);
    connect(directory, &Directory::instancesChanged, this, &RegistryTreeModel::onChanged);
    connect(directory, &Directory::leasesExpired, this, &RegistryTreeModel::onLeasesExpired);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &RegistryTreeModel::tick);
    m_tick.start();
    for (const QString &ns : directory->namespaces()) {
        onNamespaceReset(ns);
    }
}

RegistryTreeModel::~RegistryTreeModel() = default;

// --- structure

int RegistryTreeModel::lowerBound(const Node *parent, const QString &name, Kind kind)
{
    // Siblings are ordered by name, then kind: in the grouped view a plain
    // service and an organization may share a name at the namespace level.
    const auto it = std::lower_bound(
        parent->children.begin(), parent->children.end(), std::pair(name, kind),
        [](const std::unique_ptr<Node> &child, const std::pair<QString, Kind> &key) {
            return child->name < key.first ||
                   (child->name == key.first && child->kind < key.second);
        });
    return int(it - parent->children.begin());
}

RegistryTreeModel::Node *RegistryTreeModel::childNamed(const Node *parent, const QString &name,
                                                       Kind kind) const
{
    const int row = lowerBound(parent, name, kind);
    if (row < int(parent->children.size())) {
        Node *child = parent->children[size_t(row)].get();
        if (child->name == name && child->kind == kind) {
            return child;
        }
    }
    return nullptr;
}

int RegistryTreeModel::rowOf(const Node *node) const
{
    return lowerBound(node->parent, node->name, node->kind);
}

QModelIndex RegistryTreeModel::indexFor(const Node *node, int column) const
{
    if (!node || node == &m_root) {
        return QModelIndex();
    }
    return createIndex(rowOf(node), column, const_cast<Node *>(node));
}

RegistryTreeModel::Node *RegistryTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer())
                           : const_cast<Node *>(&m_root);
}

RegistryTreeModel::Node *RegistryTreeModel::namespaceNode(const QString &name) const
{
    return childNamed(&m_root, name, NamespaceKind);
}

std::unique_ptr<RegistryTreeModel::Node> RegistryTreeModel::makeNode(Kind kind, const QString &name,
                                                                     Node *parent)
{
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->name = name;
    node->parent = parent;
    return node;
}

RegistryTreeModel::Node *RegistryTreeModel::ensureNamespace(const QString &name)
{
    if (Node *existing = namespaceNode(name)) {
        return existing;
    }
    const int row = lowerBound(&m_root, name, NamespaceKind);
    beginInsertRows(QModelIndex(), row, row);
    auto node = makeNode(NamespaceKind, name, &m_root);
    Node *raw = node.get();
    m_root.children.insert(m_root.children.begin() + row, std::move(node));
    endInsertRows();
    return raw;
}

void RegistryTreeModel::addNamespace(const QString &namespaceName)
{
    ensureNamespace(namespaceName);
}

QStringList RegistryTreeModel::pathOf(const QString &service) const
{
    if (m_grouped) {
        if (const std::optional<ServiceName> parts = ServiceName::parse(service)) {
            return {parts->organization, parts->businessDomain, parts->capabilityDomain,
                    parts->application, parts->role};
        }
    }
    return {service};
}

const RegistryTreeModel::Node *RegistryTreeModel::namespaceOf(const Node *node)
{
    while (node && node->kind != NamespaceKind) {
        node = node->parent;
    }
    return node;
}

RegistryTreeModel::Node *RegistryTreeModel::serviceNode(const QString &namespaceName,
                                                        const QString &service) const
{
    Node *node = namespaceNode(namespaceName);
    const QStringList path = pathOf(service);
    for (qsizetype level = 0; level < path.size() && node; ++level) {
        node = childNamed(node, path.at(level), level + 1 == path.size() ? ServiceKind : GroupKind);
    }
    return node && node->kind == ServiceKind && node->service == service ? node : nullptr;
}

RegistryTreeModel::Node *RegistryTreeModel::instanceNode(const InstanceRef &ref) const
{
    Node *service = serviceNode(ref.namespaceName, ref.service);
    return service ? childNamed(service, ref.instanceId, InstanceKind) : nullptr;
}

RegistryTreeModel::Node *RegistryTreeModel::ensureService(Node *ns, const QString &service,
                                                          bool signal)
{
    const QStringList path = pathOf(service);
    Node *node = ns;
    for (qsizetype level = 0; level < path.size(); ++level) {
        const Kind kind = level + 1 == path.size() ? ServiceKind : GroupKind;
        Node *child = childNamed(node, path.at(level), kind);
        if (!child) {
            const int row = lowerBound(node, path.at(level), kind);
            if (signal) {
                beginInsertRows(indexFor(node), row, row);
            }
            auto created = makeNode(kind, path.at(level), node);
            if (kind == ServiceKind) {
                created->service = service;
            }
            child = created.get();
            node->children.insert(node->children.begin() + row, std::move(created));
            if (signal) {
                endInsertRows();
            }
        }
        node = child;
    }
    return node;
}

std::unique_ptr<RegistryTreeModel::Node> RegistryTreeModel::buildNamespace(const QString &name)
{
    // Built aside without signals; the caller publishes it in one step.
    auto ns = makeNode(NamespaceKind, name, &m_root);
    // One pass over the namespace, grouped by service, then each group sorted.
    QHash<QString, QList<InstanceRecord>> byService;
    for (const InstanceRecord &record : m_directory->unorderedRecords(name)) {
        byService[record.service()].append(record);
    }
    QStringList services = byService.keys();
    std::sort(services.begin(), services.end());
    for (const QString &service : std::as_const(services)) {
        Node *serviceNode = ensureService(ns.get(), service, false);
        QList<std::pair<QString, const InstanceRecord *>> ids;
        const QList<InstanceRecord> &records = byService[service];
        ids.reserve(records.size());
        for (const InstanceRecord &record : records) {
            ids.append({record.instanceId(), &record});
        }
        std::sort(ids.begin(), ids.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
        serviceNode->children.reserve(size_t(ids.size()));
        for (const auto &[id, record] : std::as_const(ids)) {
            // Sorted: appending keeps the order.
            serviceNode->children.push_back(makeNode(InstanceKind, id, serviceNode));
            Node *node = serviceNode->children.back().get();
            node->record = *record;
            node->expiresAtUnix = record->expiresAtUnix();
            node->zone = record->zone();
        }
        const int count = int(serviceNode->children.size());
        for (Node *up = serviceNode; up; up = up->parent == &m_root ? nullptr : up->parent) {
            up->instanceCount += count;
        }
    }
    return ns;
}

void RegistryTreeModel::collectServices(Node *node, QList<Node *> *services) const
{
    for (const auto &child : node->children) {
        if (child->kind == ServiceKind) {
            services->append(child.get());
        } else if (child->kind != InstanceKind) {
            collectServices(child.get(), services);
        }
    }
}

void RegistryTreeModel::setGroupByHierarchy(bool grouped)
{
    if (grouped == m_grouped) {
        return;
    }
    // A different shape altogether: the one place this model resets.
    beginResetModel();
    m_grouped = grouped;
    m_flashing.clear();
    QStringList namespaces;
    for (const auto &ns : m_root.children) {
        namespaces.append(ns->name);
    }
    m_root.children.clear();
    for (const QString &name : std::as_const(namespaces)) {
        m_root.children.push_back(buildNamespace(name));
    }
    endResetModel();
}

QModelIndex RegistryTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0)) {
        return QModelIndex();
    }
    const Node *node = nodeFor(parent);
    if (row < 0 || row >= int(node->children.size())) {
        return QModelIndex();
    }
    return createIndex(row, column, node->children[size_t(row)].get());
}

QModelIndex RegistryTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid()) {
        return QModelIndex();
    }
    return indexFor(nodeFor(child)->parent);
}

int RegistryTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0) {
        return 0;
    }
    return int(nodeFor(parent)->children.size());
}

int RegistryTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QModelIndex RegistryTreeModel::indexOf(const QString &namespaceName, const QString &service,
                                       const QString &instanceId, int column) const
{
    const Node *node = namespaceNode(namespaceName);
    if (node && !service.isEmpty()) {
        node = serviceNode(namespaceName, service);
        if (node && !instanceId.isEmpty()) {
            node = childNamed(node, instanceId, InstanceKind);
        }
    }
    return node ? indexFor(node, column) : QModelIndex();
}

InstanceRef RegistryTreeModel::refOf(const Node *node) const
{
    if (node->kind != InstanceKind) {
        return {};
    }
    return {namespaceOf(node)->name, node->parent->service, node->name};
}

InstanceRecord RegistryTreeModel::instance(const QModelIndex &index) const
{
    const Node *node = nodeFor(index);
    return node->kind == InstanceKind && index.isValid() ? node->record : InstanceRecord();
}

InstanceRef RegistryTreeModel::instanceRef(const QModelIndex &index) const
{
    return index.isValid() ? refOf(nodeFor(index)) : InstanceRef();
}

// --- updates from the directory

void RegistryTreeModel::onNamespaceReset(const QString &namespaceName)
{
    Node *ns = ensureNamespace(namespaceName);
    const QModelIndex nsIndex = indexFor(ns);
    if (!ns->children.empty()) {
        beginRemoveRows(nsIndex, 0, int(ns->children.size()) - 1);
        // Whatever flashes inside goes with it (any depth, grouped or not).
        m_flashing.removeIf([ns](Node *node) { return namespaceOf(node) == ns; });
        ns->children.clear();
        ns->instanceCount = 0;
        endRemoveRows();
    }
    std::unique_ptr<Node> built = buildNamespace(namespaceName);
    if (!built->children.empty()) {
        beginInsertRows(nsIndex, 0, int(built->children.size()) - 1);
        ns->children = std::move(built->children);
        for (const auto &child : ns->children) {
            child->parent = ns;
        }
        ns->instanceCount = built->instanceCount;
        endInsertRows();
    }
    Q_EMIT dataChanged(indexFor(ns, CountColumn), indexFor(ns, ColumnCount - 1), RollUpRoles);
}

void RegistryTreeModel::rollUpChanged(Node *node)
{
    for (; node && node != &m_root; node = node->parent) {
        Q_EMIT dataChanged(indexFor(node, CountColumn), indexFor(node, ColumnCount - 1),
                           RollUpRoles);
    }
}

void RegistryTreeModel::onAdded(const QList<InstanceRef> &refs)
{
    // Per service, new rows go in as few contiguous ranges as their order allows:
    // a resync that brings thousands costs one insert, not thousands.
    QHash<Node *, QStringList> added;
    for (const InstanceRef &ref : refs) {
        Node *service = ensureService(ensureNamespace(ref.namespaceName), ref.service, true);
        if (!childNamed(service, ref.instanceId, InstanceKind)) {
            added[service].append(ref.instanceId);
        }
    }
    const qint64 until = nowMs() + m_flashMs;
    for (auto it = added.begin(); it != added.end(); ++it) {
        Node *service = it.key();
        QStringList &ids = it.value();
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        qsizetype first = 0;
        while (first < ids.size()) {
            const int row = lowerBound(service, ids.at(first), InstanceKind);
            // Extend the run while the next id lands at the same place.
            qsizetype last = first + 1;
            while (last < ids.size() && lowerBound(service, ids.at(last), InstanceKind) == row) {
                ++last;
            }
            const int count = int(last - first);
            beginInsertRows(indexFor(service), row, row + count - 1);
            std::vector<std::unique_ptr<Node>> nodes;
            nodes.reserve(size_t(count));
            for (qsizetype k = first; k < last; ++k) {
                auto node = makeNode(InstanceKind, ids.at(k), service);
                refresh(node.get());
                node->flashUntilMs = until;
                m_flashing.insert(node.get());
                nodes.push_back(std::move(node));
            }
            service->children.insert(service->children.begin() + row,
                                     std::make_move_iterator(nodes.begin()),
                                     std::make_move_iterator(nodes.end()));
            for (Node *up = service; up && up != &m_root; up = up->parent) {
                up->instanceCount += count;
                up->rollUp.dirty = true;
            }
            endInsertRows();
            first = last;
        }
        rollUpChanged(service);
    }
}

void RegistryTreeModel::onRemoved(const QList<InstanceRef> &refs)
{
    // Per service, rows leave in contiguous ranges, from the bottom up so
    // the rows still to remove keep their numbers.
    QHash<Node *, QList<int>> removed;
    for (const InstanceRef &ref : refs) {
        if (Node *instance = instanceNode(ref)) {
            removed[instance->parent].append(rowOf(instance));
        }
    }
    for (auto it = removed.begin(); it != removed.end(); ++it) {
        Node *service = it.key();
        QList<int> &rows = it.value();
        std::sort(rows.begin(), rows.end(), std::greater<int>());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
        qsizetype k = 0;
        while (k < rows.size()) {
            const int last = rows.at(k);
            int first = last;
            while (k + 1 < rows.size() && rows.at(k + 1) == first - 1) {
                first = rows.at(++k);
            }
            ++k;
            beginRemoveRows(indexFor(service), first, last);
            for (int row = first; row <= last; ++row) {
                m_flashing.remove(service->children[size_t(row)].get());
            }
            service->children.erase(service->children.begin() + first,
                                    service->children.begin() + last + 1);
            for (Node *up = service; up && up != &m_root; up = up->parent) {
                up->instanceCount -= last - first + 1;
                up->rollUp.dirty = true;
            }
            endRemoveRows();
        }
        rollUpChanged(removeEmptyAncestors(service));
    }
}

RegistryTreeModel::Node *RegistryTreeModel::removeEmptyAncestors(Node *node)
{
    // Empty services and groups go; the namespace stays (it is watched).
    while (node->kind != NamespaceKind && node->children.empty()) {
        Node *parent = node->parent;
        const int row = rowOf(node);
        beginRemoveRows(indexFor(parent), row, row);
        m_flashing.remove(node);
        parent->children.erase(parent->children.begin() + row);
        endRemoveRows();
        node = parent;
    }
    return node;
}

void RegistryTreeModel::onChanged(const QList<Directory::Change> &changes)
{
    QSet<Node *> services;
    const qint64 until = nowMs() + m_flashMs;
    for (const Directory::Change &change : changes) {
        Node *instance = instanceNode(change.ref);
        if (!instance) {
            continue;
        }
        Node *service = instance->parent;
        refresh(instance);
        for (Node *up = service; up && up != &m_root; up = up->parent) {
            up->rollUp.dirty = true;
        }
        // A renewal alone is routine: only real changes flash.
        if (change.fields & ~Directory::ChangedFields(Directory::HeartbeatChanged)) {
            m_flashing.insert(instance);
            instance->flashUntilMs = until;
        }
        // Lease times only: the shown values change, not what a filter matches.
        const Directory::ChangedFields leaseOnly =
            Directory::HeartbeatChanged | Directory::LeaseChanged | Directory::RegisteredChanged;
        if (change.fields & ~leaseOnly) {
            Q_EMIT dataChanged(indexFor(instance, 0), indexFor(instance, ColumnCount - 1));
        } else {
            Q_EMIT dataChanged(indexFor(instance, 0), indexFor(instance, ColumnCount - 1),
                               LiveRoles);
        }
        services.insert(service);
    }
    for (Node *service : std::as_const(services)) {
        rollUpChanged(service);
    }
}

void RegistryTreeModel::onLeasesExpired(const QList<InstanceRef> &refs)
{
    QSet<Node *> services;
    for (const InstanceRef &ref : refs) {
        if (Node *instance = instanceNode(ref)) {
            Q_EMIT dataChanged(indexFor(instance, 0), indexFor(instance, ColumnCount - 1),
                               LiveRoles);
            services.insert(instance->parent);
        }
    }
    for (Node *service : std::as_const(services)) {
        rollUpChanged(service);
    }
}

void RegistryTreeModel::tick()
{
    // Time columns follow the clock: one range per service, not one signal per row.
    QList<Node *> services;
    collectServices(&m_root, &services);
    for (Node *service : std::as_const(services)) {
        if (!service->children.empty()) {
            Q_EMIT dataChanged(indexFor(service->children.front().get(), HealthColumn),
                               indexFor(service->children.back().get(), LeaseColumn), LiveRoles);
        }
        Q_EMIT dataChanged(indexFor(service, HealthColumn), indexFor(service, HealthColumn),
                           LiveRoles);
    }
    for (const auto &ns : m_root.children) {
        Q_EMIT dataChanged(indexFor(ns.get(), HealthColumn), indexFor(ns.get(), HealthColumn),
                           LiveRoles);
    }
    const qint64 now = nowMs();
    QList<Node *> faded;
    for (Node *node : std::as_const(m_flashing)) {
        if (node->flashUntilMs <= now) {
            faded.append(node);
        }
    }
    for (Node *node : std::as_const(faded)) {
        m_flashing.remove(node);
        Q_EMIT dataChanged(indexFor(node, 0), indexFor(node, ColumnCount - 1),
                           {Qt::BackgroundRole, FlashRole});
    }
}

// --- data

qint64 RegistryTreeModel::serverNow() const
{
    return m_directory->serverNowUnix();
}

qint64 RegistryTreeModel::leaseNow(const Node *node) const
{
    // A namespace that is not live is judged as of when it stopped being live.
    return m_directory->leaseNowUnix(namespaceOf(node)->name);
}

void RegistryTreeModel::refresh(Node *node)
{
    // Roll-ups read these for every row under a node on each paint: no lookups there.
    if (const InstanceRecord instance = m_directory->find(refOf(node))) {
        node->record = instance;
        node->expiresAtUnix = instance.expiresAtUnix();
        node->zone = instance.zone();
    }
}

RegistryTreeModel::Health RegistryTreeModel::healthAt(qint64 expiresAtUnix, qint64 now) const
{
    const qint64 left = expiresAtUnix - now;
    if (left < 0) {
        return Expired;
    }
    return left <= m_nearExpirySeconds ? NearExpiry : Alive;
}

const RegistryTreeModel::RollUp &RegistryTreeModel::rollUpOf(const Node *node) const
{
    // Painting asks for a row's roll-ups several times, and an event storm
    // changes some service every few milliseconds: a node adds up its children's
    // cached roll-ups and walks only its own instances, and only when something
    // under it changed or the second (which decides near expiry) moved on.
    const qint64 now = leaseNow(node);
    RollUp &cache = node->rollUp;
    if (!cache.dirty && cache.second == now) {
        return cache;
    }
    RollUp fresh;
    QStringList zones;
    const auto addZone = [&zones](const QString &zone) {
        if (!zone.isEmpty() && !zones.contains(zone)) {
            zones.append(zone);
        }
    };
    for (const auto &child : node->children) {
        if (child->kind == InstanceKind) {
            ++fresh.counts[healthAt(child->expiresAtUnix, now)];
            addZone(child->zone);
            continue;
        }
        const RollUp &below = rollUpOf(child.get());
        for (int h = 0; h < 3; ++h) {
            fresh.counts[h] += below.counts[h];
        }
        for (const QString &zone : below.zoneList) {
            addZone(zone);
        }
    }
    zones.sort();
    fresh.zoneList = zones;
    fresh.zones = zones.join(QLatin1String(", "));
    fresh.dirty = false;
    fresh.second = now;
    cache = std::move(fresh);
    return cache;
}

QStringList RegistryTreeModel::zones() const
{
    QStringList zones;
    for (const auto &ns : m_root.children) {
        for (const QString &zone : rollUpOf(ns.get()).zoneList) {
            if (!zones.contains(zone)) {
                zones.append(zone);
            }
        }
    }
    zones.sort();
    return zones;
}

RegistryTreeModel::Health RegistryTreeModel::worstHealth(const Node *node) const
{
    const RollUp &rollUp = rollUpOf(node);
    return rollUp.counts[Expired] ? Expired : rollUp.counts[NearExpiry] ? NearExpiry : Alive;
}

QVariant RegistryTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()) {
        return QVariant();
    }
    const Node *node = nodeFor(index);
    const int column = index.column();
    switch (role) {
    case KindRole:
        return node->kind;
    case NamespaceRole:
        return namespaceOf(node)->name;
    case ServiceRole:
        return node->kind == ServiceKind    ? node->service
               : node->kind == InstanceKind ? node->parent->service
                                            : QString();
    case InstanceIdRole:
        return node->kind == InstanceKind ? node->name : QString();
    case FlashRole:
        return node->flashUntilMs > nowMs();
    default:
        break;
    }

    if (node->kind != InstanceKind) {
        if (role == HealthRole) {
            return worstHealth(node);
        }
        if (role == Qt::FontRole && node->kind == NamespaceKind && column == NameColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        if (role == SearchTextRole) {
            return node->kind == ServiceKind ? node->service : node->name;
        }
        if (role == Qt::ToolTipRole && node->kind == ServiceKind) {
            return node->service;
        }
        if (role == Qt::ForegroundRole && column == HealthColumn) {
            const Health worst = worstHealth(node);
            return worst == Expired      ? QBrush(QColor(0xc6, 0x28, 0x28))
                   : worst == NearExpiry ? QBrush(QColor(0xb2, 0x6a, 0x00))
                                         : QVariant();
        }
        if (role != Qt::DisplayRole) {
            return QVariant();
        }
        switch (column) {
        case NameColumn:
            return node->name;
        case CountColumn:
            // Before its first snapshot a namespace is not empty, just unknown.
            return node->kind == NamespaceKind && m_directory->revision(node->name) == 0
                       ? QVariant()
                       : QVariant(node->instanceCount);
        case ZoneColumn:
            return node->kind == NamespaceKind ? QString() : rollUpOf(node).zones;
        case HealthColumn: {
            if (node->kind == NamespaceKind) {
                return m_directory->revision(node->name) == 0 ? QStringLiteral("no data yet")
                                                              : QString();
            }
            return healthText(rollUpOf(node).counts);
        }
        default:
            return QVariant();
        }
    }

    const InstanceRecord &instance = node->record;
    if (!instance) {
        return QVariant();
    }
    const qint64 leaseNowUnix = leaseNow(node);
    const Health state = healthAt(instance.expiresAtUnix(), leaseNowUnix);
    switch (role) {
    case HealthRole:
        return state;
    case SearchTextRole: {
        QStringList words = {instance.service(), instance.instanceId(), instance.zone()};
        for (int i = 0; i < instance.endpointCount(); ++i) {
            words.append(QString::fromUtf8(instance.endpointHostUtf8(i)));
        }
        for (int i = 0; i < instance.labelCount(); ++i) {
            words.append(instance.labelKey(i) + QLatin1Char('=') + instance.labelValue(i));
        }
        return words.join(QLatin1Char(' '));
    }
    case Qt::BackgroundRole:
        return node->flashUntilMs > nowMs() ? QBrush(QColor(0xff, 0xf3, 0xb0)) : QVariant();
    case Qt::ForegroundRole:
        if (state == Expired) {
            return QBrush(QColor(0xc6, 0x28, 0x28));
        }
        if (column == HealthColumn && !healthNotes(node, instance).isEmpty()) {
            return QBrush(QColor(0x7b, 0x1f, 0xa2)); // an operation of ours is in play
        }
        return state == NearExpiry && (column == HealthColumn || column == LeaseColumn)
                   ? QBrush(QColor(0xb2, 0x6a, 0x00))
                   : QVariant();
    case Qt::ToolTipRole: {
        QStringList lines = {instance.instanceId()};
        lines.append(healthNotes(node, instance));
        for (int i = 0; i < instance.labelCount(); ++i) {
            lines.append(instance.labelKey(i) + QLatin1Char('=') + instance.labelValue(i));
        }
        return lines.join(QLatin1Char('\n'));
    }
    case Qt::DisplayRole:
        break;
    default:
        return QVariant();
    }
    const qint64 now = serverNow();
    switch (column) {
    case NameColumn:
        return node->name;
    case ZoneColumn:
        return instance.zone();
    case HealthColumn: {
        QStringList parts = {state == Alive        ? QStringLiteral("alive")
                             : state == NearExpiry ? QStringLiteral("expiring")
                                                   : QStringLiteral("expired")};
        parts.append(healthNotes(node, instance));
        return parts.join(QStringLiteral(" · "));
    }
    case EndpointsColumn: {
        if (instance.endpointCount() == 0) {
            return QString();
        }
        QString text = instance.endpoint(0).url();
        if (instance.endpointCount() > 1) {
            text += QStringLiteral("  +%1").arg(instance.endpointCount() - 1);
        }
        return text;
    }
    case HeartbeatColumn:
        return QStringLiteral("%1 ago").arg(
            secondsText(qMax<qint64>(0, now - instance.leaseTimes().startUnix())));
    case LeaseColumn: {
        // Never more than the TTL: the server clock is known to about a second.
        const qint64 left =
            qMin(instance.expiresAtUnix() - leaseNowUnix, instance.leaseTimes().effectiveTtl());
        return left < 0 ? QStringLiteral("expired %1 ago").arg(secondsText(-left))
                        : secondsText(left);
    }
    default:
        return QVariant();
    }
}

QString RegistryTreeModel::healthText(const int counts[3])
{
    QStringList parts;
    if (counts[Alive]) {
        parts.append(QStringLiteral("%1 alive").arg(counts[Alive]));
    }
    if (counts[NearExpiry]) {
        parts.append(QStringLiteral("%1 expiring").arg(counts[NearExpiry]));
    }
    if (counts[Expired]) {
        parts.append(QStringLiteral("%1 expired").arg(counts[Expired]));
    }
    return parts.join(QStringLiteral(" · "));
}

QStringList RegistryTreeModel::healthNotes(const Node *node, const InstanceRecord &instance) const
{
    QStringList notes;
    if (instance.labelUtf8(Operations::drainLabel().toUtf8()) == QByteArrayView("true")) {
        notes.append(QStringLiteral("soft-drained"));
    }
    if (!m_notes.isEmpty()) {
        const QString note = m_notes.value(refOf(node));
        if (!note.isEmpty()) {
            notes.append(note);
        }
    }
    return notes;
}

void RegistryTreeModel::setInstanceNote(const InstanceRef &ref, const QString &note)
{
    if (note.isEmpty() ? !m_notes.remove(ref) : m_notes.value(ref) == note) {
        return;
    }
    if (!note.isEmpty()) {
        m_notes.insert(ref, note);
    }
    if (const Node *node = instanceNode(ref)) {
        const QModelIndex index = indexFor(node, HealthColumn);
        Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::ToolTipRole, Qt::ForegroundRole});
    }
}

QVariant RegistryTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QVariant();
    }
    switch (section) {
    case NameColumn:
        return QStringLiteral("Name");
    case CountColumn:
        return QStringLiteral("Instances");
    case ZoneColumn:
        return QStringLiteral("Zone");
    case HealthColumn:
        return QStringLiteral("Health");
    case EndpointsColumn:
        return QStringLiteral("Endpoints");
    case HeartbeatColumn:
        return QStringLiteral("Last heartbeat");
    case LeaseColumn:
        return QStringLiteral("Lease left");
    default:
        return QVariant();
    }
}
