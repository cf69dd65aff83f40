// stellmap-cli as users run it: a child process against a real stellmap-devd,
// checking exit codes, stdout (clean JSON) and stderr lines.
#include "devdprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runCli(const QStringList &arguments, const QByteArray &input = QByteArray(),
           const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    QProcessEnvironment env = environment;
    if (!env.contains(QStringLiteral("KEEP_SERVER_ENV"))) {
        env.remove(QStringLiteral("STELLMAP_SERVER"));
        env.remove(QStringLiteral("STELLMAP_TOKEN"));
    }
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(STELLMAP_CLI_BINARY), arguments);
    if (!process.waitForStarted()) {
        return {};
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

QStringList args(const char *text)
{
    return QString::fromUtf8(text).split(QLatin1Char('|'), Qt::SkipEmptyParts);
}

} // namespace

class TstStellMapCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void usage_data();
    void usage();
    void writeQueryFlow();
    void queryFilters_data();
    void queryFilters();
    void registerFromFile_data();
    void registerFromFile();
    void failures_data();
    void failures();
    void serverFromEnvironment();
    void health();
    void heartbeatLoopUntilSignal();
    void watchStateEqualsServerAfterRestart();
    void watchSummaryAndEvents();

private:
    QStringList servers() const;

    DevdProcess m_devd;
};

void TstStellMapCli::initTestCase()
{
    QVERIFY2(m_devd.start({}, 3), qPrintable(m_devd.errorText()));
    // A small registry for the filter rows.
    const QList<const char *> registrations = {
        "register|-n|cli|--service|company.trade.order.order-center.api|-i|a1|--zone|az1|"
        "--endpoint|http://10.0.0.1:8080|--endpoint|grpc=grpc://10.0.0.1:9090?weight=50|"
        "--label|color=gray|--label|team=a+b;c|--ttl|3600",
        "register|-n|cli|--organization|company|--business-domain|trade|--capability-domain|"
        "payment|--application|pay-core|--role|api|-i|c1|--zone|az2|"
        "--endpoint|http://10.0.0.2:8080/pay|--label|color=blue|--meta|build=42|--ttl|3600",
    };
    for (const char *registration : registrations) {
        const Run run = runCli(servers() + args(registration));
        QVERIFY2(run.exitCode == 0, run.err.constData());
    }
}

QStringList TstStellMapCli::servers() const
{
    // A follower first: writes must follow not_leader to node 1.
    return {QStringLiteral("-s"), m_devd.url(2).toString(), QStringLiteral("--server"),
            m_devd.url(1).toString()};
}

void TstStellMapCli::usage_data()
{
    QTest::addColumn<QString>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("err");
    QTest::newRow("no command") << "" << 2 << ""
                                << "Usage: stellmap-cli <command>";
    QTest::newRow("--help") << "--help" << 0 << "Exit codes: 0 ok; 2 usage"
                            << "";
    QTest::newRow("help query") << "help|query" << 0 << "Usage: stellmap-cli query [options]"
                                << "";
    for (const char *command :
         {"query", "watch", "register", "deregister", "heartbeat", "health"}) {
        QTest::addRow("%s --help", command)
            << QStringLiteral("%1|--help").arg(QLatin1String(command)) << 0
            << QStringLiteral("Examples:\n  stellmap-cli %1").arg(QLatin1String(command)) << "";
    }
    QTest::newRow("unknown command") << "bogus" << 2 << ""
                                     << "stellmap-cli: usage: unknown command \"bogus\"";
    QTest::newRow("unknown option") << "query|--bogus" << 2 << ""
                                    << "stellmap-cli: usage: Unknown option 'bogus'.";
    QTest::newRow("bad timeout") << "query|-n|x|--timeout|soon" << 2 << ""
                                 << "stellmap-cli: usage: --timeout: expected seconds";
    QTest::newRow("bad server") << "query|-n|x|-s|ftp://x" << 2 << ""
                                << "stellmap-cli: usage: server: \"ftp://x\": only http and https";
    QTest::newRow("bad output") << "query|-n|x|-o|yaml" << 2 << ""
                                << "stellmap-cli: usage: --output: expected json or table";
    QTest::newRow("missing CA file") << "query|-n|x|--ca-file|/nonexistent.pem" << 2 << ""
                                     << "stellmap-cli: usage: ca-file: cannot read";
    QTest::newRow("--file with flags") << "register|--file|-|-n|x" << 2 << ""
                                       << "--namespace cannot be added";
    QTest::newRow("bad --since")
        << "watch|-n|x|--since|1.5|--max-events|3" << 2 << ""
        << "stellmap-cli: usage: --since: expected a revision number, got \"1.5\"";
    QTest::newRow("bad --max-events")
        << "watch|-n|x|--max-events|0" << 2 << ""
        << "stellmap-cli: usage: --max-events: expected a positive number, got \"0\"";
    QTest::newRow("bad --every") << "heartbeat|-n|x|--service|s|-i|i|--every|0" << 2 << ""
                                 << "--every: expected seconds";
}

