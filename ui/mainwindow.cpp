#include "mainwindow.h"

#include "eventlogmodel.h"
#include "instanceactions.h"
#include "instancedetails.h"
#include "instanceexport.h"
#include "instancefilterproxy.h"
#include "operations.h"
#include "registrytreemodel.h"
#include "stellmapclient.h"
#include "workspace.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace stellmap;

MainWindow::MainWindow(Workspace *workspace, const QString &profileName, Operations *operations,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_workspace(workspace)
    , m_model(new RegistryTreeModel(workspace->directory(), this))
    , m_proxy(new InstanceFilterProxy(this))
    , m_tree(new QTreeView)
    , m_details(new InstanceDetails)
    , m_eventLog(new EventLogModel(workspace->directory(), this))
    , m_eventFilter(new QSortFilterProxyModel(this))
    , m_eventView(new QTableView)
    , m_profiles(new QComboBox)
    , m_search(new QLineEdit)
    , m_searchError(new QLabel)
    , m_zones(new QComboBox)
    , m_staleBanner(new QLabel)
    , m_streamLabel(new QLabel)
    , m_leaderLabel(new QLabel)
    , m_countLabel(new QLabel)
{
    setWindowTitle(QStringLiteral("StellMap Browser — %1").arg(profileName));
    for (const QString &ns : workspace->namespaces()) {
        m_model->addNamespace(ns);
    }
    m_proxy->setSourceModel(m_model);

    m_tree->setObjectName(QStringLiteral("registryTree"));
    m_tree->setModel(m_proxy);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(RegistryTreeModel::NameColumn, QHeaderView::Interactive);
    // Every column fits the tree's share of a 1400 px window (lease left included).
    m_tree->setColumnWidth(RegistryTreeModel::NameColumn, 345);
    m_tree->setColumnWidth(RegistryTreeModel::CountColumn, 65);
    m_tree->setColumnWidth(RegistryTreeModel::ZoneColumn, 75);
    m_tree->setColumnWidth(RegistryTreeModel::HealthColumn, 140);
    m_tree->setColumnWidth(RegistryTreeModel::EndpointsColumn, 150);
    m_tree->setColumnWidth(RegistryTreeModel::HeartbeatColumn, 90);
    m_tree->setColumnWidth(RegistryTreeModel::LeaseColumn, 80);
    connect(m_tree, &QWidget::customContextMenuRequested, this, &MainWindow::showTreeMenu);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::showCurrent);
    // Namespaces open as they fill, so a fresh window shows services at once.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parent, int first, int last) {
                if (!parent.isValid()) {
                    for (int row = first; row <= last; ++row) {
                        m_tree->expand(m_proxy->index(row, 0));
                    }
                }
            });
    // A rebuilt view (grouping switched, filter reset) opens its namespaces again.
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::expandNamespaces);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, [this] {
        if (!m_proxy->isFiltering()) {
            expandNamespaces();
        }
    });
    expandNamespaces();

    m_staleBanner->setObjectName(QStringLiteral("staleBanner"));
    m_staleBanner->setStyleSheet(
        QStringLiteral("QLabel { background: #fff4ce; color: #5c4400; padding: 6px; border-bottom: "
                       "1px solid #e0c97a; }"));
    m_staleBanner->setWordWrap(true); // a long reason (a TLS error) must not widen the window
    m_staleBanner->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_staleBanner->hide();
    m_searchError->setObjectName(QStringLiteral("searchError"));
    m_searchError->setStyleSheet(QStringLiteral("QLabel { color: #b00020; padding: 4px 6px; }"));
    m_searchError->setWordWrap(true);
    m_searchError->hide();

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(0);
    leftLayout->addWidget(m_staleBanner);
    leftLayout->addWidget(m_searchError);
    m_filterNote = new QLabel;
    m_filterNote->setObjectName(QStringLiteral("filterNote"));
    m_filterNote->setStyleSheet(QStringLiteral("QLabel { color: #444; padding: 6px; }"));
    m_filterNote->setWordWrap(true);
    m_filterNote->hide();
    leftLayout->addWidget(m_filterNote);
    leftLayout->addWidget(m_tree);
    auto *splitter = new QSplitter;
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({960, 440});
    setCentralWidget(splitter);

    buildToolBar();
    buildEventLog();
    if (operations) {
        buildOperations(operations);
    }

    m_streamLabel->setObjectName(QStringLiteral("streamStatus"));
    // Permanent: messages about writes never hide the state of the streams.
    statusBar()->addPermanentWidget(m_streamLabel);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_leaderLabel);
    connect(workspace, &Workspace::leaderChanged, m_leaderLabel, &QLabel::setText);
    connect(workspace, &Workspace::sessionStateChanged, this, &MainWindow::onSessionState);
    connect(workspace, &Workspace::sessionError, this,
            [this](const QString &ns, const QString &code, const QString &message, bool fatal) {
                EventLogModel::Entry entry;
                entry.time = QDateTime::currentDateTime();
                entry.type = fatal ? QStringLiteral("stream stopped") : QStringLiteral("stream");
                entry.namespaceName = ns;
                entry.detail = code + QLatin1String(": ") + message;
                m_eventLog->append(entry);
                // The banner says why (a certificate refused, a server down), not just
                // "reconnecting".
                m_lastError.insert(ns, entry.detail);
                updateStreamStatus();
            });

    // Counts and countdowns are refreshed on timers, never per event.
    m_statusTimer.setInterval(1000);
    connect(&m_statusTimer, &QTimer::timeout, this, [this] {
        updateStreamStatus();
        updateZones();
    });
    m_statusTimer.start();
    m_countTimer.setSingleShot(true);
    m_countTimer.setInterval(200);
    connect(&m_countTimer, &QTimer::timeout, this, &MainWindow::updateCounts);
    const auto countLater = [this] { m_countTimer.start(); };
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, countLater);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, countLater);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, countLater);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, countLater);
    m_detailsTimer.setSingleShot(true);
    m_detailsTimer.setInterval(300);
    connect(&m_detailsTimer, &QTimer::timeout, this, &MainWindow::showCurrent);
    // The pane follows what it shows: renewals (the lease countdown) included.
    connect(workspace->directory(), &Directory::instancesChanged, this,
            [this](const QList<Directory::Change> &changes) {
                const QModelIndex current = m_proxy->mapToSource(m_tree->currentIndex());
                const QString ns = current.data(RegistryTreeModel::NamespaceRole).toString();
                const QString service = current.data(RegistryTreeModel::ServiceRole).toString();
                for (const Directory::Change &change : changes) {
                    if (m_shownInstance
                            ? change.ref == *m_shownInstance
                            : change.ref.namespaceName == ns && change.ref.service == service) {
                        if (!m_detailsTimer.isActive()) { // at most every 300 ms in a storm
                            m_detailsTimer.start();
                        }
                        return;
                    }
                }
            });
    connect(workspace->directory(), &Directory::instancesRemoved, this,
            [this](const QList<InstanceRef> &refs) {
                if (m_shownInstance && refs.contains(*m_shownInstance)) {
                    m_detailsTimer.start();
                }
            });

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    m_tree->header()->restoreState(
        settings.value(QStringLiteral("mainWindow/treeHeader")).toByteArray());
    splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
    if (!settings.contains(QStringLiteral("mainWindow/geometry"))) {
        resize(1400, 860);
    }
    // A saved size larger than this screen (another monitor) is brought back inside it.
    if (const QScreen *screen = this->screen()) {
        const QSize room = screen->availableGeometry().size();
        if (width() > room.width() || height() > room.height()) {
            resize(qMin(width(), room.width()), qMin(height(), room.height()));
        }
    }
    updateStreamStatus();
    updateCounts();
    m_details->clear();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildToolBar()
{
    QToolBar *bar = addToolBar(QStringLiteral("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    m_profiles->setObjectName(QStringLiteral("profileSwitcher"));
    m_profiles->setToolTip(QStringLiteral("Connection profile"));
    m_profiles->setMinimumWidth(160);
    connect(m_profiles, &QComboBox::activated, this, [this](int index) {
        const QString name = m_profiles->itemText(index);
        if (name != m_profiles->property("current").toString()) {
            Q_EMIT profileSelected(name);
        }
    });
    bar->addWidget(m_profiles);
    auto *profileMenu = new QMenu(this);
    profileMenu->addAction(QStringLiteral("New profile…"), this, &MainWindow::newProfileRequested);
    profileMenu->addAction(QStringLiteral("Edit this profile…"), this,
                           &MainWindow::editProfileRequested);
    profileMenu->addAction(QStringLiteral("Forget this profile's token"), this,
                           &MainWindow::forgetTokenRequested);
    profileMenu->addSeparator();
    profileMenu->addAction(QStringLiteral("Delete this profile…"), this,
                           &MainWindow::deleteProfileRequested);
    auto *profileButton = new QToolButton;
    profileButton->setText(QStringLiteral("Profiles"));
    profileButton->setMenu(profileMenu);
    profileButton->setPopupMode(QToolButton::InstantPopup);
    bar->addWidget(profileButton);
    bar->addSeparator();
    m_search->setObjectName(QStringLiteral("searchBox"));
    m_search->setClearButtonEnabled(true);
    m_search->setPlaceholderText(
        QStringLiteral("Find: service, instance, host, label value — or a selector: "
                       "color=gray,version in (v2)"));
    m_search->setMinimumWidth(420);
    connect(m_search, &QLineEdit::textChanged, this, &MainWindow::applyFilter);
    bar->addWidget(m_search);
    m_zones->setObjectName(QStringLiteral("zonePicker"));
    m_zones->addItem(QStringLiteral("All zones"), QString());
    m_zones->setMinimumWidth(120);
    connect(m_zones, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilter);
    bar->addWidget(m_zones);
    bar->addSeparator();

    auto *find = new QAction(QStringLiteral("Find"), this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, m_search, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    addAction(find);
    auto *group = bar->addAction(QStringLiteral("Group by hierarchy"));
    group->setObjectName(QStringLiteral("groupByHierarchy"));
    group->setCheckable(true);
    group->setToolTip(QStringLiteral("organization → business domain → capability domain → "
                                     "application → role"));
    group->setChecked(QSettings().value(QStringLiteral("view/groupByHierarchy")).toBool());
    m_model->setGroupByHierarchy(group->isChecked());
    connect(group, &QAction::toggled, this, [this](bool grouped) {
        m_model->setGroupByHierarchy(grouped);
        QSettings().setValue(QStringLiteral("view/groupByHierarchy"), grouped);
    });
    auto *expand = bar->addAction(QStringLiteral("Expand all"));
    connect(expand, &QAction::triggered, m_tree, &QTreeView::expandAll);
    auto *collapse = bar->addAction(QStringLiteral("Collapse"));
    connect(collapse, &QAction::triggered, this, [this] {
        m_tree->collapseAll();
        expandNamespaces();
    });
    auto *reconnect = bar->addAction(QStringLiteral("Reconnect"));
    reconnect->setObjectName(QStringLiteral("reconnectAction"));
    reconnect->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_L), QKeySequence(Qt::Key_F5)});
    reconnect->setToolTip(QStringLiteral("Reconnect every stream now (Ctrl+L, F5)"));
    connect(reconnect, &QAction::triggered, m_workspace, &Workspace::reconnect);
    auto *copy = new QAction(QStringLiteral("Copy as JSON"), this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &MainWindow::copyCurrentAsJson);
    m_tree->addAction(copy);
    auto *open = new QAction(QStringLiteral("Open details"), this);
    open->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    open->setShortcutContext(Qt::WidgetShortcut);
    connect(open, &QAction::triggered, this, [this] {
        showCurrent();
        m_details->setFocus();
    });
    m_tree->addAction(open);
}

