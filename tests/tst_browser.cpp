// Switching connection profiles in the real window (offscreen) between two
// stellmap-devd processes: the window follows the chosen cluster and its
// namespaces, a profile that asks for a token prompts once per session, a
// cancelled prompt keeps the profile in use, and no token reaches the settings.
#include "browser.h"
#include "devdprocess.h"
#include "mainwindow.h"
#include "modaldialoghandler.h"
#include "profilestore.h"
#include "registerrequest.h"
#include "registrytreemodel.h"
#include "stellmapclient.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QInputDialog>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace stellmap;

namespace {

const QString kService = QStringLiteral("company.trade.order.order-center.api");

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
    RegisterRequest request;
    request.key.namespaceName = namespaceName;
    request.key.service = ServiceName::fromService(kService);
    request.key.instanceId = id;
    request.endpoints = {Endpoint{QString(), QStringLiteral("http"), QStringLiteral("10.0.0.2"),
                                  8080, QString(), 0}};
    request.leaseTtlSeconds = 600;
    WriteReply *reply = client.registerInstance(request);
    QSignalSpy spy(reply, &StellMapReply::finished);
    if (!spy.wait(10000) || reply->error() != ClientError::NoError) {
        qWarning() << "register failed:" << reply->code() << reply->errorString();
        return false;
    }
    return true;
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
    void switchingFollowsTheChosenCluster();
};

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

    Browser browser(&settings);
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

QTEST_MAIN(TstBrowser)
#include "tst_browser.moc"
