// The real browser window (offscreen) against a stellmap-devd process:
// register through the API and see the row appear, deregister and see it go,
// kill the server and see "reconnecting", restart it and see "live".
#include "deregisterrequest.h"
#include "devdprocess.h"
#include "fakehttpserver.h"
#include "heartbeatrequest.h"
#include "instancefilterproxy.h"
#include "mainwindow.h"
#include "registerrequest.h"
#include "registrytreemodel.h"
#include "stellmapclient.h"
#include "workspace.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace stellmap;

class TstMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void liveRowsFollowTheServer();
    void searchBoxFiltersAndExplainsErrors();
    void certificateErrorsAreShown();
    void detailsFollowTheShownInstance();

private:
    bool call(StellMapReply *reply);

    QTemporaryDir m_settings;
};

void TstMainWindow::initTestCase()
{
    // Window state goes to a scratch settings file, not the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("StellMapTest"));
}

bool TstMainWindow::call(StellMapReply *reply)
{
    QSignalSpy spy(reply, &StellMapReply::finished);
    return spy.wait(10000) && reply->error() == ClientError::NoError;
}

void TstMainWindow::liveRowsFollowTheServer()
{
    DevdProcess devd;
    QVERIFY2(devd.start({QStringLiteral("--state"), m_settings.filePath(QStringLiteral("state"))}),
             qPrintable(devd.errorText()));
    ClientOptions options;
    options.servers = {devd.url()};
    Workspace workspace(options, {QStringLiteral("prod")});
    MainWindow window(&workspace, QStringLiteral("test"));
    QCOMPARE(window.windowTitle(), QStringLiteral("StellMap Browser — test"));
    window.show();
    workspace.start();
    QTRY_COMPARE(window.streamStatus(QStringLiteral("prod")), QStringLiteral("live"));

    RegisterRequest request;
    request.key.namespaceName = QStringLiteral("prod");
    request.key.service =
        ServiceName::fromService(QStringLiteral("company.trade.order.order-center.api"));
    request.key.instanceId = QStringLiteral("order-1");
    request.zone = QStringLiteral("az1");
    request.labels = {{QStringLiteral("color"), QStringLiteral("gray")}};
    request.endpoints = {Endpoint{QString(), QStringLiteral("http"), QStringLiteral("10.0.0.2"),
                                  8080, QString(), 0}};
    request.leaseTtlSeconds = 600;
    QVERIFY(call(workspace.client()->registerInstance(request)));

    InstanceFilterProxy *proxy = window.filterProxy();
    const auto rowShown = [&] {
        const QModelIndex source = window.treeModel()->indexOf(
            QStringLiteral("prod"), QStringLiteral("company.trade.order.order-center.api"),
            QStringLiteral("order-1"));
        return source.isValid() && proxy->mapFromSource(source).isValid();
    };
    QTRY_VERIFY(rowShown());
    const QModelIndex row = proxy->mapFromSource(window.treeModel()->indexOf(
        QStringLiteral("prod"), QStringLiteral("company.trade.order.order-center.api"),
        QStringLiteral("order-1"), RegistryTreeModel::ZoneColumn));
    QCOMPARE(row.data().toString(), QStringLiteral("az1"));
    // The new row is visible in the view (its service and namespace are expanded).
    window.treeView()->scrollTo(row);
    QVERIFY(window.treeView()->visualRect(row).isValid());

    DeregisterRequest gone;
    gone.key = request.key;
    QVERIFY(call(workspace.client()->deregisterInstance(gone)));
    QTRY_VERIFY(!rowShown());

    auto *banner = window.findChild<QLabel *>(QStringLiteral("staleBanner"));
    QVERIFY(banner);
    QVERIFY(banner->isHidden());
    devd.kill();
    QTRY_VERIFY(
        window.streamStatus(QStringLiteral("prod")).startsWith(QLatin1String("reconnecting")));
    QTRY_VERIFY(!banner->isHidden()); // stale data is marked, never shown as live
    QVERIFY(banner->text().contains(QLatin1String("prod is reconnecting")));

    QVERIFY(devd.restart());
    QVERIFY(call(workspace.client()->registerInstance(request)));
    QTRY_VERIFY_WITH_TIMEOUT(window.streamStatus(QStringLiteral("prod")) == QLatin1String("live"),
                             15000);
    QTRY_VERIFY(rowShown());
    QTRY_VERIFY(banner->isHidden());
}

