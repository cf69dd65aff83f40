#include "instanceactions.h"

#include "drainconfirmdialog.h"
#include "instanceexport.h"
#include "instancefilterproxy.h"
#include "operations.h"
#include "registerdialog.h"
#include "registrytreemodel.h"
#include "writereply.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTreeView>

using namespace stellmap;

InstanceActions::InstanceActions(Operations *operations, RegistryTreeModel *model,
                                 InstanceFilterProxy *proxy, QTreeView *tree, QWidget *window)
    : QObject(window)
    , m_operations(operations)
    , m_model(model)
    , m_proxy(proxy)
    , m_tree(tree)
    , m_window(window)
{
    QAction *registerAction =
        make(Register, QStringLiteral("&Register instance…"), QStringLiteral("registerAction"));
    registerAction->setShortcut(QKeySequence::New);
    registerAction->setIconText(QStringLiteral("Register…"));
    make(Duplicate, QStringLiteral("Du&plicate as new…"), QStringLiteral("duplicateAction"));
    make(Heartbeat, QStringLiteral("&Heartbeat now"), QStringLiteral("heartbeatAction"));
    QAction *keepAlive =
        make(KeepAlive, QStringLiteral("&Keep alive"), QStringLiteral("keepAliveAction"));
    keepAlive->setCheckable(true);
    keepAlive->setToolTip(
        QStringLiteral("Renew the lease every third of its TTL while this window is open"));
    QAction *drain =
        make(Drain, QStringLiteral("&Drain (deregister)…"), QStringLiteral("drainAction"));
    drain->setShortcut(QKeySequence::Delete);
    drain->setIconText(QStringLiteral("Drain…"));
    make(SoftDrain, QStringLiteral("&Soft drain (label drain=true)…"),
         QStringLiteral("softDrainAction"));
    make(Undrain, QStringLiteral("U&ndrain"), QStringLiteral("undrainAction"));
    make(CopyCommand, QStringLiteral("Copy as stellmap-cli &command"),
         QStringLiteral("copyCommandAction"));
    make(Export, QStringLiteral("&Export view…"), QStringLiteral("exportAction"))
        ->setShortcut(QKeySequence::Save);

    // Shortcuts work only while the tree has focus, so Delete in a text box is just Delete.
    for (QAction *action : {m_actions[Heartbeat], m_actions[Drain], m_actions[CopyCommand]}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        tree->addAction(action);
    }
    connect(m_actions[Register], &QAction::triggered, this, [this] { openRegisterDialog(false); });
    connect(m_actions[Duplicate], &QAction::triggered, this, [this] { openRegisterDialog(true); });
    connect(m_actions[Heartbeat], &QAction::triggered, this,
            [this] { m_operations->heartbeat(selectedRefs()); });
    connect(keepAlive, &QAction::triggered, this, [this](bool on) {
        for (const InstanceRef &ref : selectedRefs()) {
            m_operations->setKeepAlive(ref, on);
        }
    });
    connect(m_actions[Drain], &QAction::triggered, this, &InstanceActions::confirmDrain);
    connect(m_actions[SoftDrain], &QAction::triggered, this, &InstanceActions::confirmSoftDrain);
    connect(m_actions[Undrain], &QAction::triggered, this,
            [this] { m_operations->undrain(selectedRefs()); });
    connect(m_actions[CopyCommand], &QAction::triggered, this, [this] {
        const QList<Instance> instances = selectedInstances();
        if (instances.isEmpty()) {
            return;
        }
        QApplication::clipboard()->setText(
            InstanceExport::toCliCommands(instances, m_operations->profile().servers));
        Q_EMIT message(
            QStringLiteral("Copied %1 stellmap-cli register command(s)").arg(instances.size()));
    });
    connect(m_actions[Export], &QAction::triggered, this, &InstanceActions::exportView);

    connect(tree->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &InstanceActions::updateEnabled);
    connect(m_operations, &Operations::noteChanged, this, [this](const InstanceRef &ref) {
        m_model->setInstanceNote(ref, m_operations->note(ref));
        updateEnabled();
    });
    connect(m_operations, &Operations::drainDidNotStick, this,
            &InstanceActions::warnDrainDidNotStick);
    updateEnabled();
}

QAction *InstanceActions::make(Kind kind, const QString &text, const QString &objectName)
{
    auto *action = new QAction(text, this);
    action->setObjectName(objectName);
    m_actions[kind] = action;
    return action;
}

QList<QAction *> InstanceActions::writeActions() const
{
    return {m_actions[Register], m_actions[Duplicate], m_actions[Heartbeat], m_actions[KeepAlive],
            m_actions[Drain],    m_actions[SoftDrain], m_actions[Undrain]};
}