void TstStellMapCli::usage()
{
    QFETCH(QString, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    QFETCH(QString, err);
    const Run run = runCli(arguments.split(QLatin1Char('|'), Qt::SkipEmptyParts));
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.out.contains(out.toUtf8()), run.out.constData());
    QVERIFY2(run.err.contains(err.toUtf8()), run.err.constData());
    if (exitCode != 0) {
        QCOMPARE(run.out, QByteArray());
    }
}

void TstStellMapCli::writeQueryFlow()
{
    const QStringList identity = args("-n|flow|--service|company.ops.tools.cli.api|-i|f1");
    Run run = runCli(servers() + args("register") + identity +
                     args("--endpoint|http=http://10.1.0.1:8080/x?weight=7|--ttl|120"));
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("{\"code\":\"ok\",\"message\":\"instance registered\"}\n"));
    QCOMPARE(run.err, QByteArray());

    run = runCli(servers() + args("query|-n|flow"));
    QCOMPARE(run.exitCode, 0);
    const QJsonArray array = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(array.size(), 1);
    const QJsonObject instance = array.first().toObject();
    QCOMPARE(instance.value(QLatin1String("instanceId")).toString(), QStringLiteral("f1"));
    QCOMPARE(instance.value(QLatin1String("leaseTtlSeconds")).toInteger(), 120);
    const QJsonObject endpoint =
        instance.value(QLatin1String("endpoints")).toArray().first().toObject();
    QCOMPARE(endpoint.value(QLatin1String("path")).toString(), QStringLiteral("/x"));
    QCOMPARE(endpoint.value(QLatin1String("weight")).toInteger(), 7);

    run = runCli(servers() + args("heartbeat") + identity + args("--ttl|60"));
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("{\"code\":\"ok\",\"message\":\"heartbeat accepted\"}\n"));

    run = runCli(servers() + args("query|-n|flow|-o|table"));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("company.ops.tools.cli.api"), run.out.constData());
    QVERIFY2(run.out.contains("http://10.1.0.1:8080/x?weight=7"), run.out.constData());
    QVERIFY2(run.out.contains("of 60s"), run.out.constData());
    QVERIFY(run.out.endsWith("1 instance\n"));

    run = runCli(servers() + args("deregister") + identity);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("{\"code\":\"ok\",\"message\":\"instance deregistered\"}\n"));

    run = runCli(servers() + args("heartbeat") + identity);
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(run.out, QByteArray());
    QCOMPARE(run.err, QByteArray("stellmap-cli: not_found: instance not found\n"));

    run = runCli(servers() + args("query|-n|flow"));
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("[]\n"));
}

void TstStellMapCli::queryFilters_data()
{
    QTest::addColumn<QString>("filters");
    QTest::addColumn<QStringList>("expected");
    const auto row = [](const char *name, const char *filters, QStringList expected) {
        QTest::newRow(name) << QString::fromUtf8(filters) << expected;
    };
    row("all", "", {QStringLiteral("a1"), QStringLiteral("c1")});
    row("service", "--service|company.trade.order.order-center.api", {QStringLiteral("a1")});
    row("service prefix", "--service-prefix|company.trade.pay", {QStringLiteral("c1")});
    row("hierarchy", "--organization|company|--business-domain|trade|--capability-domain|payment",
        {QStringLiteral("c1")});
    row("zone", "--zone|az1", {QStringLiteral("a1")});
    row("endpoint", "--endpoint|grpc", {QStringLiteral("a1")});
    row("selector", "--selector|color in (blue,green)", {QStringLiteral("c1")});
    row("selector with + and ;", "--selector|team=a+b;c", {QStringLiteral("a1")});
    row("two selectors", "--selector|color|--selector|!team", {QStringLiteral("c1")});
    row("label", "--label|color=gray", {QStringLiteral("a1")});
    row("limit", "--limit|1", {QStringLiteral("a1")});
}