void TstMainWindow::searchBoxFiltersAndExplainsErrors()
{
    DevdProcess devd;
    QVERIFY2(devd.start({QStringLiteral("--demo")}), qPrintable(devd.errorText()));
    ClientOptions options;
    options.servers = {devd.url()};
    Workspace workspace(options, {QStringLiteral("prod")});
    MainWindow window(&workspace, QStringLiteral("demo"));
    window.show();
    workspace.start();
    QTRY_VERIFY(workspace.directory()->size(QStringLiteral("prod")) > 10);

    auto *search = window.findChild<QLineEdit *>(QStringLiteral("searchBox"));
    auto *error = window.findChild<QLabel *>(QStringLiteral("searchError"));
    QVERIFY(search && error);
    QTest::keyClicks(search, QStringLiteral("tier=critical"));
    const int shown = window.filterProxy()->shownInstances();
    QVERIFY(shown > 0);
    QVERIFY(shown < workspace.directory()->size(QStringLiteral("prod")));
    QVERIFY(error->isHidden());

    // The matches are open to see...
    const auto serviceOpen = [&window] {
        const QModelIndex ns = window.filterProxy()->index(0, 0);
        return window.treeView()->isExpanded(window.filterProxy()->index(0, 0, ns));
    };
    QVERIFY(serviceOpen());
    // ...unless there are too many to lay out on every change: services stay closed.
    window.setMaxExpandedMatches(shown - 1);
    search->clear();
    QTest::keyClicks(search, QStringLiteral("tier=critical"));
    QCOMPARE(window.filterProxy()->shownInstances(), shown);
    QVERIFY(!serviceOpen());
    QVERIFY(window.treeView()->isExpanded(window.filterProxy()->index(0, 0)));

    search->clear();
    QTest::keyClicks(search, QStringLiteral("tier in critical"));
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().startsWith(QLatin1String("invalid selector \"tier in critical\": "
                                                    "expected values like (v1,v2)")),
             qPrintable(error->text()));
    // ...and says what the tree shows meanwhile, so it is not read as the result.
    QVERIFY2(error->text().contains(QLatin1String("Not applied; the tree shows the matches of")),
             qPrintable(error->text()));

    // Nothing matches: the empty tree says so.
    auto *note = window.findChild<QLabel *>(QStringLiteral("filterNote"));
    QVERIFY(note);
    search->clear();
    QTest::keyClicks(search, QStringLiteral("no-such-instance-anywhere"));
    QTRY_VERIFY(!note->isHidden());
    QVERIFY2(note->text().startsWith(
                 QString::fromUtf8("No instance matches “no-such-instance-anywhere”")),
             qPrintable(note->text()));

    // Clearing the filter brings back what was open before it.
    search->clear();
    QTRY_VERIFY(note->isHidden());
    const QModelIndex ns = window.filterProxy()->index(0, 0);
    const QModelIndex second = window.filterProxy()->index(1, 0, ns);
    window.treeView()->collapseAll();
    window.treeView()->expand(ns);
    window.treeView()->expand(second);
    const QString secondName = second.data().toString();
    QTest::keyClicks(search, QStringLiteral("tier=critical"));
    search->clear();
    const QModelIndex nsAgain = window.filterProxy()->index(0, 0);
    QVERIFY(window.treeView()->isExpanded(nsAgain));
    for (int row = 0; row < window.filterProxy()->rowCount(nsAgain); ++row) {
        const QModelIndex service = window.filterProxy()->index(row, 0, nsAgain);
        QCOMPARE(window.treeView()->isExpanded(service), service.data().toString() == secondName);
    }
}

