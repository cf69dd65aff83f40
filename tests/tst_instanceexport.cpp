// Copy and export formats: CSV that spreadsheets read back field for field,
// and "copy as stellmap-cli register" commands that, pasted into a shell,
// recreate the very same instance on a real stellmap-devd.
#include "devdprocess.h"
#include "instanceexport.h"
#include "queryfilter.h"
#include "queryreply.h"
#include "stellmapclient.h"

#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace stellmap;

Q_DECLARE_METATYPE(stellmap::Instance)

class TstInstanceExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shellQuote_data();
    void shellQuote();
    void csvQuotesFields();
    void cliCommandRecreatesTheInstance_data();
    void cliCommandRecreatesTheInstance();
};

namespace {

Instance tricky()
{
    Instance instance;
    instance.key.namespaceName = QStringLiteral("prod");
    instance.key.service = ServiceName::fromService(QStringLiteral("company.trade.order.oc.api"));
    instance.key.instanceId = QStringLiteral("oc-1 (canary)");
    instance.zone = QStringLiteral("az1");
    instance.labels = {{QStringLiteral("color"), QStringLiteral("gray")},
                       {QStringLiteral("note"), QStringLiteral("it's \"quoted\", $HOME `x`; a=b")}};
    instance.metadata = {{QStringLiteral("build_sha"), QStringLiteral("abc123")},
                         {QStringLiteral("owner"), QStringLiteral("Zoë Ünal")}};
    instance.endpoints = {Endpoint{QStringLiteral("http"), QStringLiteral("http"),
                                   QStringLiteral("10.0.0.2"), 8080, QStringLiteral("/"), 100},
                          Endpoint{QStringLiteral("admin"), QStringLiteral("grpc"),
                                   QStringLiteral("10.0.0.2"), 9090, QString(), 50}};
    instance.leaseTtlSeconds = 600;
    return instance;
}

} // namespace

void TstInstanceExport::shellQuote_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain") << QStringLiteral("company.trade.order.oc.api")
                           << QStringLiteral("company.trade.order.oc.api");
    QTest::newRow("url") << QStringLiteral("http://10.0.0.2:8080/")
                         << QStringLiteral("http://10.0.0.2:8080/");
    QTest::newRow("space") << QStringLiteral("a b") << QStringLiteral("'a b'");
    QTest::newRow("single quote") << QStringLiteral("it's") << QStringLiteral("'it'\\''s'");
    QTest::newRow("dollar") << QStringLiteral("$HOME") << QStringLiteral("'$HOME'");
    QTest::newRow("query") << QStringLiteral("grpc://h:1?weight=5")
                           << QStringLiteral("'grpc://h:1?weight=5'");
    QTest::newRow("empty") << QString() << QStringLiteral("''");
}

void TstInstanceExport::shellQuote()
{
    QFETCH(QString, word);
    QFETCH(QString, quoted);
    QCOMPARE(InstanceExport::shellQuote(word), quoted);
}

void TstInstanceExport::csvQuotesFields()
{
    Instance instance = tricky();
    instance.registeredAtUnix = 1764000000;
    instance.lastHeartbeatUnix = 1764000012;
    const QString csv = InstanceExport::toCsv({instance});
    const QStringList lines = csv.split(QLatin1String("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.first(), QStringLiteral("namespace,service,instanceId,zone,endpoints,labels,"
                                           "metadata,leaseTtlSeconds,registeredAt,lastHeartbeat"));
    QCOMPARE(lines.at(1),
             QStringLiteral("prod,company.trade.order.oc.api,oc-1 (canary),az1,"
                            "http://10.0.0.2:8080/ admin=grpc://10.0.0.2:9090?weight=50,"
                            "\"color=gray;note=it's \"\"quoted\"\", $HOME `x`; a=b\","
                            "build_sha=abc123;owner=Zoë Ünal,600,"
                            "2025-11-24T16:00:00Z,2025-11-24T16:00:12Z"));
}

void TstInstanceExport::cliCommandRecreatesTheInstance_data()
{
    QTest::addColumn<Instance>("original");
    QTest::addColumn<bool>("asFlags");
    QTest::addColumn<bool>("bareServer");

    QTest::newRow("flags") << tricky() << true << false;
    Instance equalsInKey = tricky();
    equalsInKey.labels.insert(QStringLiteral("a=b"), QStringLiteral("c"));
    QTest::newRow("'=' in a label key: JSON body") << equalsInKey << false << false;
    Instance relativePath = tricky();
    relativePath.endpoints[0].path = QStringLiteral("api");
    QTest::newRow("path without '/': JSON body") << relativePath << false << false;
    QTest::newRow("server without a scheme") << tricky() << true << true;
}

void TstInstanceExport::cliCommandRecreatesTheInstance()
{
    QFETCH(Instance, original);
    QFETCH(bool, asFlags);
    QFETCH(bool, bareServer);

    DevdProcess devd;
    QVERIFY2(devd.start(), qPrintable(devd.errorText()));
    const QString server = bareServer
                               ? QStringLiteral("127.0.0.1:%1").arg(devd.port())
                               : QStringLiteral("http://user:pw@127.0.0.1:%1").arg(devd.port());
    const QString command = InstanceExport::toCliCommands({original}, {server});
    QVERIFY2(!command.contains(QLatin1String("pw")), qPrintable(command)); // no secrets copied
    QVERIFY2(command.startsWith(QLatin1String("stellmap-cli register -s http://127.0.0.1:")),
             qPrintable(command));
    QCOMPARE(command.contains(QLatin1String("--file -")), !asFlags);

    // Pasted into a shell, as a user would.
    QProcess shell;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PATH"),
                       QFileInfo(QStringLiteral(STELLMAP_CLI_BINARY)).absolutePath() +
                           QLatin1Char(':') + environment.value(QStringLiteral("PATH")));
    environment.remove(QStringLiteral("STELLMAP_SERVER"));
    shell.setProcessEnvironment(environment);
    shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
    QVERIFY(shell.waitForFinished(20000));
    QVERIFY2(shell.exitCode() == 0, shell.readAllStandardError().constData());

    QNetworkAccessManager network;
    ClientOptions options;
    options.servers = {devd.url()};
    StellMapClient client(options, &network);
    QueryFilter filter;
    filter.namespaceName = QStringLiteral("prod");
    QueryReply *reply = client.query(filter);
    QSignalSpy spy(reply, &StellMapReply::finished);
    QVERIFY(spy.wait(10000));
    QCOMPARE(reply->instances().size(), 1);
    Instance recreated = reply->instances().first();
    recreated.registeredAtUnix = 0;
    recreated.lastHeartbeatUnix = 0;
    Instance expected = original;
    expected.key.service = recreated.key.service; // the server fills the five parts
    QCOMPARE(recreated, expected);
}

QTEST_MAIN(TstInstanceExport)
#include "tst_instanceexport.moc"
