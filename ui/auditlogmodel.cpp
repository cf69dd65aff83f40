#include "auditlogmodel.h"

#include <QColor>

using namespace stellmap;

AuditLogModel::AuditLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AuditLogModel::setEntries(const QList<AuditEntry> &entries)
{
    beginResetModel();
    m_entries = entries.mid(0, m_capacity);
    endResetModel();
}

void AuditLogModel::prepend(const AuditEntry &entry)
{
    if (m_entries.size() >= m_capacity) {
        const int first = m_capacity - 1;
        beginRemoveRows(QModelIndex(), first, int(m_entries.size()) - 1);
        m_entries.resize(first);
        endRemoveRows();
    }
    beginInsertRows(QModelIndex(), 0, 0);
    m_entries.prepend(entry);
    endInsertRows();
}

void AuditLogModel::setCapacity(int capacity)
{
    m_capacity = qMax(1, capacity);
    if (m_entries.size() > m_capacity) {
        beginRemoveRows(QModelIndex(), m_capacity, int(m_entries.size()) - 1);
        m_entries.resize(m_capacity);
        endRemoveRows();
    }
}

int AuditLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return QVariant();
    }
    const AuditEntry &entry = m_entries.at(index.row());
    if (role == Qt::ForegroundRole) {
        if (index.column() == ResultColumn && !entry.isOk()) {
            return QColor(Qt::red);
        }
        return QVariant();
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case TimeColumn:
            return entry.time.toUTC().toString(Qt::ISODateWithMs);
        case MessageColumn:
            return entry.message;
        case MaybeAppliedColumn:
            return entry.maybeApplied
                       ? QStringLiteral("The answer was lost after the request was sent: "
                                        "the change may have been applied.")
                       : QVariant();
        default:
            return QVariant();
        }
    }
    if (role != Qt::DisplayRole) {
        return QVariant();
    }
    switch (index.column()) {
    case TimeColumn:
        // Local time to read; the tooltip has the UTC stamp as written.
        return entry.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case ProfileColumn:
        return entry.profile;
    case ActionColumn:
        return entry.action;
    case NamespaceColumn:
        return entry.namespaceName;
    case ServiceColumn:
        return entry.service;
    case InstanceColumn:
        return entry.instanceId;
    case ResultColumn:
        return entry.result;
    case MaybeAppliedColumn:
        return entry.maybeApplied ? QStringLiteral("maybe applied") : QString();
    case RequestIdColumn:
        return entry.requestId;
    case ServerColumn:
        return entry.server;
    case MessageColumn:
        // One line in the table; the tooltip has all of it.
        return QString(entry.message).replace(u'\n', u' ');
    default:
        return QVariant();
    }
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QVariant();
    }
    switch (section) {
    case TimeColumn:
        return QStringLiteral("Time");
    case ProfileColumn:
        return QStringLiteral("Profile");
    case ActionColumn:
        return QStringLiteral("Action");
    case NamespaceColumn:
        return QStringLiteral("Namespace");
    case ServiceColumn:
        return QStringLiteral("Service");
    case InstanceColumn:
        return QStringLiteral("Instance");
    case ResultColumn:
        return QStringLiteral("Result");
    case MaybeAppliedColumn:
        return QStringLiteral("Applied?");
    case RequestIdColumn:
        return QStringLiteral("Request ID");
    case ServerColumn:
        return QStringLiteral("Server");
    case MessageColumn:
        return QStringLiteral("Message");
    default:
        return QVariant();
    }
}