void TstMainWindow::detailsFollowTheShownInstance()
{
    DevdProcess devd;
    QVERIFY2(devd.start(), qPrintable(devd.errorText()));
    ClientOptions options;
    options.servers = {devd.url()};
    Workspace workspace(options, {QStringLiteral("prod")});
    MainWindow window(&workspace, QStringLiteral("test"));
    window.show();
    workspace.start();
    QTRY_COMPARE(window.streamStatus(QStringLiteral("prod")), QStringLiteral("live"));
    const QString service = QStringLiteral("company.trade.order.order-center.api");
    RegisterRequest request;
    request.key.namespaceName = QStringLiteral("prod");
    request.key.service = ServiceName::fromService(service);
    request.key.instanceId = QStringLiteral("follow-1");
    request.endpoints = {Endpoint{QString(), QStringLiteral("http"), QStringLiteral("10.0.0.3"),
                                  8080, QString(), 0}};
    request.leaseTtlSeconds = 600;
    QVERIFY(call(workspace.client()->registerInstance(request)));
    const InstanceRef ref{QStringLiteral("prod"), service, QStringLiteral("follow-1")};
    QTRY_VERIFY(workspace.directory()->find(ref));

    const QModelIndex row = window.filterProxy()->mapFromSource(
        window.treeModel()->indexOf(QStringLiteral("prod"), service, QStringLiteral("follow-1")));
    window.treeView()->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect |
                                                                  QItemSelectionModel::Rows);
    auto *raw = window.findChild<QPlainTextEdit *>(QStringLiteral("rawJson"));
    QVERIFY(raw);
    const qint64 registered = workspace.directory()->find(ref).registeredAtUnix();
    QVERIFY(raw->toPlainText().contains(QString::number(registered)));

    // A renewal (a later second than the registration) shows in the pane by itself.
    const auto renewalShown = [&] {
        HeartbeatRequest heartbeat;
        heartbeat.key = request.key;
        call(workspace.client()->heartbeat(heartbeat));
        const qint64 last = workspace.directory()->find(ref).lastHeartbeatUnix();
        return last > registered &&
               raw->toPlainText().contains(QStringLiteral("\"lastHeartbeatUnix\": %1").arg(last));
    };
    QTRY_VERIFY_WITH_TIMEOUT(renewalShown(), 10000);

    // Drained: the pane says it is gone instead of showing a neighbour nobody chose.
    auto *hint = window.findChild<QLabel *>(QStringLiteral("hintLabel"));
    DeregisterRequest gone;
    gone.key = request.key;
    QVERIFY(call(workspace.client()->deregisterInstance(gone)));
    QTRY_VERIFY(hint->isVisible());
    QVERIFY2(hint->text().startsWith(QLatin1String("follow-1 is no longer registered")),
             qPrintable(hint->text()));
}

void TstMainWindow::certificateErrorsAreShown()
{
    if (!QSslSocket::supportsSsl()) {
        QSKIP("no TLS backend");
    }
    // A server whose certificate comes from a CA the profile does not trust.
    FakeHttpServer server;
    QVERIFY(server.listenTls(QFINDTESTDATA("fixtures/tls/server.pem"),
                             QFINDTESTDATA("fixtures/tls/server.key")));
    ClientOptions options;
    options.servers = {server.url()};
    Workspace workspace(options, {QStringLiteral("prod")});
    MainWindow window(&workspace, QStringLiteral("tls"));
    window.show();
    workspace.start();
    auto *banner = window.findChild<QLabel *>(QStringLiteral("staleBanner"));
    // Never shown as live, and the reason is in sight, not only in the event log.
    QTRY_VERIFY(!banner->isHidden());
    QTRY_VERIFY2(banner->text().contains(QLatin1String("(tls: ")), qPrintable(banner->text()));
    QVERIFY(window.streamStatus(QStringLiteral("prod")) != QLatin1String("live"));
}

QTEST_MAIN(TstMainWindow)
#include "tst_mainwindow.moc"