void MainWindow::buildOperations(Operations *operations)
{
    m_actions = new InstanceActions(operations, m_model, m_proxy, m_tree, this);
    QMenu *instanceMenu = menuBar()->addMenu(QStringLiteral("&Instance"));
    m_actions->addTo(instanceMenu);
    QMenu *tools = menuBar()->addMenu(QStringLiteral("&Tools"));
    tools->addAction(QStringLiteral("&Audit log…"), this, &MainWindow::auditLogRequested);
    connect(instanceMenu, &QMenu::aboutToShow, m_actions, &InstanceActions::updateEnabled);
    connect(m_actions, &InstanceActions::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });

    auto *bar = findChild<QToolBar *>(QStringLiteral("mainToolBar"));
    bar->addSeparator();
    bar->addAction(m_actions->action(InstanceActions::Register));
    bar->addAction(m_actions->action(InstanceActions::Drain));

    const Profile &profile = operations->profile();
    if (profile.production || profile.readOnly) {
        // The profile's stakes stay in sight: a red band for production.
        auto *badge = new QLabel(profile.readOnly && profile.production
                                     ? QStringLiteral(" PRODUCTION · READ-ONLY ")
                                 : profile.production ? QStringLiteral(" PRODUCTION ")
                                                      : QStringLiteral(" READ-ONLY "));
        badge->setObjectName(QStringLiteral("profileBadge"));
        badge->setStyleSheet(profile.production
                                 ? QStringLiteral("QLabel { background: #c62828; color: white; "
                                                  "font-weight: bold; padding: 3px 6px; }")
                                 : QStringLiteral("QLabel { background: #455a64; color: white; "
                                                  "font-weight: bold; padding: 3px 6px; }"));
        bar->insertWidget(bar->actions().constFirst(), badge);
        if (profile.production) {
            bar->setStyleSheet(QStringLiteral("QToolBar { border-bottom: 3px solid #c62828; }"));
        }
    }

    // Every write shows how it ended; failures also go to the event log.
    connect(operations, &Operations::recorded, this, [this](const Operations::Result &result) {
        const QString what = QStringLiteral("%1 %2").arg(result.action, result.ref.instanceId);
        if (result.ok()) {
            if (result.action != QLatin1String("keep-alive")) {
                statusBar()->showMessage(what + QLatin1String(": ok"), 8000);
            }
            return;
        }
        const bool keepAliveEnded = result.action == QLatin1String("keep-alive") &&
                                    result.code == QLatin1String("not_found");
        const QString text =
            keepAliveEnded
                ? QStringLiteral("Keep-alive of %1 stopped: the registry no longer has it "
                                 "(not_found: %2)")
                      .arg(result.ref.instanceId, result.message)
                : QStringLiteral("%1 failed: %2: %3%4")
                      .arg(what, result.code, result.message,
                           result.maybeApplied ? QStringLiteral(" (it may have been applied)")
                                               : QString());
        statusBar()->showMessage(text, 30000);
        EventLogModel::Entry entry;
        entry.time = QDateTime::currentDateTime();
        entry.type =
            keepAliveEnded ? QStringLiteral("keep-alive stopped") : QStringLiteral("write failed");
        entry.namespaceName = result.ref.namespaceName;
        entry.service = result.ref.service;
        entry.instanceId = result.ref.instanceId;
        entry.detail = text;
        m_eventLog->append(entry);
    });
}

