// The write actions in the real window (offscreen) against stellmap-devd, as
// a user drives them: duplicate an instance through the register form and see
// it appear; drain a production instance only after typing its namespace; see
// the warning when the agent brings a drained instance back and soft drain it
// from there; a read-only profile offers no write; export writes what is shown.
#include "instanceactions.h"
#include "instancefilterproxy.h"
#include "liveworkspace.h"
#include "mainwindow.h"
#include "modaldialoghandler.h"
#include "operations.h"
#include "registerrequest.h"
#include "registrytreemodel.h"
#include "stellmapclient.h"
#include "workspace.h"
#include "writereply.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace stellmap;

namespace {

const QString kNamespace = LiveWorkspace::namespaceName();
const QString kService = LiveWorkspace::service();

RegisterRequest instanceRequest(const QString &id, const QString &color)
{
    return LiveWorkspace::instanceRequest(id, color);
}

//! The real window on a devd holding a-1 (gray), a-2 (gray), a-3 (blue).
struct Fixture : LiveWorkspace
{
    std::unique_ptr<MainWindow> window;

    bool start(bool production, bool readOnly = false)
    {
        if (!prepare(readOnly, production)) {
            return false;
        }
        // The window is there before the first snapshot, as in the browser.
        window = std::make_unique<MainWindow>(workspace.get(), profile.name, operations.get());
        window->show();
        if (!goLive()) {
            return false;
        }
        const QList<std::pair<QString, QString>> seed = {
            {QStringLiteral("a-1"), QStringLiteral("gray")},
            {QStringLiteral("a-2"), QStringLiteral("gray")},
            {QStringLiteral("a-3"), QStringLiteral("blue")}};
        for (const auto &[id, color] : seed) {
            if (!agentRegisters(instanceRequest(id, color))) {
                return false;
            }
        }
        return QTest::qWaitFor([this] { return workspace->directory()->size() == 3; });
    }
    //! The instance has a row in the window's tree.
    bool inTree(const QString &id) const
    {
        return window->treeModel()->indexOf(kNamespace, kService, id).isValid();
    }
    void select(const QStringList &ids)
    {
        QItemSelection selection;
        for (const QString &id : ids) {
            const QModelIndex row = window->filterProxy()->mapFromSource(
                window->treeModel()->indexOf(kNamespace, kService, id));
            selection.select(row, row);
        }
        window->treeView()->selectionModel()->select(
            selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    QAction *action(InstanceActions::Kind kind) const
    {
        return window->instanceActions()->action(kind);
    }
};

QPushButton *drainButton(QWidget *dialog)
{
    return dialog->findChild<QPushButton *>(QStringLiteral("drainButton"));
}

} // namespace

class TstInstanceActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void duplicateRegistersANewInstance();
    void duplicateOverTheOriginalAsksFirst();
    void productionDrainNeedsTheNamespaceTyped();
    void drainThatDoesNotStickOffersSoftDrain();
    void readOnlyProfileOffersNoWrite();
    void exportWritesTheShownInstances();
};

void TstInstanceActions::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("StellMapTest"));
}

void TstInstanceActions::duplicateRegistersANewInstance()
{
    Fixture f;
    QVERIFY(f.start(false));
    f.select({QStringLiteral("a-3")});
    QVERIFY(f.action(InstanceActions::Duplicate)->isEnabled());

    ModalDialogHandler form(QStringLiteral("RegisterDialog"), [](QWidget *dialog) {
        QCOMPARE(dialog->windowTitle(), QStringLiteral("Duplicate instance"));
        auto *id = dialog->findChild<QLineEdit *>(QStringLiteral("instanceId"));
        QCOMPARE(id->text(), QStringLiteral("a-3-2")); // a free id, never the original's
        id->setText(QStringLiteral("a-9"));
        dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttons"))
            ->button(QDialogButtonBox::Ok)
            ->click();
    });
    f.action(InstanceActions::Duplicate)->trigger();
    QCOMPARE(form.count(), 1);
    QTRY_VERIFY(f.inTree(QStringLiteral("a-9")));
    const Instance copy =
        f.workspace->directory()->find({kNamespace, kService, QStringLiteral("a-9")}).toInstance();
    QCOMPARE(copy.labels.value(QStringLiteral("color")), QStringLiteral("blue"));
    QCOMPARE(copy.zone, QStringLiteral("az1"));
    QVERIFY(f.inTree(QStringLiteral("a-3"))); // the original is untouched
}