void TstStellMapCli::queryFilters()
{
    QFETCH(QString, filters);
    QFETCH(QStringList, expected);
    const Run run = runCli(servers() + args("query|-n|cli") +
                           filters.split(QLatin1Char('|'), Qt::SkipEmptyParts));
    QCOMPARE(run.exitCode, 0);
    QStringList ids;
    for (const QJsonValue &value : QJsonDocument::fromJson(run.out).array()) {
        ids.append(value.toObject().value(QLatin1String("instanceId")).toString());
    }
    QCOMPARE(ids, expected);
}

void TstStellMapCli::registerFromFile_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("err");
    QTest::newRow("valid")
        << QByteArray("{\"namespace\":\"file\",\"service\":\"svc\",\"instanceId\":\"i1\","
                      "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << 0 << QByteArray();
    QTest::newRow("unknown field")
        << QByteArray("{\"namespace\":\"file\",\"foo\":1}") << 2
        << QByteArray("stellmap-cli: validation: file: json: unknown field \"foo\"\n");
    QTest::newRow("fractional port")
        << QByteArray("{\"namespace\":\"file\",\"service\":\"svc\",\"instanceId\":\"i1\","
                      "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":1.5}]}")
        << 2
        << QByteArray("stellmap-cli: validation: file: json: cannot unmarshal number 1.5 into Go "
                      "struct field Endpoint.Endpoints.port of type int32\n");
    QTest::newRow("empty") << QByteArray() << 2
                           << QByteArray("stellmap-cli: validation: file: EOF\n");
    QTest::newRow("rules after decoding")
        << QByteArray("{\"namespace\":\"file\",\"service\":\"svc\",\"instanceId\":\"i1\"}") << 2
        << QByteArray("stellmap-cli: validation: endpoints: at least one endpoint is required\n");
}

void TstStellMapCli::registerFromFile()
{
    QFETCH(QByteArray, body);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, err);
    const Run fromStdin = runCli(servers() + args("register|--file|-"), body);
    QCOMPARE(fromStdin.exitCode, exitCode);
    QCOMPARE(fromStdin.err, err);

    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(body);
    file.close();
    const Run fromFile = runCli(servers() + args("register|--file") + QStringList{file.fileName()});
    QCOMPARE(fromFile.exitCode, exitCode);
    QCOMPARE(fromFile.err, err);
}

void TstStellMapCli::failures_data()
{
    QTest::addColumn<QString>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("err");
    QTest::newRow("selector syntax")
        << "query|-n|cli|--selector|version in v2" << 2
        << "stellmap-cli: validation: selector: invalid selector \"version in v2\": expected "
           "values like (v1,v2); supported selector syntax:";
    QTest::newRow("limit") << "query|-n|cli|--limit| 5" << 2
                           << "stellmap-cli: validation: limit: strconv.Atoi: parsing \" 5\": "
                              "invalid syntax";
    QTest::newRow("no namespace") << "query" << 2
                                  << "stellmap-cli: validation: namespace: namespace is required";
    QTest::newRow("no endpoint") << "register|-n|x|--service|s|-i|i" << 2
                                 << "stellmap-cli: validation: endpoints: at least one endpoint "
                                    "is required";
    QTest::newRow("endpoint spec") << "register|-n|x|--service|s|-i|i|--endpoint|http://h" << 2
                                   << "stellmap-cli: validation: endpoint: \"http://h\" is not "
                                      "[name=]protocol://host:port";
    QTest::newRow("port range") << "register|-n|x|--service|s|-i|i|--endpoint|http://h:0" << 2
                                << "stellmap-cli: validation: endpoints[0].port: endpoint port "
                                   "must be within 1..65535";
    QTest::newRow("label") << "register|-n|x|--service|s|-i|i|--endpoint|http://h:1|--label|oops"
                           << 2 << "stellmap-cli: validation: label: \"oops\" is not key=value";
    QTest::newRow("service mismatch")
        << "deregister|-n|x|--service|a.b.c.d.e|--organization|z|--business-domain|b|"
           "--capability-domain|c|--application|d|--role|e|-i|i"
        << 2
        << "stellmap-cli: validation: service: service \"a.b.c.d.e\" does not match structured "
           "service identity \"z.b.c.d.e\"";
    QTest::newRow("missing instance id")
        << "heartbeat|-n|x|--service|s" << 2
        << "stellmap-cli: validation: instanceId: namespace, service and instanceId are required";
}