QString MainWindow::pathOf(const QModelIndex &index)
{
    QStringList parts;
    for (QModelIndex at = index; at.isValid(); at = at.parent()) {
        parts.prepend(at.data().toString());
    }
    return parts.join(QLatin1Char('\n'));
}

void MainWindow::restoreExpansion()
{
    m_tree->collapseAll();
    QList<QModelIndex> pending;
    for (int ns = 0; ns < m_proxy->rowCount(); ++ns) {
        const QModelIndex nsIndex = m_proxy->index(ns, 0);
        if (!m_expandedBeforeFilter.contains(nsIndex.data().toString() + QLatin1String("\n-"))) {
            m_tree->expand(nsIndex);
        }
        pending.append(nsIndex);
    }
    while (!pending.isEmpty()) {
        const QModelIndex parent = pending.takeLast();
        for (int row = 0; row < m_proxy->rowCount(parent); ++row) {
            const QModelIndex child = m_proxy->index(row, 0, parent);
            if (m_expandedBeforeFilter.contains(pathOf(child))) {
                m_tree->expand(child);
                pending.append(child);
            }
        }
    }
}

QString MainWindow::searchText() const
{
    return m_search->text();
}

void MainWindow::setSearchText(const QString &text)
{
    m_search->setText(text);
    applyFilter();
}

