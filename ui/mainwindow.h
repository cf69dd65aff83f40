#pragma once

#include "directory.h"
#include "watchsession.h"

#include <QHash>
#include <QMainWindow>
#include <QSet>
#include <QTimer>

class EventLogModel;
class InstanceActions;
class InstanceDetails;
class Operations;
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
    /*!
     * \a operations (optional) adds the write actions; its profile's
     * read-only and production marks show in the toolbar.
     */
    MainWindow(Workspace *workspace, const QString &profileName, Operations *operations = nullptr,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    RegistryTreeModel *treeModel() const { return m_model; }
    InstanceFilterProxy *filterProxy() const { return m_proxy; }
    QTreeView *treeView() const { return m_tree; }
    //! nullptr without Operations.
    InstanceActions *instanceActions() const { return m_actions; }
    //! The status text of \a namespaceName's stream ("live", "reconnecting in 3 s", ...).
    QString streamStatus(const QString &namespaceName) const;
    //! The profiles offered by the toolbar's switcher, \a current selected.
    void setProfiles(const QStringList &names, const QString &current);
    /*!
     * Above this many matches (default 5,000) a filter leaves services closed:
     * laying out a huge open tree on every change would stall the window.
     */
    void setMaxExpandedMatches(int count) { m_maxExpandedMatches = count; }
    //! Remembers the window's geometry, docks and column layout.
    void saveLayout();
    //! The search box's text (kept when the window is replaced for the same profile).
    QString searchText() const;
    void setSearchText(const QString &text);

Q_SIGNALS:
    //! The user picked another profile in the switcher.
    void profileSelected(const QString &name);
    void newProfileRequested();
    void editProfileRequested();
    void auditLogRequested();
    void forgetTokenRequested();
    void deleteProfileRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildToolBar();
    void buildOperations(Operations *operations);
    void expandNamespaces();
    //! Opens again what was open before a filter was applied.
    void restoreExpansion();
    //! "namespace\nservice..." of a row, stable across filtering.
    static QString pathOf(const QModelIndex &index);
    void buildEventLog();
    void applyFilter();
    void updateCounts();
    void updateStreamStatus();
    void updateZones();
    void showCurrent();
    void copyCurrentAsJson();
    void showTreeMenu(const QPoint &position);
    void onSessionState(const QString &namespaceName, stellmap::WatchSession::State state);

    Workspace *m_workspace = nullptr;
    InstanceActions *m_actions = nullptr;
    RegistryTreeModel *m_model = nullptr;
    InstanceFilterProxy *m_proxy = nullptr;
    QTreeView *m_tree = nullptr;
    InstanceDetails *m_details = nullptr;
    EventLogModel *m_eventLog = nullptr;
    QSortFilterProxyModel *m_eventFilter = nullptr;
    QTableView *m_eventView = nullptr;
    QComboBox *m_profiles = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_searchError = nullptr;
    QLabel *m_filterNote = nullptr;
    //! Rows open before the filter (paths; "namespace\n-" marks a closed namespace).
    QSet<QString> m_expandedBeforeFilter;
    QComboBox *m_zones = nullptr;
    QLabel *m_staleBanner = nullptr;
    QLabel *m_streamLabel = nullptr;
    QLabel *m_leaderLabel = nullptr;
    QLabel *m_countLabel = nullptr;
    QTimer m_statusTimer;
    QTimer m_countTimer;
    QTimer m_detailsTimer;
    QHash<QString, QDateTime> m_staleSince;
    int m_maxExpandedMatches = 5000;
    //! The last stream error of a namespace that is not live ("tls: ...").
    QHash<QString, QString> m_lastError;
    //! The instance the detail pane shows, if it shows one.
    std::optional<stellmap::InstanceRef> m_shownInstance;
};