void TstInstanceActions::duplicateOverTheOriginalAsksFirst()
{
    Fixture f;
    QVERIFY(f.start(false));
    QSignalSpy recorded(f.operations.get(), &Operations::recorded);
    f.select({QStringLiteral("a-3")});
    QPointer<QWidget> form;
    QString formError;
    ModalDialogHandler register_(QStringLiteral("RegisterDialog"), [&form](QWidget *dialog) {
        form = dialog; // the original's id typed back: this would replace a-3
        dialog->findChild<QLineEdit *>(QStringLiteral("instanceId"))
            ->setText(QStringLiteral("a-3"));
        dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttons"))
            ->button(QDialogButtonBox::Ok)
            ->click();
    });
    ModalDialogHandler replace(QStringLiteral("replaceConfirm"), [&](QWidget *box) {
        QVERIFY(qobject_cast<QMessageBox *>(box)->text().contains(QLatin1String("replaces it")));
        qobject_cast<QMessageBox *>(box)->button(QMessageBox::Cancel)->click();
        QTimer::singleShot(0, form, [&form, &formError] {
            formError = form->findChild<QLabel *>(QStringLiteral("error"))->text();
            qobject_cast<QDialog *>(form.data())->reject();
        });
    });
    f.action(InstanceActions::Duplicate)->trigger();
    QCOMPARE(replace.count(), 1);
    QVERIFY2(formError.contains(QLatin1String("not sent")), qPrintable(formError));
    QCoreApplication::processEvents();
    QCOMPARE(recorded.size(), 0); // nothing was sent
}

void TstInstanceActions::productionDrainNeedsTheNamespaceTyped()
{
    Fixture f;
    QVERIFY(f.start(true));
    QVERIFY(f.window->findChild<QWidget *>(QStringLiteral("profileBadge")));
    f.select({QStringLiteral("a-1"), QStringLiteral("a-2")});

    {
        // Cancelled: nothing goes.
        ModalDialogHandler cancel(QStringLiteral("drainConfirm"), [](QWidget *dialog) {
            auto *list = dialog->findChild<QTableWidget *>(QStringLiteral("drainList"));
            QCOMPARE(list->rowCount(), 2);
            QCOMPARE(list->item(0, 2)->text(), QStringLiteral("a-1"));
            QCOMPARE(list->item(1, 2)->text(), QStringLiteral("a-2"));
            QVERIFY(!drainButton(dialog)->isEnabled());
            // Enter before the namespace is typed cancels.
            QTest::keyClick(dialog->findChild<QLineEdit *>(QStringLiteral("confirmNamespace")),
                            Qt::Key_Return);
        });
        f.action(InstanceActions::Drain)->trigger();
        QCOMPARE(cancel.count(), 1);
        QCOMPARE(f.operations->drainState({kNamespace, kService, QStringLiteral("a-1")}),
                 Operations::DrainState::None);
    }

    ModalDialogHandler confirm(QStringLiteral("drainConfirm"), [](QWidget *dialog) {
        auto *typed = dialog->findChild<QLineEdit *>(QStringLiteral("confirmNamespace"));
        QTest::keyClicks(typed, QStringLiteral("staging"));
        QVERIFY(!drainButton(dialog)->isEnabled());
        typed->clear();
        QTest::keyClicks(typed, QStringLiteral("prod"));
        QVERIFY(drainButton(dialog)->isEnabled());
        QTest::keyClick(typed, Qt::Key_Return); // Enter drains once typed
    });
    f.action(InstanceActions::Drain)->trigger();
    QCOMPARE(confirm.count(), 1);
    QTRY_VERIFY(!f.inTree(QStringLiteral("a-1")) && !f.inTree(QStringLiteral("a-2")));
    QVERIFY(f.inTree(QStringLiteral("a-3")));
    QCOMPARE(f.operations->drainState({kNamespace, kService, QStringLiteral("a-1")}),
             Operations::DrainState::Drained);
}