void MainWindow::expandNamespaces()
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        m_tree->expand(m_proxy->index(row, 0));
    }
}

void MainWindow::setProfiles(const QStringList &names, const QString &current)
{
    const QSignalBlocker blocker(m_profiles);
    m_profiles->clear();
    m_profiles->addItems(names);
    m_profiles->setCurrentText(current);
    m_profiles->setProperty("current", current);
}

void MainWindow::buildEventLog()
{
    auto *dock = new QDockWidget(QStringLiteral("Event log"), this);
    dock->setObjectName(QStringLiteral("eventLogDock"));
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *filter = new QLineEdit;
    filter->setPlaceholderText(QStringLiteral("Filter events (any column)"));
    // Renewals are most of the traffic and rarely news: off unless asked for.
    auto *heartbeats = new QCheckBox(QStringLiteral("Show heartbeats"));
    heartbeats->setObjectName(QStringLiteral("showHeartbeats"));
    connect(heartbeats, &QCheckBox::toggled, m_eventLog, &EventLogModel::setLogHeartbeats);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(filter, 1);
    filterRow->addWidget(heartbeats);
    filter->setClearButtonEnabled(true);
    m_eventFilter->setSourceModel(m_eventLog);
    m_eventFilter->setFilterKeyColumn(-1);
    m_eventFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(filter, &QLineEdit::textChanged, m_eventFilter,
            &QSortFilterProxyModel::setFilterFixedString);
    m_eventView->setObjectName(QStringLiteral("eventLog"));
    m_eventView->setModel(m_eventFilter);
    m_eventView->verticalHeader()->hide();
    m_eventView->verticalHeader()->setDefaultSectionSize(22);
    m_eventView->horizontalHeader()->setStretchLastSection(true);
    m_eventView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventView->setColumnWidth(EventLogModel::TimeColumn, 70);
    m_eventView->setColumnWidth(EventLogModel::RevisionColumn, 70);
    m_eventView->setColumnWidth(EventLogModel::TypeColumn, 110);
    m_eventView->setColumnWidth(EventLogModel::NamespaceColumn, 90);
    m_eventView->setColumnWidth(EventLogModel::ServiceColumn, 340);
    m_eventView->setColumnWidth(EventLogModel::InstanceColumn, 240);
    m_eventView->setTextElideMode(Qt::ElideMiddle);
    // Follow the newest event unless the user scrolled up to read.
    connect(m_eventFilter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_eventView->verticalScrollBar()->value() >=
            m_eventView->verticalScrollBar()->maximum() - 2) {
            QTimer::singleShot(0, m_eventView, &QTableView::scrollToBottom);
        }
    });
    layout->addLayout(filterRow);
    layout->addWidget(m_eventView);
    dock->setWidget(box);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    // A closed dock comes back from the View menu.
    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    view->addAction(dock->toggleViewAction());
    if (auto *bar = findChild<QToolBar *>(QStringLiteral("mainToolBar"))) {
        view->addAction(bar->toggleViewAction());
    }
}

