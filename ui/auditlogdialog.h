#pragma once

#include <QDialog>

class AuditLogModel;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace stellmap {
class AuditLog;
}

/*!
 * "Audit log": the writes this browser sent, newest first, from the audit
 * file (and its rotated generation). Non-modal; records appended while it is
 * open show up at once, Reload reads the file again (e.g. after another
 * browser process wrote to it). The filter matches any column.
 */
class AuditLogDialog : public QDialog
{
    Q_OBJECT

public:
    //! How many records are read from the file.
    static constexpr int MaxEntries = 10000;

    //! \a log must outlive the dialog.
    explicit AuditLogDialog(stellmap::AuditLog *log, QWidget *parent = nullptr);

    AuditLogModel *model() const { return m_model; }
    //! What the table shows: the model behind the filter.
    QSortFilterProxyModel *filteredModel() const { return m_proxy; }

public Q_SLOTS:
    void reload();

private:
    stellmap::AuditLog *m_log;
    AuditLogModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_pathLabel = nullptr;
    QLabel *m_countLabel = nullptr;
};