void TstStellMapCli::failures()
{
    QFETCH(QString, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, err);
    const Run run = runCli(servers() + arguments.split(QLatin1Char('|'), Qt::SkipEmptyParts));
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.startsWith(err.toUtf8()), run.err.constData());
    QCOMPARE(run.out, QByteArray());
}

void TstStellMapCli::serverFromEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("KEEP_SERVER_ENV"), QStringLiteral("1"));
    env.insert(QStringLiteral("STELLMAP_SERVER"),
               QStringLiteral("http://127.0.0.1:1,%1").arg(m_devd.url(3).toString()));
    Run run = runCli(args("query|-n|cli|--limit|1"), {}, env);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(run.out).array().size(), 1);

    // Every server down: exit 4 and the reason, stdout empty.
    run = runCli(args("query|-n|cli|-s|http://127.0.0.1:1"));
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(
        run.err.startsWith("stellmap-cli: unavailable: http://127.0.0.1:1: Connection refused"),
        run.err.constData());
    QCOMPARE(run.out, QByteArray());
}

void TstStellMapCli::health()
{
    Run run = runCli(servers() + QStringList{QStringLiteral("-s"), m_devd.url(3).toString()} +
                     args("health"));
    QCOMPARE(run.exitCode, 0);
    const QJsonObject health = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(health.value(QLatin1String("leaderId")).toInteger(), 1);
    QCOMPARE(health.value(QLatin1String("leaderAddr")).toString(), m_devd.address(1));
    const QJsonArray nodes = health.value(QLatin1String("nodes")).toArray();
    QCOMPARE(nodes.size(), 3);
    QCOMPARE(nodes.at(0)
                 .toObject()
                 .value(QLatin1String("health"))
                 .toObject()
                 .value(QLatin1String("localNodeId"))
                 .toInteger(),
             2);

    run = runCli(servers() + args("health|-s|http://127.0.0.1:1"));
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.err.contains("stellmap-cli: unavailable: http://127.0.0.1:1"),
             run.err.constData());

    DevdProcess leaderless;
    QVERIFY(leaderless.start({QStringLiteral("--leader"), QStringLiteral("0")}, 2));
    const QStringList both = {QStringLiteral("-s"), leaderless.url(1).toString(),
                              QStringLiteral("-s"), leaderless.url(2).toString()};
    run = runCli(both + args("health"));
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.err.contains("stellmap-cli: no_leader: the cluster has no leader"),
             run.err.constData());
    run = runCli(both + args("register|-n|x|--service|s|-i|i|--endpoint|http://h:1|--timeout|1"));
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.err.startsWith("stellmap-cli: no_leader: no leader"), run.err.constData());
}

void TstStellMapCli::heartbeatLoopUntilSignal()
{
    QProcess process;
    process.start(QStringLiteral(STELLMAP_CLI_BINARY),
                  servers() +
                      args("heartbeat|-n|cli|--service|company.trade.order.order-center.api|"
                           "-i|a1|--every|0.2"));
    QVERIFY(process.waitForStarted());
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).count('\n') >= 3, 10000);
    process.terminate(); // SIGTERM, handled like Ctrl-C
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    out += process.readAllStandardOutput();
    for (const QByteArray &line : out.split('\n')) {
        if (line.isEmpty()) {
            continue;
        }
        const QJsonObject renewal = QJsonDocument::fromJson(line).object();
        QCOMPARE(renewal.value(QLatin1String("message")).toString(),
                 QStringLiteral("heartbeat accepted"));
        QCOMPARE(renewal.value(QLatin1String("server")).toString(), m_devd.url(1).toString());
    }
}