void TstInstanceActions::drainThatDoesNotStickOffersSoftDrain()
{
    Fixture f;
    QVERIFY(f.start(false));
    f.select({QStringLiteral("a-1")});
    ModalDialogHandler confirm(QStringLiteral("drainConfirm"), [](QWidget *dialog) {
        QVERIFY(!dialog->findChild<QLineEdit *>(QStringLiteral("confirmNamespace")));
        drainButton(dialog)->click();
    });
    f.action(InstanceActions::Drain)->trigger();
    QTRY_VERIFY(!f.inTree(QStringLiteral("a-1")));

    // Its agent registers it again.
    QVERIFY(f.agentRegisters(instanceRequest(QStringLiteral("a-1"), QStringLiteral("gray"))));
    QMessageBox *warning = nullptr;
    QTRY_VERIFY((warning = f.window->findChild<QMessageBox *>(QStringLiteral("drainDidNotStick"))));
    QVERIFY(warning->isVisible());
    QVERIFY(warning->text().contains(QLatin1String("the drain did not stick")));
    const QModelIndex health = f.window->treeModel()->indexOf(
        kNamespace, kService, QStringLiteral("a-1"), RegistryTreeModel::HealthColumn);
    QVERIFY(health.data().toString().contains(QLatin1String("did not stick")));

    QPushButton *soft = nullptr;
    for (QAbstractButton *button : warning->buttons()) {
        if (button->text() == QLatin1String("&Soft drain instead")) {
            soft = qobject_cast<QPushButton *>(button);
        }
    }
    QVERIFY(soft);
    soft->click();
    QTRY_COMPARE(
        f.window->treeModel()
            ->indexOf(kNamespace, kService, QStringLiteral("a-1"), RegistryTreeModel::HealthColumn)
            .data()
            .toString(),
        QStringLiteral("alive · soft-drained"));
    // Soft-drained instances are found with the server's selector.
    auto *search = f.window->findChild<QLineEdit *>(QStringLiteral("searchBox"));
    QTest::keyClicks(search, QStringLiteral("drain=true"));
    QTRY_COMPARE(f.window->filterProxy()->shownInstances(), 1);
    f.select({QStringLiteral("a-1")});
    QVERIFY(f.action(InstanceActions::Undrain)->isEnabled());
}

void TstInstanceActions::readOnlyProfileOffersNoWrite()
{
    Fixture f;
    QVERIFY(f.start(false, true));
    f.select({QStringLiteral("a-1")});
    f.window->instanceActions()->updateEnabled();
    for (QAction *action : f.window->instanceActions()->writeActions()) {
        QVERIFY2(!action->isEnabled(), qPrintable(action->objectName()));
    }
    QVERIFY(f.action(InstanceActions::CopyCommand)->isEnabled()); // reading is fine
    auto *badge = f.window->findChild<QLabel *>(QStringLiteral("profileBadge"));
    QVERIFY(badge);
    QCOMPARE(badge->text().trimmed(), QStringLiteral("READ-ONLY"));
    // The Delete key does nothing either.
    ModalDialogHandler confirm(QStringLiteral("drainConfirm"),
                               [](QWidget *dialog) { qobject_cast<QDialog *>(dialog)->reject(); });
    f.window->treeView()->setFocus();
    QTest::keyClick(f.window->treeView(), Qt::Key_Delete);
    QCOMPARE(confirm.count(), 0);
}

void TstInstanceActions::exportWritesTheShownInstances()
{
    Fixture f;
    QVERIFY(f.start(false));
    auto *search = f.window->findChild<QLineEdit *>(QStringLiteral("searchBox"));
    QTest::keyClicks(search, QStringLiteral("color=gray"));
    QTRY_COMPARE(f.window->filterProxy()->shownInstances(), 2);

    QTemporaryDir dir;
    QString error;
    const QString csvPath = dir.filePath(QStringLiteral("view.csv"));
    QCOMPARE(f.window->instanceActions()->exportTo(csvPath, &error), qsizetype(2));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().split('\n');
    QCOMPARE(lines.size(), 4); // header, a-1, a-2, and the empty rest after the last CRLF
    QVERIFY(lines.at(1).contains(",a-1,"));
    QVERIFY(lines.at(2).contains(",a-2,"));

    const QString jsonPath = dir.filePath(QStringLiteral("view.json"));
    QCOMPARE(f.window->instanceActions()->exportTo(jsonPath, &error), qsizetype(2));
    QFile json(jsonPath);
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonDocument document = QJsonDocument::fromJson(json.readAll());
    QVERIFY(document.isArray());
    QCOMPARE(document.array().size(), 2);
    QCOMPARE(document.array().at(0)[QLatin1String("instanceId")].toString(), QStringLiteral("a-1"));

    QCOMPARE(f.window->instanceActions()->exportTo(dir.filePath(QStringLiteral("no/such/dir.json")),
                                                   &error),
             qsizetype(-1));
    QVERIFY(error.contains(QLatin1String("cannot write")));
}

QTEST_MAIN(TstInstanceActions)
#include "tst_instanceactions.moc"
