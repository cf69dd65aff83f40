#pragma once

#include "directory.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

/*!
 * The event log dock: what changed in the registry (and in the streams), newest
 * last, capped so a long session does not grow without bound.
 */
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        RevisionColumn,
        TypeColumn,
        NamespaceColumn,
        ServiceColumn,
        InstanceColumn,
        DetailColumn,
        ColumnCount
    };

    struct Entry
    {
        QDateTime time;
        quint64 revision = 0;
        QString type;
        QString namespaceName;
        QString service;
        QString instanceId;
        QString detail;
    };

    explicit EventLogModel(stellmap::Directory *directory, QObject *parent = nullptr);

    void setCapacity(int capacity) { m_capacity = qMax(1, capacity); }
    int capacity() const { return m_capacity; }
    //! Whether lease renewals without other changes are logged (off by default); off also
    //! removes those already logged.
    void setLogHeartbeats(bool log);
    //! Appends \a entry, dropping the oldest rows beyond the capacity.
    void append(const Entry &entry);
    void append(const QList<Entry> &entries);
    const Entry &entry(int row) const { return m_entries.at(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    //! "labels, heartbeat" for the fields of a change.
    static QString describe(stellmap::Directory::ChangedFields fields);

private:
    stellmap::Directory *m_directory;
    QList<Entry> m_entries;
    int m_capacity = 10000;
    bool m_logHeartbeats = false;
};