void TstStellMapCli::watchStateEqualsServerAfterRestart()
{
    QTemporaryDir dir;
    DevdProcess devd;
    QVERIFY(devd.start({QStringLiteral("--state"), dir.filePath(QStringLiteral("state.jsonl"))}));
    const QStringList server = {QStringLiteral("-s"), devd.url().toString()};
    const auto cli = [&](const char *arguments) {
        return runCli(server + args(arguments)).exitCode;
    };
    QCOMPARE(cli("register|-n|w|--service|svc|-i|a|--endpoint|http://h:1|--ttl|600"), 0);
    QProcess watch;
    watch.start(QStringLiteral(STELLMAP_CLI_BINARY),
                server + args("watch|-n|w|-o|state|--duration|60"));
    QVERIFY(watch.waitForStarted());
    QByteArray err;
    const auto stderrHas = [&](const QByteArray &text, int times) {
        err += watch.readAllStandardError();
        return err.count(text) >= times;
    };
    QTRY_VERIFY_WITH_TIMEOUT(stderrHas("stellmap-cli: watching: snapshot", 1), 10000);
    QCOMPARE(cli("register|-n|w|--service|svc|-i|b|--endpoint|http://h:2|--ttl|600"), 0);

    // Restarts lose the server's history: each resume becomes a resync.
    devd.kill();
    QVERIFY(devd.restart());
    QTRY_VERIFY_WITH_TIMEOUT(stderrHas("stellmap-cli: resynced: snapshot", 1), 15000);
    QCOMPARE(cli("register|-n|w|--service|svc|-i|c|--endpoint|http://h:3|--label|x=y|--ttl|600"),
             0);
    QCOMPARE(cli("deregister|-n|w|--service|svc|-i|a"), 0);
    devd.kill();
    QVERIFY(devd.restart());
    QTRY_VERIFY_WITH_TIMEOUT(stderrHas("stellmap-cli: resynced: snapshot", 2), 15000);
    QVERIFY2(err.contains("stellmap-cli: reconnecting: resuming after revision"), err.constData());

    watch.terminate(); // SIGTERM ends a watch normally, like Ctrl-C
    QVERIFY(watch.waitForFinished(10000));
    QCOMPARE(watch.exitCode(), 0);
    const QJsonObject state = QJsonDocument::fromJson(watch.readAllStandardOutput()).object();
    const Run query = runCli(server + args("query|-n|w"));
    QCOMPARE(query.exitCode, 0);
    QCOMPARE(state.value(QLatin1String("instances")).toArray(),
             QJsonDocument::fromJson(query.out).array());
    QCOMPARE(state.value(QLatin1String("instances")).toArray().size(), 2);
}

void TstStellMapCli::watchSummaryAndEvents()
{
    const QStringList server = {QStringLiteral("-s"), m_devd.url(2).toString()};
    Run run = runCli(server + args("watch|-n|cli|-o|summary|--max-events|1"));
    QCOMPARE(run.exitCode, 0);
    const QJsonObject summary = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(summary.value(QLatin1String("events")).toInteger(), 1);
    QCOMPARE(summary.value(QLatin1String("instances")).toInteger(), 2);
    QCOMPARE(summary.value(QLatin1String("reconnects")).toInteger(), 0);
    QVERIFY(summary.value(QLatin1String("revision")).toInteger() > 0);

    run = runCli(server + args("watch|-n|cli|--max-events|1|--selector|color=blue"));
    QCOMPARE(run.exitCode, 0);
    const QJsonObject snapshot = QJsonDocument::fromJson(run.out.trimmed()).object();
    QCOMPARE(snapshot.value(QLatin1String("type")).toString(), QStringLiteral("snapshot"));
    QCOMPARE(snapshot.value(QLatin1String("instances")).toArray().size(), 1);

    run = runCli(server + args("watch|-n|cli|--selector|a in b|--max-events|1"));
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.startsWith("stellmap-cli: validation: selector: invalid selector"));
}

QTEST_GUILESS_MAIN(TstStellMapCli)
#include "tst_stellmapcli.moc"