void MainWindow::applyFilter()
{
    const bool wasFiltering = m_proxy->isFiltering();
    if (!wasFiltering) {
        // What the user had open comes back when the filter is cleared.
        m_expandedBeforeFilter.clear();
        for (int ns = 0; ns < m_proxy->rowCount(); ++ns) {
            const QModelIndex nsIndex = m_proxy->index(ns, 0);
            if (!m_tree->isExpanded(nsIndex)) {
                m_expandedBeforeFilter.insert(nsIndex.data().toString() + QLatin1String("\n-"));
            }
            QList<QModelIndex> pending = {nsIndex};
            while (!pending.isEmpty()) {
                const QModelIndex parent = pending.takeLast();
                for (int row = 0; row < m_proxy->rowCount(parent); ++row) {
                    const QModelIndex child = m_proxy->index(row, 0, parent);
                    if (m_tree->isExpanded(child)) {
                        m_expandedBeforeFilter.insert(pathOf(child));
                        pending.append(child);
                    }
                }
            }
        }
    }
    const QString error = m_proxy->setFilterText(m_search->text());
    m_proxy->setZone(m_zones->currentData().toString());
    if (!error.isEmpty()) {
        // Say what the tree shows meanwhile, so a half-typed selector is not read as its result.
        const QString applied = m_proxy->filterText();
        m_searchError->setText(
            QStringLiteral("%1\nNot applied; the tree shows %2.")
                .arg(error, applied.isEmpty()
                                ? QStringLiteral("every instance")
                                : QStringLiteral("the matches of “%1”").arg(applied)));
    }
    m_searchError->setVisible(!error.isEmpty());
    m_search->setStyleSheet(
        error.isEmpty() ? QString() : QStringLiteral("QLineEdit { border: 1px solid #b00020; }"));
    if (wasFiltering && !m_proxy->isFiltering()) {
        restoreExpansion();
    }
    if (m_proxy->isFiltering()) {
        // Open every match, unless there are so many that the view would lay out a
        // huge tree on every change: then services stay closed with their counts.
        if (m_proxy->shownInstances() <= m_maxExpandedMatches) {
            m_tree->expandAll();
        } else {
            m_tree->collapseAll();
            expandNamespaces();
            statusBar()->showMessage(
                QStringLiteral("Many matches: services stay closed; open one to see its "
                               "instances"),
                5000);
        }
    }
    updateCounts();
}