void InstanceActions::addTo(QMenu *menu) const
{
    menu->addAction(m_actions[Register]);
    menu->addAction(m_actions[Duplicate]);
    menu->addSeparator();
    menu->addAction(m_actions[Heartbeat]);
    menu->addAction(m_actions[KeepAlive]);
    menu->addSeparator();
    menu->addAction(m_actions[Drain]);
    menu->addAction(m_actions[SoftDrain]);
    menu->addAction(m_actions[Undrain]);
    menu->addSeparator();
    menu->addAction(m_actions[CopyCommand]);
    menu->addAction(m_actions[Export]);
}

QList<InstanceRef> InstanceActions::selectedRefs() const
{
    QList<InstanceRef> refs;
    const auto add = [&refs](const InstanceRef &ref) {
        if (!refs.contains(ref)) {
            refs.append(ref);
        }
    };
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        const QModelIndex source = m_proxy->mapToSource(row);
        const int kind = source.data(RegistryTreeModel::KindRole).toInt();
        if (kind == RegistryTreeModel::InstanceKind) {
            add(m_model->instanceRef(source));
        } else if (kind == RegistryTreeModel::ServiceKind) {
            // A service stands for the instances the user can see under it.
            for (int child = 0; child < m_proxy->rowCount(row); ++child) {
                add(m_model->instanceRef(m_proxy->mapToSource(m_proxy->index(child, 0, row))));
            }
        }
    }
    return refs;
}

QList<Instance> InstanceActions::selectedInstances() const
{
    QList<Instance> instances;
    for (const InstanceRef &ref : selectedRefs()) {
        if (const InstanceRecord instance = m_model->directory()->find(ref)) {
            instances.append(instance.toInstance());
        }
    }
    return instances;
}

QList<Instance> InstanceActions::shownInstances() const
{
    QList<Instance> instances;
    QList<QModelIndex> pending = {QModelIndex()};
    while (!pending.isEmpty()) {
        const QModelIndex parent = pending.takeLast();
        // Children in reverse so the walk keeps the tree's order.
        for (int row = m_proxy->rowCount(parent) - 1; row >= 0; --row) {
            const QModelIndex index = m_proxy->index(row, 0, parent);
            if (const InstanceRecord instance = m_model->instance(m_proxy->mapToSource(index))) {
                instances.append(instance.toInstance());
            } else {
                pending.append(index);
            }
        }
    }
    std::reverse(instances.begin(), instances.end());
    return instances;
}

void InstanceActions::updateEnabled()
{
    const bool writable = !m_operations->isReadOnly();
    const QList<InstanceRef> refs = selectedRefs();
    bool allKeptAlive = !refs.isEmpty();
    bool anySoftDrained = false;
    for (const InstanceRef &ref : refs) {
        allKeptAlive = allKeptAlive && m_operations->isKeptAlive(ref);
        const InstanceRecord instance = m_model->directory()->find(ref);
        anySoftDrained =
            anySoftDrained || (instance && instance.labelUtf8(Operations::drainLabel().toUtf8()));
    }
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows();
    const bool oneInstance = refs.size() == 1 && rows.size() == 1 &&
                             !m_model->instance(m_proxy->mapToSource(rows.first())).isNull();
    m_actions[Register]->setEnabled(writable);
    m_actions[Duplicate]->setEnabled(writable && oneInstance);
    m_actions[Heartbeat]->setEnabled(writable && !refs.isEmpty());
    m_actions[KeepAlive]->setEnabled(writable && !refs.isEmpty());
    m_actions[KeepAlive]->setChecked(allKeptAlive);
    m_actions[Drain]->setEnabled(writable && !refs.isEmpty());
    m_actions[SoftDrain]->setEnabled(writable && !refs.isEmpty());
    m_actions[Undrain]->setEnabled(writable && anySoftDrained);
    m_actions[CopyCommand]->setEnabled(!refs.isEmpty());
    const QString why =
        writable ? QString()
                 : QStringLiteral("Profile \"%1\" is read-only").arg(m_operations->profile().name);
    for (QAction *action : writeActions()) {
        action->setStatusTip(why);
    }
}

void InstanceActions::openRegisterDialog(bool duplicate)
{
    RegisterDialog dialog(
        m_operations->profile().namespaces,
        [this](const RegisterRequest &request) -> StellMapReply * {
            // Registering an existing key replaces it: say so before it happens.
            const InstanceRef ref = InstanceRef::of(request.key);
            if (m_model->directory()->find(ref) && !confirmReplace(ref)) {
                return nullptr;
            }
            return m_operations->registerInstance(request);
        },
        m_window);
    if (duplicate) {
        const QList<Instance> instances = selectedInstances();
        if (instances.size() != 1) {
            return;
        }
        // A new instance: a free id is proposed (the original stays untouched unless the
        // user types its id back), and a soft drain is not copied along.
        RegisterRequest request = RegisterRequest::fromInstance(instances.first());
        request.labels.remove(Operations::drainLabel());
        const QString original = request.key.instanceId;
        for (int n = 2; m_model->directory()->find(InstanceRef::of(request.key)); ++n) {
            request.key.instanceId = QStringLiteral("%1-%2").arg(original).arg(n);
        }
        dialog.setRequest(request);
    }
    if (dialog.exec() == QDialog::Accepted) {
        const RegisterRequest request = dialog.request();
        Q_EMIT message(QStringLiteral("Registered %1 in %2")
                           .arg(request.key.instanceId, request.key.namespaceName));
    }
}

