#pragma once

#include "auditlog.h"

#include <QAbstractTableModel>
#include <QList>

/*!
 * The audit log dialog's table: AuditEntry records newest first, capped so
 * live appends do not grow it without bound. Results other than "ok" are
 * shown in red (Qt::ForegroundRole on the result column).
 */
class AuditLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        ProfileColumn,
        ActionColumn,
        NamespaceColumn,
        ServiceColumn,
        InstanceColumn,
        ResultColumn,
        MaybeAppliedColumn,
        RequestIdColumn,
        ServerColumn,
        MessageColumn,
        ColumnCount
    };

    explicit AuditLogModel(QObject *parent = nullptr);

    //! Replaces the rows with \a entries (newest first), cut to the capacity.
    void setEntries(const QList<stellmap::AuditEntry> &entries);
    //! Adds \a entry as the newest row, dropping the oldest beyond the capacity.
    void prepend(const stellmap::AuditEntry &entry);
    const stellmap::AuditEntry &entry(int row) const { return m_entries.at(row); }

    void setCapacity(int capacity);
    int capacity() const { return m_capacity; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<stellmap::AuditEntry> m_entries;
    int m_capacity = 10000;
};
