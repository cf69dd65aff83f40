#include "registrytreemodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QSet>

#include <algorithm>

using namespace stellmap;

namespace {

const QList<int> LiveRoles = {Qt::DisplayRole, Qt::ToolTipRole, Qt::ForegroundRole,
                              RegistryTreeModel::HealthRole};

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

int RegistryTreeModel::lowerBound(const Node *parent, const QString &name)
{
    const auto it = std::lower_bound(
        parent->children.begin(), parent->children.end(), name,
        [](const std::unique_ptr<Node> &child, const QString &key) { return child->name < key; });
    return int(it - parent->children.begin());
}

RegistryTreeModel::Node *RegistryTreeModel::childNamed(const Node *parent,
                                                       const QString &name) const
{
    const int row = lowerBound(parent, name);
    if (row < int(parent->children.size()) && parent->children[size_t(row)]->name == name) {
        return parent->children[size_t(row)].get();
    }
    return nullptr;
}

int RegistryTreeModel::rowOf(const Node *node) const
{
    return lowerBound(node->parent, node->name);
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
    return childNamed(&m_root, name);
}

RegistryTreeModel::Node *RegistryTreeModel::ensureNamespace(const QString &name)
{
    if (Node *existing = namespaceNode(name)) {
        return existing;
    }
    const int row = lowerBound(&m_root, name);
    beginInsertRows(QModelIndex(), row, row);
    auto node = std::make_unique<Node>();
    node->kind = NamespaceKind;
    node->name = name;
    node->parent = &m_root;
    Node *raw = node.get();
    m_root.children.insert(m_root.children.begin() + row, std::move(node));
    endInsertRows();
    return raw;
}

void RegistryTreeModel::addNamespace(const QString &namespaceName)
{
    ensureNamespace(namespaceName);
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
        node = childNamed(node, service);
        if (node && !instanceId.isEmpty()) {
            node = childNamed(node, instanceId);
        }
    }
    return node ? indexFor(node, column) : QModelIndex();
}

InstanceRef RegistryTreeModel::refOf(const Node *node) const
{
    if (node->kind != InstanceKind) {
        return {};
    }
    return {node->parent->parent->name, node->parent->name, node->name};
}

const Instance *RegistryTreeModel::instance(const QModelIndex &index) const
{
    const Node *node = nodeFor(index);
    return node->kind == InstanceKind && index.isValid() ? m_directory->find(refOf(node)) : nullptr;
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
        for (const auto &service : ns->children) {
            for (const auto &child : service->children) {
                m_flashing.removeAll(child.get());
            }
            m_flashing.removeAll(service.get());
        }
        ns->children.clear();
        ns->instanceCount = 0;
        endRemoveRows();
    }
    // Built aside, then inserted as one range.
    std::vector<std::unique_ptr<Node>> services;
    int total = 0;
    for (const QString &serviceName : m_directory->services(namespaceName)) {
        auto service = std::make_unique<Node>();
        service->kind = ServiceKind;
        service->name = serviceName;
        service->parent = ns;
        for (const QString &id : m_directory->instanceIds(namespaceName, serviceName)) {
            auto instance = std::make_unique<Node>();
            instance->kind = InstanceKind;
            instance->name = id;
            instance->parent = service.get();
            service->children.push_back(std::move(instance));
        }
        service->instanceCount = int(service->children.size());
        total += service->instanceCount;
        services.push_back(std::move(service));
    }
    if (!services.empty()) {
        beginInsertRows(nsIndex, 0, int(services.size()) - 1);
        ns->children = std::move(services);
        ns->instanceCount = total;
        endInsertRows();
    }
    Q_EMIT dataChanged(indexFor(ns, CountColumn), indexFor(ns, ColumnCount - 1), LiveRoles);
}

void RegistryTreeModel::insertInstance(const InstanceRef &ref)
{
    Node *ns = ensureNamespace(ref.namespaceName);
    Node *service = childNamed(ns, ref.service);
    if (!service) {
        const int row = lowerBound(ns, ref.service);
        beginInsertRows(indexFor(ns), row, row);
        auto node = std::make_unique<Node>();
        node->kind = ServiceKind;
        node->name = ref.service;
        node->parent = ns;
        service = node.get();
        ns->children.insert(ns->children.begin() + row, std::move(node));
        endInsertRows();
    }
    if (childNamed(service, ref.instanceId)) {
        return;
    }
    const int row = lowerBound(service, ref.instanceId);
    beginInsertRows(indexFor(service), row, row);
    auto node = std::make_unique<Node>();
    node->kind = InstanceKind;
    node->name = ref.instanceId;
    node->parent = service;
    node->flashUntilMs = nowMs() + m_flashMs;
    m_flashing.append(node.get());
    service->children.insert(service->children.begin() + row, std::move(node));
    ++service->instanceCount;
    ++ns->instanceCount;
    endInsertRows();
}