bool InstanceActions::confirmReplace(const InstanceRef &ref)
{
    QMessageBox box(QMessageBox::Warning, QStringLiteral("Replace %1?").arg(ref.instanceId),
                    QStringLiteral("%1 / %2 / %3 is registered already. Registering replaces it: "
                                   "its zone, labels, metadata, endpoints and lease become the "
                                   "form's, and its registration time starts again.")
                        .arg(ref.namespaceName, ref.service, ref.instanceId),
                    QMessageBox::Cancel, QApplication::activeModalWidget());
    box.setObjectName(QStringLiteral("replaceConfirm"));
    QPushButton *replace = box.addButton(QStringLiteral("Replace"), QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == replace;
}

void InstanceActions::confirmDrain()
{
    const QList<Instance> instances = selectedInstances();
    if (instances.isEmpty() || m_operations->isReadOnly()) {
        return;
    }
    DrainConfirmDialog dialog(instances, m_operations->profile().production, m_window);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    QList<InstanceRef> refs;
    for (const Instance &instance : instances) {
        refs.append(InstanceRef::of(instance.key));
    }
    m_operations->drain(refs);
    Q_EMIT message(QStringLiteral("Draining %1 instance(s)…").arg(refs.size()));
}

void InstanceActions::confirmSoftDrain()
{
    const QList<InstanceRef> refs = selectedRefs();
    if (refs.isEmpty() || m_operations->isReadOnly()) {
        return;
    }
    QStringList names;
    for (const InstanceRef &ref : refs.mid(0, 12)) {
        names.append(QStringLiteral("%1 / %2").arg(ref.service, ref.instanceId));
    }
    if (refs.size() > names.size()) {
        names.append(QStringLiteral("… and %1 more").arg(refs.size() - names.size()));
    }
    QMessageBox box(QMessageBox::Question,
                    QStringLiteral("Soft drain %1 instance(s)").arg(refs.size()),
                    QStringLiteral("Label these instances drain=true? Each is registered again "
                                   "from what the browser shows now, plus the label. They stay "
                                   "registered; their agents' heartbeats keep the label (a "
                                   "restarted agent that registers again drops it)."),
                    QMessageBox::Cancel, m_window);
    box.setObjectName(QStringLiteral("softDrainConfirm"));
    box.setDetailedText(names.join(QLatin1Char('\n')));
    QPushButton *go = box.addButton(QStringLiteral("Soft drain"), QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == go) {
        m_operations->softDrain(refs);
    }
}

void InstanceActions::warnDrainDidNotStick(const InstanceRef &ref)
{
    // Not modal: the stream goes on, and several may come back at once.
    auto *box = new QMessageBox(
        QMessageBox::Warning, QStringLiteral("Drain did not stick"),
        QStringLiteral("<b>%1</b> (%2 in %3) was re-registered by its agent: the drain did not "
                       "stick.<br><br>Its agent still runs: after a heartbeat is refused it "
                       "registers the instance again (the official Go SDK's registrar does "
                       "this). Stop the agent, or soft drain the instance instead: it stays "
                       "registered with the label drain=true, which the agent's heartbeats "
                       "keep.")
            .arg(ref.instanceId.toHtmlEscaped(), ref.service.toHtmlEscaped(),
                 ref.namespaceName.toHtmlEscaped()),
        QMessageBox::Close, m_window);
    box->setObjectName(QStringLiteral("drainDidNotStick"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *soft =
        box->addButton(QStringLiteral("&Soft drain instead"), QMessageBox::ActionRole);
    soft->setEnabled(!m_operations->isReadOnly());
    connect(soft, &QPushButton::clicked, this, [this, ref] { m_operations->softDrain({ref}); });
    box->open();
    Q_EMIT message(QStringLiteral("%1 was re-registered by its agent: the drain did not stick")
                       .arg(ref.instanceId));
}

qsizetype InstanceActions::exportTo(const QString &path, QString *error) const
{
    const QList<Instance> instances = shownInstances();
    const bool csv = path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive);
    const QString text =
        csv ? InstanceExport::toCsv(instances) : InstanceExport::toJsonArray(instances);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return -1;
    }
    return instances.size();
}

void InstanceActions::exportView()
{
    const QString path = QFileDialog::getSaveFileName(
        m_window, QStringLiteral("Export the shown instances"), QStringLiteral("instances.json"),
        QStringLiteral("JSON (*.json);;CSV (*.csv)"));
    if (path.isEmpty()) {
        return;
    }
    QString error;
    const qsizetype written = exportTo(path, &error);
    if (written < 0) {
        QMessageBox::warning(m_window, QStringLiteral("Export"), error);
        return;
    }
    Q_EMIT message(QStringLiteral("Exported %1 instance(s) to %2").arg(written).arg(path));
}
