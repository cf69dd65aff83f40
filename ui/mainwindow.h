#pragma once

#include "watchsession.h"

#include <QHash>
#include <QMainWindow>
#include <QTimer>

class EventLogModel;
class InstanceDetails;
class InstanceFilterProxy;
class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTreeView;
class RegistryTreeModel;
class Workspace;

/*!
 * The browser window: the live registry tree with its filter, the detail
 * pane, the event log and the stream status. It reads a Workspace and never
 * owns its connections.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(Workspace *workspace, const QString &profileName, QWidget *parent = nullptr);
    ~MainWindow() override;

    RegistryTreeModel *treeModel() const { return m_model; }
    InstanceFilterProxy *filterProxy() const { return m_proxy; }
    QTreeView *treeView() const { return m_tree; }
    //! The status text of \a namespaceName's stream ("live", "reconnecting in 3 s", ...).
    QString streamStatus(const QString &namespaceName) const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildToolBar();
    void buildEventLog();
    void applyFilter();
    void updateCounts();
    void updateStreamStatus();
    void updateZones();
    void showCurrent();
    void copyCurrentAsJson();
    void showTreeMenu(const QPoint &position);
    void onSessionState(const QString &namespaceName, stellmap::WatchSession::State state);

    Workspace *m_workspace;
    RegistryTreeModel *m_model;
    InstanceFilterProxy *m_proxy;
    QTreeView *m_tree;
    InstanceDetails *m_details;
    EventLogModel *m_eventLog;
    QSortFilterProxyModel *m_eventFilter;
    QTableView *m_eventView;
    QLineEdit *m_search;
    QLabel *m_searchError;
    QComboBox *m_zones;
    QLabel *m_staleBanner;
    QLabel *m_streamLabel;
    QLabel *m_leaderLabel;
    QLabel *m_countLabel;
    QTimer m_statusTimer;
    QTimer m_countTimer;
    QTimer m_detailsTimer;
    QHash<QString, QDateTime> m_staleSince;
};