void RegistryTreeModel::removeInstance(const InstanceRef &ref)
{
    Node *ns = namespaceNode(ref.namespaceName);
    Node *service = ns ? childNamed(ns, ref.service) : nullptr;
    Node *instance = service ? childNamed(service, ref.instanceId) : nullptr;
    if (!instance) {
        return; // never shown (a filtered stream's delete)
    }
    const int row = rowOf(instance);
    beginRemoveRows(indexFor(service), row, row);
    m_flashing.removeAll(instance);
    service->children.erase(service->children.begin() + row);
    --service->instanceCount;
    --ns->instanceCount;
    endRemoveRows();
    if (service->children.empty()) {
        const int serviceRow = rowOf(service);
        beginRemoveRows(indexFor(ns), serviceRow, serviceRow);
        m_flashing.removeAll(service);
        ns->children.erase(ns->children.begin() + serviceRow);
        endRemoveRows();
    }
}

void RegistryTreeModel::rollUpChanged(Node *service)
{
    if (!service) {
        return;
    }
    Q_EMIT dataChanged(indexFor(service, CountColumn), indexFor(service, ColumnCount - 1),
                       LiveRoles);
    Node *ns = service->parent;
    Q_EMIT dataChanged(indexFor(ns, CountColumn), indexFor(ns, ColumnCount - 1), LiveRoles);
}

void RegistryTreeModel::onAdded(const QList<InstanceRef> &refs)
{
    QSet<Node *> services;
    for (const InstanceRef &ref : refs) {
        insertInstance(ref);
        Node *ns = namespaceNode(ref.namespaceName);
        services.insert(childNamed(ns, ref.service));
    }
    for (Node *service : std::as_const(services)) {
        rollUpChanged(service);
    }
}

void RegistryTreeModel::onRemoved(const QList<InstanceRef> &refs)
{
    QSet<QString> namespaces;
    QSet<std::pair<QString, QString>> services;
    for (const InstanceRef &ref : refs) {
        removeInstance(ref);
        services.insert({ref.namespaceName, ref.service});
        namespaces.insert(ref.namespaceName);
    }
    for (const auto &[ns, service] : std::as_const(services)) {
        if (Node *node = childNamed(namespaceNode(ns), service)) {
            rollUpChanged(node);
        }
    }
    for (const QString &ns : std::as_const(namespaces)) {
        Node *node = namespaceNode(ns);
        Q_EMIT dataChanged(indexFor(node, CountColumn), indexFor(node, ColumnCount - 1), LiveRoles);
    }
}

void RegistryTreeModel::onChanged(const QList<Directory::Change> &changes)
{
    QSet<Node *> services;
    const qint64 until = nowMs() + m_flashMs;
    for (const Directory::Change &change : changes) {
        Node *ns = namespaceNode(change.ref.namespaceName);
        Node *service = ns ? childNamed(ns, change.ref.service) : nullptr;
        Node *instance = service ? childNamed(service, change.ref.instanceId) : nullptr;
        if (!instance) {
            continue;
        }
        // A renewal alone is routine: only real changes flash.
        if (change.fields & ~Directory::ChangedFields(Directory::HeartbeatChanged)) {
            if (instance->flashUntilMs < nowMs()) {
                m_flashing.append(instance);
            }
            instance->flashUntilMs = until;
        }
        Q_EMIT dataChanged(indexFor(instance, 0), indexFor(instance, ColumnCount - 1));
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
        Node *ns = namespaceNode(ref.namespaceName);
        Node *service = ns ? childNamed(ns, ref.service) : nullptr;
        Node *instance = service ? childNamed(service, ref.instanceId) : nullptr;
        if (instance) {
            Q_EMIT dataChanged(indexFor(instance, 0), indexFor(instance, ColumnCount - 1),
                               LiveRoles);
            services.insert(service);
        }
    }
    for (Node *service : std::as_const(services)) {
        rollUpChanged(service);
    }
}

void RegistryTreeModel::tick()
{
    // Time columns follow the clock: one range per service, not one signal per row.
    for (const auto &ns : m_root.children) {
        for (const auto &service : ns->children) {
            if (!service->children.empty()) {
                Q_EMIT dataChanged(indexFor(service->children.front().get(), HealthColumn),
                                   indexFor(service->children.back().get(), LeaseColumn),
                                   LiveRoles);
            }
        }
        if (!ns->children.empty()) {
            Q_EMIT dataChanged(indexFor(ns->children.front().get(), HealthColumn),
                               indexFor(ns->children.back().get(), HealthColumn), LiveRoles);
        }
    }
    const qint64 now = nowMs();
    for (qsizetype i = m_flashing.size() - 1; i >= 0; --i) {
        Node *node = m_flashing.at(i);
        if (node->flashUntilMs <= now) {
            m_flashing.removeAt(i);
            Q_EMIT dataChanged(indexFor(node, 0), indexFor(node, ColumnCount - 1),
                               {Qt::BackgroundRole, FlashRole});
        }
    }
}

