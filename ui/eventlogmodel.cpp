#include "eventlogmodel.h"

using namespace stellmap;

EventLogModel::EventLogModel(Directory *directory, QObject *parent)
    : QAbstractTableModel(parent)
    , m_directory(directory)
{
    const auto entriesFor = [this](const QList<InstanceRef> &refs, const QString &type) {
        QList<Entry> entries;
        entries.reserve(refs.size());
        const QDateTime now = QDateTime::currentDateTime();
        for (const InstanceRef &ref : refs) {
            const quint64 revision = m_directory->changeRevision(ref);
            entries.append({now, revision ? revision : m_directory->revision(ref.namespaceName),
                            type, ref.namespaceName, ref.service, ref.instanceId, QString()});
        }
        return entries;
    };
    connect(directory, &Directory::instancesAdded, this,
            [this, entriesFor](const QList<InstanceRef> &refs) {
                append(entriesFor(refs, QStringLiteral("added")));
            });
    connect(directory, &Directory::instancesRemoved, this,
            [this, entriesFor](const QList<InstanceRef> &refs) {
                append(entriesFor(refs, QStringLiteral("removed")));
            });
    connect(directory, &Directory::leasesExpired, this, [this](const QList<InstanceRef> &refs) {
        // Noticed here by the server's clock, not sent by the server: no revision.
        QList<Entry> entries;
        const QDateTime now = QDateTime::currentDateTime();
        for (const InstanceRef &ref : refs) {
            entries.append({now, 0, QStringLiteral("lease ran out"), ref.namespaceName, ref.service,
                            ref.instanceId,
                            QStringLiteral("no heartbeat within its TTL (the registry will "
                                           "delete it)")});
        }
        append(entries);
    });
    connect(directory, &Directory::instancesChanged, this,
            [this](const QList<Directory::Change> &changes) {
                QList<Entry> entries;
                const QDateTime now = QDateTime::currentDateTime();
                for (const Directory::Change &change : changes) {
                    if (change.fields == Directory::HeartbeatChanged && !m_logHeartbeats) {
                        continue;
                    }
                    entries.append({now, m_directory->changeRevision(change.ref),
                                    change.fields == Directory::HeartbeatChanged
                                        ? QStringLiteral("heartbeat")
                                        : QStringLiteral("changed"),
                                    change.ref.namespaceName, change.ref.service,
                                    change.ref.instanceId, describe(change.fields)});
                }
                append(entries);
            });
    connect(directory, &Directory::namespaceReset, this, [this](const QString &ns) {
        append(Entry{QDateTime::currentDateTime(), m_directory->revision(ns),
                     QStringLiteral("snapshot"), ns, QString(), QString(),
                     QStringLiteral("%1 instances").arg(m_directory->size(ns))});
    });
}

QString EventLogModel::describe(Directory::ChangedFields fields)
{
    QStringList parts;
    const QList<std::pair<Directory::ChangedField, const char *>> names = {
        {Directory::ZoneChanged, "zone"},
        {Directory::LabelsChanged, "labels"},
        {Directory::MetadataChanged, "metadata"},
        {Directory::EndpointsChanged, "endpoints"},
        {Directory::LeaseChanged, "lease TTL"},
        {Directory::HeartbeatChanged, "heartbeat"},
        {Directory::RegisteredChanged, "registered again"},
        {Directory::IdentityChanged, "identity"}};
    for (const auto &[flag, name] : names) {
        if (fields.testFlag(flag)) {
            parts.append(QString::fromLatin1(name));
        }
    }
    return parts.join(QLatin1String(", "));
}

void EventLogModel::setLogHeartbeats(bool log)
{
    m_logHeartbeats = log;
    if (log) {
        return;
    }
    // Turned off: the renewals already logged go too, newest first so rows stay valid.
    for (qsizetype end = m_entries.size(); end > 0;) {
        if (m_entries.at(end - 1).type != QLatin1String("heartbeat")) {
            --end;
            continue;
        }
        qsizetype begin = end - 1;
        while (begin > 0 && m_entries.at(begin - 1).type == QLatin1String("heartbeat")) {
            --begin;
        }
        beginRemoveRows(QModelIndex(), int(begin), int(end - 1));
        m_entries.remove(begin, end - begin);
        endRemoveRows();
        end = begin;
    }
}

void EventLogModel::append(const Entry &entry)
{
    append(QList<Entry>{entry});
}

void EventLogModel::append(const QList<Entry> &entries)
{
    if (entries.isEmpty()) {
        return;
    }
    const QList<Entry> added =
        entries.size() > m_capacity ? entries.mid(entries.size() - m_capacity) : entries;
    const int overflow = int(m_entries.size() + added.size()) - m_capacity;
    if (overflow > 0) {
        beginRemoveRows(QModelIndex(), 0, overflow - 1);
        m_entries.remove(0, overflow);
        endRemoveRows();
    }
    const int first = int(m_entries.size());
    beginInsertRows(QModelIndex(), first, first + int(added.size()) - 1);
    m_entries.append(added);
    endInsertRows();
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole)) {
        return QVariant();
    }
    const Entry &entry = m_entries.at(index.row());
    switch (index.column()) {
    case TimeColumn:
        return entry.time.toString(QStringLiteral("HH:mm:ss"));
    case RevisionColumn:
        return entry.revision ? QVariant(entry.revision) : QVariant();
    case TypeColumn:
        return entry.type;
    case NamespaceColumn:
        return entry.namespaceName;
    case ServiceColumn:
        return entry.service;
    case InstanceColumn:
        return entry.instanceId;
    case DetailColumn:
        return entry.detail;
    default:
        return QVariant();
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QVariant();
    }
    static const char *const names[] = {"Time",    "Revision", "Event",  "Namespace",
                                        "Service", "Instance", "Changed"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}
