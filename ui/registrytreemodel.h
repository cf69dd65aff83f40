#pragma once

#include "directory.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <memory>
#include <vector>

/*!
 * The live tree of the browser: namespaces → services → instances, fed
 * incrementally by a stellmap::Directory.
 *
 * Rows are sorted by name within their parent. Directory batches become exact
 * beginInsertRows/beginRemoveRows ranges and dataChanged with roles; only a
 * namespace that is replaced as a whole (its first snapshot) is rebuilt, and
 * only its own rows. Roll-ups (instance counts, zones, health) update with
 * their children. Changed rows are marked for a moment (FlashRole and the
 * background), and the time columns follow the server's clock every second.
 */
class RegistryTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        CountColumn,
        ZoneColumn,
        HealthColumn,
        EndpointsColumn,
        HeartbeatColumn,
        LeaseColumn,
        ColumnCount
    };
    //! GroupKind: a level of the five-part hierarchy above a service (grouped view only).
    enum Kind
    {
        NamespaceKind,
        ServiceKind,
        InstanceKind,
        GroupKind
    };
    enum Health
    {
        Alive,
        NearExpiry,
        Expired
    };
    enum Role
    {
        KindRole = Qt::UserRole + 1,
        NamespaceRole,
        ServiceRole,
        InstanceIdRole,
        //! Instance: its Health; service/namespace: the worst among their instances.
        HealthRole,
        //! True while the row shows a recent change.
        FlashRole,
        //! Text the free-text filter searches: service, id, hosts, label values.
        SearchTextRole,
    };

    explicit RegistryTreeModel(stellmap::Directory *directory, QObject *parent = nullptr);
    ~RegistryTreeModel() override;

    //! Shows \a namespaceName even while it holds nothing (a watched namespace).
    void addNamespace(const QString &namespaceName);
    //! Seconds of lease left under which an instance counts as near expiry.
    void setNearExpirySeconds(int seconds) { m_nearExpirySeconds = seconds; }
    //! How long a changed row stays marked.
    void setFlashMs(int ms) { m_flashMs = ms; }
    /*!
     * Groups services by their five parts: namespace → organization →
     * business domain → capability domain → application → role (the
     * service) → instances, with roll-ups on every level. Services that are
     * not five-part names stay directly under their namespace.
     */
    void setGroupByHierarchy(bool grouped);
    bool groupByHierarchy() const { return m_grouped; }

    /*!
     * Text shown beside an instance's health ("draining", "kept alive"); empty
     * clears it. Kept while the instance is away, so it shows again if it returns.
     */
    void setInstanceNote(const stellmap::InstanceRef &ref, const QString &note);

    //! "9 alive · 1 expiring" for counts indexed by Health.
    static QString healthText(const int counts[3]);
    //! Every zone of the shown namespaces, sorted.
    QStringList zones() const;

    //! The instance at \a index; a null record for namespace and service rows.
    stellmap::InstanceRecord instance(const QModelIndex &index) const;
    stellmap::InstanceRef instanceRef(const QModelIndex &index) const;
    //! Index of a namespace, service or instance (service/instance may be empty).
    QModelIndex indexOf(const QString &namespaceName, const QString &service = QString(),
                        const QString &instanceId = QString(), int column = 0) const;
    stellmap::Directory *directory() const { return m_directory; }

    QModelIndex index(int row, int column,
                      const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    //! Health counts and zones of the instances under a node, as last computed.
    struct RollUp
    {
        int counts[3] = {0, 0, 0};
        QStringList zoneList;
        QString zones;
        //! Something under the node changed since they were computed.
        bool dirty = true;
        //! The server second they were computed for (near expiry moves with time).
        qint64 second = -1;
    };
    struct Node
    {
        Kind kind = NamespaceKind;
        QString name;
        Node *parent = nullptr;
        std::vector<std::unique_ptr<Node>> children;
        qint64 flashUntilMs = 0;
        // Roll-ups of every node above the instances.
        int instanceCount = 0;
        //! The full service name of a service node (its name may be just the role).
        QString service;
        //! Instance nodes: the instance as last announced (shared with the directory, so
        //! painting and filtering need no lookups), and for roll-ups its lease end and zone.
        stellmap::InstanceRecord record;
        qint64 expiresAtUnix = 0;
        QString zone;
        //! Namespace, group and service nodes: cached roll-ups (see rollUpOf()).
        mutable RollUp rollUp;
    };

    void onNamespaceReset(const QString &namespaceName);
    void onAdded(const QList<stellmap::InstanceRef> &refs);
    void onRemoved(const QList<stellmap::InstanceRef> &refs);
    void onChanged(const QList<stellmap::Directory::Change> &changes);
    void onLeasesExpired(const QList<stellmap::InstanceRef> &refs);
    void tick();

    Node *namespaceNode(const QString &name) const;
    //! Names from the namespace down to the service node of \a service.
    QStringList pathOf(const QString &service) const;
    Node *serviceNode(const QString &namespaceName, const QString &service) const;
    Node *instanceNode(const stellmap::InstanceRef &ref) const;
    static std::unique_ptr<Node> makeNode(Kind kind, const QString &name, Node *parent);
    //! Creates the missing nodes of \a service's path; \a signal: announce each insert.
    Node *ensureService(Node *ns, const QString &service, bool signal);
    //! \a name's subtree as the directory has it, built without signals.
    std::unique_ptr<Node> buildNamespace(const QString &name);
    static const Node *namespaceOf(const Node *node);
    void collectServices(Node *node, QList<Node *> *services) const;

    Node *ensureNamespace(const QString &name);
    Node *childNamed(const Node *parent, const QString &name, Kind kind) const;
    //! Position where a child named \a name is or would be inserted.
    static int lowerBound(const Node *parent, const QString &name, Kind kind);
    int rowOf(const Node *node) const;
    QModelIndex indexFor(const Node *node, int column = 0) const;
    Node *nodeFor(const QModelIndex &index) const;
    //! Removes \a node and its ancestors while they are empty; returns the first one left.
    Node *removeEmptyAncestors(Node *node);
    //! Roll-up columns of a service and its namespace changed.
    void rollUpChanged(Node *node);
    stellmap::InstanceRef refOf(const Node *node) const;
    Health worstHealth(const Node *node) const;
    const RollUp &rollUpOf(const Node *node) const;
    Health healthAt(qint64 expiresAtUnix, qint64 now) const;
    //! Copies what roll-ups need from the directory into instance node \a node.
    void refresh(Node *node);
    //! "soft-drained" and the note set for the instance at \a node.
    QStringList healthNotes(const Node *node, const stellmap::InstanceRecord &instance) const;
    qint64 serverNow() const;
    //! The server time leases under \a node are judged at (Directory::leaseNowUnix()).
    qint64 leaseNow(const Node *node) const;

    stellmap::Directory *m_directory;
    //! Invisible root: its children are the namespaces.
    Node m_root;
    QTimer m_tick;
    int m_nearExpirySeconds = 10;
    int m_flashMs = 1500;
    bool m_grouped = false;
    QSet<Node *> m_flashing;
    QHash<stellmap::InstanceRef, QString> m_notes;
};