void MainWindow::updateCounts()
{
    const qsizetype total = m_workspace->directory()->size();
    const int shown = m_proxy->isFiltering() ? m_proxy->shownInstances() : 0;
    const QString text = m_proxy->isFiltering()
                             ? QStringLiteral("%1 / %2 instances").arg(shown).arg(total)
                             : QStringLiteral("%1 instances").arg(total);
    m_countLabel->setText(text);
    // An empty tree says why, instead of looking like an empty registry.
    const bool nothing = m_proxy->isFiltering() && shown == 0 && total > 0;
    if (nothing) {
        QStringList what;
        if (!m_proxy->filterText().isEmpty()) {
            what.append(QStringLiteral("“%1”").arg(m_proxy->filterText()));
        }
        if (!m_proxy->zone().isEmpty()) {
            what.append(QStringLiteral("zone %1").arg(m_proxy->zone()));
        }
        m_filterNote->setText(QStringLiteral("No instance matches %1 (of %2).")
                                  .arg(what.join(QLatin1String(" in ")))
                                  .arg(total));
    }
    m_filterNote->setVisible(nothing);
}

void MainWindow::updateZones()
{
    // Every second: from the model's cached roll-ups, not a walk over every instance.
    const QStringList zones = m_model->zones();
    QStringList current;
    for (int i = 1; i < m_zones->count(); ++i) {
        current.append(m_zones->itemText(i));
    }
    if (zones == current) {
        return;
    }
    const QString selected = m_zones->currentData().toString();
    const QSignalBlocker blocker(m_zones);
    while (m_zones->count() > 1) {
        m_zones->removeItem(1);
    }
    for (const QString &zone : std::as_const(zones)) {
        m_zones->addItem(zone, zone);
    }
    m_zones->setCurrentIndex(qMax(0, m_zones->findData(selected)));
}

