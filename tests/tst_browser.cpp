// Switching connection profiles in the real window (offscreen) between two
// stellmap-devd processes: the window follows the chosen cluster and its
// namespaces, a profile that asks for a token prompts once per session, a
// cancelled prompt keeps the profile in use, and no token reaches the settings.
#include "auditlog.h"
#include "browser.h"
#include "devdprocess.h"
#include "instanceactions.h"
#include "instancefilterproxy.h"
#include "liveworkspace.h"
#include "mainwindow.h"
#include "memorytokenstore.h"
#include "modaldialoghandler.h"
#include "profilestore.h"
#include "registerrequest.h"
#include "registrytreemodel.h"
#include "stellmapclient.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QInputDialog>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace stellmap;

namespace {

const QString kService = LiveWorkspace::service();

//! Answers each token prompt with \a token (cancels it when empty), noting what it showed.
struct TokenPrompt
{
    explicit TokenPrompt(const QString &token)
        : handler(QStringLiteral("tokenPrompt"), [this, token](QWidget *widget) {
            auto *dialog = qobject_cast<QInputDialog *>(widget);
            label = dialog->labelText();
            echoMode = dialog->textEchoMode();
            if (token.isEmpty()) {
                dialog->reject();
            } else {
                dialog->setTextValue(token);
                dialog->accept();
            }
        })
    {}
    int prompts() const { return handler.count(); }

    ModalDialogHandler handler;
    QString label;
    QLineEdit::EchoMode echoMode = QLineEdit::Normal;
};

bool registerIn(const DevdProcess &devd, const QString &namespaceName, const QString &id)
{
    QNetworkAccessManager network;
    ClientOptions options;
    options.servers = {devd.url()};
    StellMapClient client(options, &network);
    RegisterRequest request = LiveWorkspace::instanceRequest(id);
    request.key.namespaceName = namespaceName;
    return LiveWorkspace::finishedOk(client.registerInstance(request));
}

bool shows(MainWindow *window, const QString &namespaceName, const QString &id)
{
    return window && window->treeModel()->indexOf(namespaceName, kService, id).isValid();
}

//! Picks the next profile in the toolbar's switcher, as a user would with the keyboard.
void pickNextProfile(MainWindow *window)
{
    auto *switcher = window->findChild<QComboBox *>(QStringLiteral("profileSwitcher"));
    QVERIFY(switcher);
    switcher->setFocus();
    QTest::keyClick(switcher, Qt::Key_Down);
}

} // namespace

class TstBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void switchingFollowsTheChosenCluster();
    void storedTokenComesFromTheKeychain();
    void newProfileTokenGoesToTheKeychain();
    void withoutKeychainTheTokenIsKeptForTheSession();
    void writesAreAudited();
    void onlyTheLatestChoiceOpens();
    void aKeychainAnswerWaitsForOpenDialogs();
    void editingKeepsTheKeychainMark();
    void deletingAProfileForgetsIt();
};