// --- data

qint64 RegistryTreeModel::serverNow() const
{
    return m_directory->serverNowUnix();
}

RegistryTreeModel::Health RegistryTreeModel::health(const Instance &instance) const
{
    const qint64 left = instance.expiresAtUnix() - serverNow();
    if (left < 0) {
        return Expired;
    }
    return left <= m_nearExpirySeconds ? NearExpiry : Alive;
}

RegistryTreeModel::Health RegistryTreeModel::worstHealth(const Node *node) const
{
    Health worst = Alive;
    for (const auto &child : node->children) {
        Health h = Alive;
        if (child->kind == InstanceKind) {
            const Instance *instance = m_directory->find(refOf(child.get()));
            h = instance ? health(*instance) : Alive;
        } else {
            h = worstHealth(child.get());
        }
        worst = std::max(worst, h);
    }
    return worst;
}

QString RegistryTreeModel::zonesOf(const Node *node) const
{
    QStringList zones;
    for (const auto &child : node->children) {
        const Instance *instance = m_directory->find(refOf(child.get()));
        if (instance && !instance->zone.isEmpty() && !zones.contains(instance->zone)) {
            zones.append(instance->zone);
        }
    }
    zones.sort();
    return zones.join(QLatin1String(", "));
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
        return node->kind == NamespaceKind ? node->name
               : node->kind == ServiceKind ? node->parent->name
                                           : node->parent->parent->name;
    case ServiceRole:
        return node->kind == ServiceKind    ? node->name
               : node->kind == InstanceKind ? node->parent->name
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
            return node->name;
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
            return node->instanceCount;
        case ZoneColumn:
            return node->kind == ServiceKind ? zonesOf(node) : QString();
        case HealthColumn: {
            if (node->kind != ServiceKind) {
                return QString();
            }
            int counts[3] = {0, 0, 0};
            for (const auto &child : node->children) {
                if (const Instance *instance = m_directory->find(refOf(child.get()))) {
                    ++counts[health(*instance)];
                }
            }
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
        default:
            return QVariant();
        }
    }

    const Instance *instance = m_directory->find(refOf(node));
    if (!instance) {
        return QVariant();
    }
    const Health state = health(*instance);
    switch (role) {
    case HealthRole:
        return state;
    case SearchTextRole: {
        QStringList words = {instance->key.service.service, instance->key.instanceId,
                             instance->zone};
        for (const Endpoint &endpoint : instance->endpoints) {
            words.append(endpoint.host);
        }
        for (auto it = instance->labels.cbegin(); it != instance->labels.cend(); ++it) {
            words.append(it.key() + QLatin1Char('=') + it.value());
        }
        return words.join(QLatin1Char(' '));
    }
    case Qt::BackgroundRole:
        return node->flashUntilMs > nowMs() ? QBrush(QColor(0xff, 0xf3, 0xb0)) : QVariant();
    case Qt::ForegroundRole:
        if (state == Expired) {
            return QBrush(QColor(0xc6, 0x28, 0x28));
        }
        return state == NearExpiry && (column == HealthColumn || column == LeaseColumn)
                   ? QBrush(QColor(0xb2, 0x6a, 0x00))
                   : QVariant();
    case Qt::ToolTipRole: {
        QStringList lines = {instance->key.instanceId};
        for (auto it = instance->labels.cbegin(); it != instance->labels.cend(); ++it) {
            lines.append(it.key() + QLatin1Char('=') + it.value());
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
        return instance->zone;
    case HealthColumn:
        return state == Alive        ? QStringLiteral("alive")
               : state == NearExpiry ? QStringLiteral("expiring")
                                     : QStringLiteral("expired");
    case EndpointsColumn: {
        if (instance->endpoints.isEmpty()) {
            return QString();
        }
        QString text = instance->endpoints.first().url();
        if (instance->endpoints.size() > 1) {
            text += QStringLiteral("  +%1").arg(instance->endpoints.size() - 1);
        }
        return text;
    }
    case HeartbeatColumn:
        return QStringLiteral("%1 ago").arg(
            secondsText(qMax<qint64>(0, now - instance->leaseStartUnix())));
    case LeaseColumn: {
        // Never more than the TTL: the server clock is known to about a second.
        const qint64 left = qMin(instance->expiresAtUnix() - now, instance->effectiveLeaseTtl());
        return left < 0 ? QStringLiteral("expired %1 ago").arg(secondsText(-left))
                        : secondsText(left);
    }
    default:
        return QVariant();
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