QString MainWindow::streamStatus(const QString &namespaceName) const
{
    const WatchSession *session = m_workspace->session(namespaceName);
    if (!session) {
        return QString();
    }
    switch (session->state()) {
    case WatchSession::State::Live:
        return QStringLiteral("live");
    case WatchSession::State::Connecting:
        return QStringLiteral("connecting");
    case WatchSession::State::Reconnecting:
        return QStringLiteral("reconnecting in %1 s")
            .arg(qMax(1, (session->reconnectInMs() + 999) / 1000));
    case WatchSession::State::Resyncing:
        return QStringLiteral("resyncing");
    case WatchSession::State::Stopped:
        return QStringLiteral("stopped");
    }
    return QString();
}

void MainWindow::onSessionState(const QString &namespaceName, WatchSession::State state)
{
    if (state == WatchSession::State::Live) {
        m_staleSince.remove(namespaceName);
        m_lastError.remove(namespaceName);
    } else if (!m_staleSince.contains(namespaceName) && state != WatchSession::State::Connecting) {
        m_staleSince.insert(namespaceName, QDateTime::currentDateTime());
    }
    updateStreamStatus();
}

void MainWindow::updateStreamStatus()
{
    QStringList parts;
    QStringList stale;
    for (const QString &ns : m_workspace->namespaces()) {
        const WatchSession *session = m_workspace->session(ns);
        QString part = QStringLiteral("%1: %2").arg(ns, streamStatus(ns));
        if (session->state() == WatchSession::State::Live) {
            part += QStringLiteral(" · rev %1").arg(session->revision());
        }
        parts.append(part);
        if (m_staleSince.contains(ns)) {
            const QString why = m_lastError.value(ns);
            stale.append(QStringLiteral("%1 is %2%3 — shown as of %4")
                             .arg(ns, streamStatus(ns),
                                  why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why),
                                  m_staleSince.value(ns).toString(QStringLiteral("HH:mm:ss"))));
        }
    }
    m_streamLabel->setText(parts.join(QLatin1String("   ")));
    // Stale data is never shown as live.
    m_staleBanner->setText(QStringLiteral("⚠ Not live: ") + stale.join(QLatin1String("; ")));
    m_staleBanner->setVisible(!stale.isEmpty());
    m_tree->setStyleSheet(stale.isEmpty() ? QString()
                                          : QStringLiteral("QTreeView { color: #7a7a7a; }"));
}