namespace {

//! A keychain that is not there: every call answers NoBackend, as QtKeychain does
//! without a secret service (tst_keychaintokenstore checks that for real).
class AbsentKeychain : public TokenStore
{
public:
    void read(const QString &profile) override
    {
        QTimer::singleShot(0, this, [this, profile] {
            Q_EMIT readFinished(profile, QString(), Error::NoBackend, noBackendMessage());
        });
    }
    void write(const QString &profile, const QString &) override
    {
        QTimer::singleShot(0, this, [this, profile] {
            Q_EMIT writeFinished(profile, Error::NoBackend, noBackendMessage());
        });
    }
    void remove(const QString &profile) override
    {
        QTimer::singleShot(0, this, [this, profile] {
            Q_EMIT removeFinished(profile, Error::NoBackend, noBackendMessage());
        });
    }
};

//! A keychain that answers reads only when told (an unlock prompt the user has not answered).
class HeldKeychain : public TokenStore
{
public:
    void read(const QString &profile) override { reads.append(profile); }
    void write(const QString &profile, const QString &) override
    {
        QTimer::singleShot(
            0, this, [this, profile] { Q_EMIT writeFinished(profile, Error::NoError, QString()); });
    }
    void remove(const QString &profile) override
    {
        QTimer::singleShot(0, this, [this, profile] {
            Q_EMIT removeFinished(profile, Error::NoError, QString());
        });
    }
    void answer(const QString &profile, const QString &token)
    {
        Q_EMIT readFinished(profile, token, Error::NoError, QString());
    }
    QStringList reads;
};

//! What the user saved in an earlier session.
bool storeToken(TokenStore *store, const QString &profile, const QString &token)
{
    QSignalSpy spy(store, &TokenStore::writeFinished);
    store->write(profile, token);
    return spy.wait(5000) &&
           spy.first().at(1).value<TokenStore::Error>() == TokenStore::Error::NoError;
}

QString storedToken(TokenStore *store, const QString &profile)
{
    QSignalSpy spy(store, &TokenStore::readFinished);
    store->read(profile);
    return spy.wait(5000) ? spy.first().at(1).toString() : QStringLiteral("<no answer>");
}

Profile profileFor(const DevdProcess &devd, const QString &name, const QString &ns)
{
    Profile profile;
    profile.name = name;
    profile.servers = {devd.url().toString()};
    profile.namespaces = {ns};
    return profile;
}

QByteArray fileText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

void TstBrowser::initTestCase()
{
    // Window layout goes to a scratch settings file, not the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("StellMapTest"));
}

void TstBrowser::switchingFollowsTheChosenCluster()
{
    DevdProcess east;
    DevdProcess west;
    QVERIFY2(east.start(), qPrintable(east.errorText()));
    QVERIFY2(west.start(), qPrintable(west.errorText()));
    QVERIFY(registerIn(east, QStringLiteral("prod"), QStringLiteral("east-1")));
    QVERIFY(registerIn(west, QStringLiteral("staging"), QStringLiteral("west-1")));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    QSettings settings(path, QSettings::IniFormat);
    Profile one;
    one.name = QStringLiteral("east");
    one.servers = {east.url().toString()};
    one.namespaces = {QStringLiteral("prod")};
    Profile two;
    two.name = QStringLiteral("west");
    two.servers = {west.url().toString()};
    two.namespaces = {QStringLiteral("staging")};
    two.askToken = true;
    ProfileStore(&settings).save({one, two});

    Browser browser(&settings, nullptr, nullptr);
    QVERIFY(browser.open(one));
    QCOMPARE(browser.window()->windowTitle(), QStringLiteral("StellMap Browser — east"));
    QTRY_VERIFY(shows(browser.window(), QStringLiteral("prod"), QStringLiteral("east-1")));

    {
        // A cancelled prompt keeps the profile in use, and the switcher says so.
        TokenPrompt cancel{QString()};
        pickNextProfile(browser.window());
        QTRY_COMPARE(cancel.prompts(), 1);
        QCOMPARE(cancel.echoMode, QLineEdit::Password);
        QVERIFY(cancel.label.contains(QLatin1String("never saved")));
        QCOMPARE(browser.currentProfile().name, QStringLiteral("east"));
        auto *switcher =
            browser.window()->findChild<QComboBox *>(QStringLiteral("profileSwitcher"));
        QTRY_COMPARE(switcher->currentText(), QStringLiteral("east"));
    }
    {
        TokenPrompt answer(QStringLiteral("s3cret-west"));
        pickNextProfile(browser.window());
        QTRY_COMPARE(browser.currentProfile().name, QStringLiteral("west"));
        QCOMPARE(answer.prompts(), 1);
    }
    QCOMPARE(browser.window()->windowTitle(), QStringLiteral("StellMap Browser — west"));
    QCOMPARE(browser.currentProfile().token, QStringLiteral("s3cret-west"));
    QTRY_COMPARE(browser.window()->streamStatus(QStringLiteral("staging")), QStringLiteral("live"));
    QTRY_VERIFY(shows(browser.window(), QStringLiteral("staging"), QStringLiteral("west-1")));
    QVERIFY(!shows(browser.window(), QStringLiteral("prod"), QStringLiteral("east-1")));

    {
        // Back and forth again: the session keeps the token, so no second prompt.
        TokenPrompt none{QString()};
        auto *switcher =
            browser.window()->findChild<QComboBox *>(QStringLiteral("profileSwitcher"));
        switcher->setFocus();
        QTest::keyClick(switcher, Qt::Key_Up);
        QTRY_COMPARE(browser.currentProfile().name, QStringLiteral("east"));
        QTRY_VERIFY(shows(browser.window(), QStringLiteral("prod"), QStringLiteral("east-1")));
        pickNextProfile(browser.window());
        QTRY_COMPARE(browser.currentProfile().name, QStringLiteral("west"));
        QCOMPARE(browser.currentProfile().token, QStringLiteral("s3cret-west"));
        QCOMPARE(none.prompts(), 0);
    }

    settings.sync();
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(written.contains("lastProfile=west"));
    QVERIFY(!written.contains("s3cret"));
    QCOMPARE(ProfileStore(&settings).load().at(1).askToken, true);
}

void TstBrowser::storedTokenComesFromTheKeychain()
{
    DevdProcess devd;
    QVERIFY2(devd.start(), qPrintable(devd.errorText()));
    MemoryTokenStore keychain;
    QVERIFY(storeToken(&keychain, QStringLiteral("kept"), QStringLiteral("s3cret-kept")));
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    Profile profile = profileFor(devd, QStringLiteral("kept"), QStringLiteral("prod"));
    profile.tokenInKeychain = true;
    profile.askToken = true; // would prompt if the keychain did not answer
    ProfileStore(&settings).save({profile});

    TokenPrompt none{QString()};
    Browser browser(&settings, &keychain, nullptr);
    QVERIFY(browser.askForProfile());
    QTRY_COMPARE(browser.currentProfile().name, QStringLiteral("kept"));
    QCOMPARE(browser.currentProfile().token, QStringLiteral("s3cret-kept"));
    QCOMPARE(none.prompts(), 0);
}

void TstBrowser::newProfileTokenGoesToTheKeychain()
{
    DevdProcess devd;
    QVERIFY2(devd.start(), qPrintable(devd.errorText()));
    MemoryTokenStore keychain;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    QSettings settings(path, QSettings::IniFormat);
    Browser browser(&settings, &keychain, nullptr);
    QVERIFY(browser.open(profileFor(devd, QStringLiteral("first"), QStringLiteral("prod"))));

    // The user fills in "New profile…".
    ModalDialogHandler form(QStringLiteral("ProfileDialog"), [&devd](QWidget *dialog) {
        dialog->findChild<QLineEdit *>(QStringLiteral("name"))->setText(QStringLiteral("second"));
        auto *servers = dialog->findChild<QPlainTextEdit *>(QStringLiteral("servers"));
        servers->setPlainText(devd.url().toString());
        dialog->findChild<QLineEdit *>(QStringLiteral("namespaces"))
            ->setText(QStringLiteral("staging"));
        dialog->findChild<QLineEdit *>(QStringLiteral("token"))
            ->setText(QStringLiteral("s3cret-second"));
        qobject_cast<QDialog *>(dialog)->accept();
    });
    Q_EMIT browser.window()->newProfileRequested();
    QTRY_COMPARE(browser.currentProfile().name, QStringLiteral("second"));
    QCOMPARE(browser.currentProfile().token, QStringLiteral("s3cret-second"));
    QCOMPARE(storedToken(&keychain, QStringLiteral("second")), QStringLiteral("s3cret-second"));
    QTRY_VERIFY(ProfileStore(&settings).load().constLast().tokenInKeychain);
    settings.sync();
    QVERIFY(!fileText(path).contains("s3cret"));
}

void TstBrowser::withoutKeychainTheTokenIsKeptForTheSession()
{
    DevdProcess devd;
    QVERIFY2(devd.start(), qPrintable(devd.errorText()));
    AbsentKeychain keychain;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    QSettings settings(path, QSettings::IniFormat);
    Browser browser(&settings, &keychain, nullptr);
    QVERIFY(browser.open(profileFor(devd, QStringLiteral("first"), QStringLiteral("prod"))));

    QString said;
    ModalDialogHandler notSaved(QStringLiteral("tokenNotSaved"), [&said](QWidget *widget) {
        auto *box = qobject_cast<QMessageBox *>(widget);
        said = box->text();
        for (QAbstractButton *button : box->buttons()) {
            if (button->text() == QLatin1String("Keep it for this session only")) {
                button->click();
            }
        }
    });
    ModalDialogHandler form(QStringLiteral("ProfileDialog"), [](QWidget *dialog) {
        dialog->findChild<QLineEdit *>(QStringLiteral("token"))
            ->setText(QStringLiteral("s3cret-first"));
        qobject_cast<QDialog *>(dialog)->accept();
    });
    Q_EMIT browser.window()->editProfileRequested();
    QTRY_COMPARE(notSaved.count(), 1);
    QVERIFY2(said.contains(QLatin1String("no keychain service is running")), qPrintable(said));
    QCOMPARE(browser.currentProfile().token, QStringLiteral("s3cret-first"));
    settings.sync();
    QVERIFY(!fileText(path).contains("s3cret"));
    QVERIFY(!ProfileStore(&settings).load().constFirst().tokenInKeychain);
}

void TstBrowser::writesAreAudited()
{
    DevdProcess devd;
    QVERIFY2(devd.start(), qPrintable(devd.errorText()));
    QVERIFY(registerIn(devd, QStringLiteral("prod"), QStringLiteral("gone-1")));
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    const QString auditPath = dir.filePath(QStringLiteral("audit.jsonl"));
    AuditLog audit(auditPath);
    Browser browser(&settings, nullptr, &audit);
    Profile profile = profileFor(devd, QStringLiteral("audited"), QStringLiteral("prod"));
    profile.token = QStringLiteral("s3cret-audited");
    QVERIFY(browser.open(profile));
    MainWindow *window = browser.window();
    QTRY_VERIFY(shows(window, QStringLiteral("prod"), QStringLiteral("gone-1")));

    const QModelIndex row = window->filterProxy()->mapFromSource(
        window->treeModel()->indexOf(QStringLiteral("prod"), kService, QStringLiteral("gone-1")));
    window->treeView()->selectionModel()->select(row, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    ModalDialogHandler confirm(QStringLiteral("drainConfirm"), [](QWidget *dialog) {
        dialog->findChild<QPushButton *>(QStringLiteral("drainButton"))->click();
    });
    window->instanceActions()->action(InstanceActions::Drain)->trigger();
    QTRY_VERIFY(!shows(window, QStringLiteral("prod"), QStringLiteral("gone-1")));

    QTRY_COMPARE(audit.read(10).size(), 1);
    const AuditEntry entry = audit.read(10).first();
    QCOMPARE(entry.profile, QStringLiteral("audited"));
    QCOMPARE(entry.action, QStringLiteral("deregister"));
    QCOMPARE(entry.result, QStringLiteral("ok"));
    QCOMPARE(entry.namespaceName, QStringLiteral("prod"));
    QCOMPARE(entry.service, kService);
    QCOMPARE(entry.instanceId, QStringLiteral("gone-1"));
    QCOMPARE(entry.server, devd.url().toString());
    QVERIFY(!fileText(auditPath).contains("s3cret"));
}

void TstBrowser::onlyTheLatestChoiceOpens()
{
    DevdProcess devd;
    QVERIFY2(devd.start(), qPrintable(devd.errorText()));
    HeldKeychain keychain;
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    Browser browser(&settings, &keychain, nullptr);
    QVERIFY(browser.open(profileFor(devd, QStringLiteral("a"), QStringLiteral("prod"))));
    Profile slow = profileFor(devd, QStringLiteral("b-production"), QStringLiteral("prod"));
    slow.tokenInKeychain = true;
    QVERIFY(browser.open(slow)); // waits for the keychain
    QCOMPARE(keychain.reads, QStringList{QStringLiteral("b-production")});
    QCOMPARE(browser.currentProfile().name, QStringLiteral("a"));
    QVERIFY(browser.open(profileFor(devd, QStringLiteral("c"), QStringLiteral("prod"))));
    QCOMPARE(browser.currentProfile().name, QStringLiteral("c"));

    // The late answer for b must not take the user somewhere they no longer want to be.
    keychain.answer(QStringLiteral("b-production"), QStringLiteral("s3cret-b"));
    QCoreApplication::processEvents();
    QCOMPARE(browser.currentProfile().name, QStringLiteral("c"));
    QCOMPARE(browser.window()->windowTitle(), QStringLiteral("StellMap Browser — c"));
}

void TstBrowser::aKeychainAnswerWaitsForOpenDialogs()
{
    DevdProcess devd;
    QVERIFY2(devd.start(), qPrintable(devd.errorText()));
    HeldKeychain keychain;
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    Browser browser(&settings, &keychain, nullptr);
    QVERIFY(browser.open(profileFor(devd, QStringLiteral("a"), QStringLiteral("prod"))));
    Profile slow = profileFor(devd, QStringLiteral("b"), QStringLiteral("prod"));
    slow.tokenInKeychain = true;
    QVERIFY(browser.open(slow));
    MainWindow *before = browser.window();

    // A dialog of the current window is open when the keychain answers.
    QPointer<MainWindow> whileOpen;
    ModalDialogHandler blocker(QStringLiteral("blocker"), [&](QWidget *dialog) {
        keychain.answer(QStringLiteral("b"), QStringLiteral("s3cret-b"));
        QCoreApplication::processEvents(); // anything the answer queued has run
        whileOpen = browser.window();
        qobject_cast<QDialog *>(dialog)->reject();
    });
    {
        QDialog dialog(browser.window());
        dialog.setObjectName(QStringLiteral("blocker"));
        dialog.exec();
    }
    QCOMPARE(blocker.count(), 1);
    QCOMPARE(whileOpen.data(), before); // not replaced under the open dialog
    QTRY_COMPARE(browser.currentProfile().name, QStringLiteral("b"));
    QCOMPARE(browser.currentProfile().token, QStringLiteral("s3cret-b"));
}

void TstBrowser::editingKeepsTheKeychainMark()
{
    DevdProcess devd;
    QVERIFY2(devd.start(), qPrintable(devd.errorText()));
    MemoryTokenStore keychain;
    QVERIFY(storeToken(&keychain, QStringLiteral("kept"), QStringLiteral("s3cret-kept")));
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    Profile profile = profileFor(devd, QStringLiteral("kept"), QStringLiteral("prod"));
    profile.tokenInKeychain = true;
    ProfileStore(&settings).save({profile});
    Browser browser(&settings, &keychain, nullptr);
    QVERIFY(browser.open(profile));
    QTRY_COMPARE(browser.currentProfile().token, QStringLiteral("s3cret-kept"));

    // Only the read-only box is ticked; the token box is left as it was.
    ModalDialogHandler form(QStringLiteral("ProfileDialog"), [](QWidget *dialog) {
        dialog->findChild<QCheckBox *>(QStringLiteral("readOnly"))->setChecked(true);
        qobject_cast<QDialog *>(dialog)->accept();
    });
    Q_EMIT browser.window()->editProfileRequested();
    QTRY_VERIFY(browser.currentProfile().readOnly);
    const Profile saved = ProfileStore(&settings).load().constFirst();
    QVERIFY(saved.readOnly);
    QVERIFY(saved.tokenInKeychain);
    QCOMPARE(storedToken(&keychain, QStringLiteral("kept")), QStringLiteral("s3cret-kept"));
}

void TstBrowser::deletingAProfileForgetsIt()
{
    DevdProcess devd;
    QVERIFY2(devd.start(), qPrintable(devd.errorText()));
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    Profile doomed = profileFor(devd, QStringLiteral("doomed"), QStringLiteral("prod"));
    doomed.tokenInKeychain = true;
    const Profile kept = profileFor(devd, QStringLiteral("kept"), QStringLiteral("prod"));
    ProfileStore(&settings).save({doomed, kept});
    MemoryTokenStore keychain;
    QVERIFY(storeToken(&keychain, QStringLiteral("doomed"), QStringLiteral("t0ken")));
    Browser browser(&settings, &keychain, nullptr);
    browser.open(doomed);
    QTRY_VERIFY(browser.window()); // after the keychain's answer

    {
        // Cancelled: nothing changes.
        ModalDialogHandler cancel(QStringLiteral("deleteProfileConfirm"), [](QWidget *box) {
            qobject_cast<QMessageBox *>(box)->button(QMessageBox::Cancel)->click();
        });
        Q_EMIT browser.window()->deleteProfileRequested();
        QTRY_COMPARE(cancel.count(), 1);
        QCOMPARE(ProfileStore(&settings).load().size(), 2);
    }
    ModalDialogHandler confirm(QStringLiteral("deleteProfileConfirm"), [](QWidget *widget) {
        auto *box = qobject_cast<QMessageBox *>(widget);
        QVERIFY(box->text().contains(QLatin1String("its token in the keychain")));
        for (QAbstractButton *button : box->buttons()) {
            if (box->buttonRole(button) == QMessageBox::DestructiveRole) {
                button->click();
            }
        }
    });
    Q_EMIT browser.window()->deleteProfileRequested();
    QTRY_COMPARE(browser.currentProfile().name, QStringLiteral("kept"));
    const QList<Profile> left = ProfileStore(&settings).load();
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().name, QStringLiteral("kept"));
    QTRY_COMPARE(storedToken(&keychain, QStringLiteral("doomed")), QString());
}

QTEST_MAIN(TstBrowser)
#include "tst_browser.moc"