void MainWindow::showCurrent()
{
    const QModelIndex viewIndex = m_tree->currentIndex();
    const QModelIndex index = m_proxy->mapToSource(viewIndex);
    Directory *directory = m_workspace->directory();
    // Removing the shown row moves the current index to a neighbour without
    // selecting it: say the shown instance is gone instead of silently showing another.
    if (m_shownInstance && !directory->find(*m_shownInstance) &&
        !m_tree->selectionModel()->isSelected(viewIndex)) {
        m_details->showNote(tr("%1 is no longer registered (removed at %2).")
                                .arg(m_shownInstance->instanceId,
                                     QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
        m_shownInstance.reset();
        return;
    }
    if (!index.isValid() && m_shownInstance) {
        return; // its row is only filtered out: the pane keeps following it
    }
    m_shownInstance.reset();
    if (!index.isValid()) {
        m_details->clear();
        return;
    }
    m_details->setServerClockOffsetMs(directory->serverClockOffsetMs());
    if (const InstanceRecord instance = m_model->instance(index)) {
        m_shownInstance = m_model->instanceRef(index);
        m_details->showInstance(instance.toInstance(), directory->changeRevision(*m_shownInstance));
        return;
    }
    if (index.data(RegistryTreeModel::KindRole).toInt() == RegistryTreeModel::ServiceKind) {
        const QString ns = index.data(RegistryTreeModel::NamespaceRole).toString();
        const QString service = index.data(RegistryTreeModel::ServiceRole).toString();
        QList<Instance> instances;
        for (const QString &id : m_workspace->directory()->instanceIds(ns, service)) {
            if (const InstanceRecord instance = m_workspace->directory()->find({ns, service, id})) {
                instances.append(instance.toInstance());
            }
        }
        m_details->showService(instances);
        return;
    }
    m_details->clear();
}

void MainWindow::copyCurrentAsJson()
{
    QList<Instance> instances;
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        if (const InstanceRecord instance = m_model->instance(m_proxy->mapToSource(row))) {
            instances.append(instance.toInstance());
        }
    }
    if (instances.isEmpty()) {
        return;
    }
    QApplication::clipboard()->setText(InstanceExport::toJson(instances));
    statusBar()->showMessage(QStringLiteral("Copied %1 instance(s) as JSON").arg(instances.size()),
                             3000);
}

void MainWindow::showTreeMenu(const QPoint &position)
{
    const QModelIndex index = m_proxy->mapToSource(m_tree->indexAt(position));
    if (!index.isValid()) {
        return;
    }
    QMenu menu;
    const auto copyText = [](const QString &text) { QApplication::clipboard()->setText(text); };
    if (const InstanceRecord instance = m_model->instance(index)) {
        const Instance copy = instance.toInstance();
        menu.addAction(QStringLiteral("Copy as JSON"), this, &MainWindow::copyCurrentAsJson);
        if (m_actions) {
            menu.addAction(m_actions->action(InstanceActions::CopyCommand));
        }
        menu.addAction(QStringLiteral("Copy instance id"), this,
                       [copyText, copy] { copyText(copy.key.instanceId); });
        menu.addAction(QStringLiteral("Copy service name"), this,
                       [copyText, copy] { copyText(copy.key.service.service); });
        if (!copy.endpoints.isEmpty()) {
            QMenu *endpoints = menu.addMenu(QStringLiteral("Copy endpoint URL"));
            for (const Endpoint &endpoint : copy.endpoints) {
                const QString url = endpoint.url();
                endpoints->addAction(endpoint.name + QLatin1String(": ") + url, this,
                                     [copyText, url] { copyText(url); });
            }
        }
    } else {
        const QString name = index.data().toString();
        menu.addAction(QStringLiteral("Copy name"), this, [copyText, name] { copyText(name); });
        menu.addAction(QStringLiteral("Expand all below"), this,
                       [this, position] { m_tree->expandRecursively(m_tree->indexAt(position)); });
    }
    if (m_actions &&
        index.data(RegistryTreeModel::KindRole).toInt() != RegistryTreeModel::NamespaceKind &&
        index.data(RegistryTreeModel::KindRole).toInt() != RegistryTreeModel::GroupKind) {
        menu.addSeparator();
        for (const InstanceActions::Kind kind :
             {InstanceActions::Duplicate, InstanceActions::Heartbeat, InstanceActions::KeepAlive,
              InstanceActions::Drain, InstanceActions::SoftDrain, InstanceActions::Undrain}) {
            menu.addAction(m_actions->action(kind));
        }
    }
    menu.exec(m_tree->viewport()->mapToGlobal(position));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    settings.setValue(QStringLiteral("mainWindow/treeHeader"), m_tree->header()->saveState());
    if (auto *splitter = findChild<QSplitter *>(QStringLiteral("mainSplitter"))) {
        settings.setValue(QStringLiteral("mainWindow/splitter"), splitter->saveState());
    }
}
