#include "cli.h"

#include "apienvelope.h"
#include "deregisterrequest.h"
#include "directory.h"
#include "gojsondecoder.h"
#include "healthreply.h"
#include "heartbeatrequest.h"
#include "instancetable.h"
#include "jsonwriter.h"
#include "queryfilter.h"
#include "registerrequest.h"
#include "stellmapclient.h"
#include "watchsession.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QNetworkAccessManager>

#include <cstdio>

using namespace stellmap;

namespace {

const QString Program = QStringLiteral("stellmap-cli");

QCommandLineOption valueOption(const QStringList &names, const QString &description,
                               const QString &valueName, const QString &defaultValue = QString())
{
    return QCommandLineOption(names, description, valueName, defaultValue);
}

QCommandLineOption valueOption(const QString &name, const QString &description,
                               const QString &valueName)
{
    return QCommandLineOption(QStringList{name}, description, valueName);
}

void addIdentityOptions(QCommandLineParser &parser, bool serviceRepeatable)
{
    parser.addOption(valueOption({QStringLiteral("n"), QStringLiteral("namespace")},
                                 QStringLiteral("Namespace (required)."), QStringLiteral("NS")));
    parser.addOption(
        valueOption(QStringLiteral("service"),
                    serviceRepeatable
                        ? QStringLiteral("Exact service name. The server matches only the first "
                                         "one given; use --service-prefix for several.")
                        : QStringLiteral("Service name, e.g. company.trade.order.order-center.api "
                                         "(or give the five parts below)."),
                    QStringLiteral("SERVICE")));
    const QList<std::pair<const char *, const char *>> parts = {
        {"organization", "Organization, first part of the service name."},
        {"business-domain", "Business domain, second part."},
        {"capability-domain", "Capability domain, third part."},
        {"application", "Application, fourth part."},
        {"role", "Role, fifth part."},
    };
    for (const auto &[name, text] : parts) {
        parser.addOption(valueOption(QString::fromLatin1(name), QString::fromLatin1(text),
                                     QStringLiteral("NAME")));
    }
}

void addOutputOption(QCommandLineParser &parser)
{
    parser.addOption(
        valueOption({QStringLiteral("o"), QStringLiteral("output")},
                    QStringLiteral("json (default, for scripts) or table (for people)."),
                    QStringLiteral("FORMAT"), QStringLiteral("json")));
}

void addFilterOptions(QCommandLineParser &parser)
{
    addIdentityOptions(parser, true);
    parser.addOption(valueOption(QStringLiteral("service-prefix"),
                                 QStringLiteral("Service name or prefix (repeatable; "
                                                "any matches)."),
                                 QStringLiteral("PREFIX")));
    parser.addOption(
        valueOption(QStringLiteral("zone"), QStringLiteral("Exact zone."), QStringLiteral("ZONE")));
    parser.addOption(valueOption(QStringLiteral("endpoint"),
                                 QStringLiteral("Keep instances with an endpoint of this "
                                                "name or protocol, and only those "
                                                "endpoints."),
                                 QStringLiteral("NAME")));
    parser.addOption(
        valueOption(QStringLiteral("selector"),
                    QStringLiteral("Label selector (repeatable, ANDed): key, !key, key=value, "
                                   "key!=value, key in (v1,v2), key notin (v1,v2), comma-joined."),
                    QStringLiteral("SELECTOR")));
    parser.addOption(valueOption(QStringLiteral("label"),
                                 QStringLiteral("Label equality key=value (repeatable)."),
                                 QStringLiteral("KEY=VALUE")));
    parser.addOption(valueOption(QStringLiteral("limit"),
                                 QStringLiteral("At most N instances (0: no limit)."),
                                 QStringLiteral("N")));
}

QString helpFor(QCommandLineParser &parser, const QString &command)
{
    // QCommandLineParser knows no subcommands: put the command into its usage line.
    QString text = parser.helpText();
    const qsizetype lineEnd = text.indexOf(QLatin1Char('\n'));
    return QStringLiteral("Usage: %1 %2 [options]").arg(Program, command) + text.mid(lineEnd);
}

} // namespace

Cli::Cli(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{
    m_everyTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_everyTimer, &QTimer::timeout, this, &Cli::sendHeartbeat);
}

Cli::~Cli() = default;

QList<Cli::Command> Cli::commands()
{
    QList<Command> list;
    list.append(
        {QStringLiteral("query"), QStringLiteral("List live instances that match filters."),
         QStringLiteral(
             "List live instances of a namespace: a JSON array on stdout (one instance per line), "
             "or a table with -o table. Filters combine with AND.\n\n"
             "Examples:\n"
             "  stellmap-cli query -n prod\n"
             "  stellmap-cli query -n prod --service-prefix company.trade -o table\n"
             "  stellmap-cli query -n prod --organization company --business-domain trade\n"
             "  stellmap-cli query -n prod --selector 'color=gray,version in (v2)' --zone az1\n"
             "  stellmap-cli query -n prod --endpoint grpc --limit 10 | jq -r '.[].instanceId'"),
         [](QCommandLineParser &parser) {
             addFilterOptions(parser);
             addOutputOption(parser);
         },
         [this](const QCommandLineParser &parser) { runQuery(parser); }});
    list.append(
        {QStringLiteral("register"), QStringLiteral("Register (create or replace) an instance."),
         QStringLiteral(
             "Register an instance, replacing one with the same identity. Endpoints are given as "
             "[name=]protocol://host:port[/path][?weight=N]; the name defaults to the protocol, "
             "the weight to 100. The lease lasts --ttl seconds (server default 30) unless renewed "
             "with heartbeat. Or give the whole body as JSON with --file (- for stdin).\n\n"
             "Examples:\n"
             "  stellmap-cli register -n prod --service company.trade.order.order-center.api \\\n"
             "      --instance-id order-1 --zone az1 --endpoint http://10.0.0.2:8080 \\\n"
             "      --endpoint grpc=grpc://10.0.0.2:9090?weight=50 --label color=gray --ttl 60\n"
             "  stellmap-cli register -n prod --organization company --business-domain trade \\\n"
             "      --capability-domain order --application order-center --role api \\\n"
             "      --instance-id order-1 --endpoint http://10.0.0.2:8080\n"
             "  stellmap-cli register --file instance.json"),
         [](QCommandLineParser &parser) {
             addIdentityOptions(parser, false);
             parser.addOption(valueOption({QStringLiteral("i"), QStringLiteral("instance-id")},
                                          QStringLiteral("Instance id (required)."),
                                          QStringLiteral("ID")));
             parser.addOption(valueOption(QStringLiteral("zone"), QStringLiteral("Zone."),
                                          QStringLiteral("ZONE")));
             parser.addOption(valueOption(
                 QStringLiteral("endpoint"),
                 QStringLiteral("Endpoint [name=]protocol://host:port[/path][?weight=N] "
                                "(repeatable; at least one)."),
                 QStringLiteral("SPEC")));
             parser.addOption(valueOption(QStringLiteral("label"),
                                          QStringLiteral("Label key=value (repeatable)."),
                                          QStringLiteral("KEY=VALUE")));
             parser.addOption(valueOption(QStringLiteral("meta"),
                                          QStringLiteral("Metadata key=value (repeatable)."),
                                          QStringLiteral("KEY=VALUE")));
             parser.addOption(valueOption(QStringLiteral("ttl"),
                                          QStringLiteral("Lease TTL in seconds (0: server "
                                                         "default, 30)."),
                                          QStringLiteral("SECONDS")));
             parser.addOption(valueOption(QStringLiteral("file"),
                                          QStringLiteral("Read the register body (JSON) from "
                                                         "FILE, or stdin for -."),
                                          QStringLiteral("FILE")));
         },
         [this](const QCommandLineParser &parser) { runRegister(parser); }});
    list.append({QStringLiteral("deregister"), QStringLiteral("Delete an instance (a hard drain)."),
                 QStringLiteral("Delete an instance now. Its own agent may register it again on "
                                "its next heartbeat. Deleting an unknown instance succeeds.\n\n"
                                "Examples:\n"
                                "  stellmap-cli deregister -n prod --service "
                                "company.trade.order.order-center.api --instance-id order-1"),
                 [](QCommandLineParser &parser) {
                     addIdentityOptions(parser, false);
                     parser.addOption(valueOption(
                         {QStringLiteral("i"), QStringLiteral("instance-id")},
                         QStringLiteral("Instance id (required)."), QStringLiteral("ID")));
                 },
                 [this](const QCommandLineParser &parser) { runDeregister(parser); }});
    list.append(
        {QStringLiteral("heartbeat"),
         QStringLiteral("Renew an instance's lease, once or in a loop."),
         QStringLiteral(
             "Renew the lease of a registered instance. With --every, keep renewing until Ctrl-C, "
             "printing one JSON line per renewal; outages are reported and retried, a not_found "
             "(the instance is gone) ends the loop with exit code 3.\n\n"
             "Examples:\n"
             "  stellmap-cli heartbeat -n prod --service company.trade.order.order-center.api "
             "--instance-id order-1\n"
             "  stellmap-cli heartbeat -n prod --service svc --instance-id i1 --ttl 60 --every 20"),
         [](QCommandLineParser &parser) {
             addIdentityOptions(parser, false);
             parser.addOption(valueOption({QStringLiteral("i"), QStringLiteral("instance-id")},
                                          QStringLiteral("Instance id (required)."),
                                          QStringLiteral("ID")));
             parser.addOption(valueOption(QStringLiteral("ttl"),
                                          QStringLiteral("New lease TTL in seconds (0: keep the "
                                                         "stored one)."),
                                          QStringLiteral("SECONDS")));
             parser.addOption(valueOption(QStringLiteral("every"),
                                          QStringLiteral("Renew every SECONDS until Ctrl-C (a "
                                                         "third of the TTL is a good choice)."),
                                          QStringLiteral("SECONDS")));
         },
         [this](const QCommandLineParser &parser) { runHeartbeat(parser); }});
    list.append(
        {QStringLiteral("watch"), QStringLiteral("Follow changes live; keep a local copy."),
         QStringLiteral(
             "Stream changes of a namespace (with the query filters) and keep a local copy that "
             "heals itself: dropped streams resume after the last revision, lost history is "
             "resynced from a fresh snapshot, dead servers are failed over. Reconnects, resyncs "
             "and errors go to stderr, one line each.\n"
             "  -o events   one JSON line per event as the server sent it (the snapshot first)\n"
             "  -o state    at the end: {\"revision\":R,\"instances\":[...]}, the local copy as "
             "the server's query would return it\n"
             "  -o summary  at the end: {\"events\":N,\"revision\":R,\"instances\":N,"
             "\"reconnects\":N,\"resyncs\":N}\n"
             "The end comes with --duration, --max-events (the snapshot counts as one), Ctrl-C "
             "or SIGTERM.\n\n"
             "Examples:\n"
             "  stellmap-cli watch -n prod --service-prefix company.trade\n"
             "  stellmap-cli watch -n prod --selector 'tier=critical' -o state --duration 60\n"
             "  stellmap-cli watch -n prod --since 4711 --max-events 10"),
         [](QCommandLineParser &parser) {
             addFilterOptions(parser);
             parser.addOption(valueOption(QStringLiteral("since"),
                                          QStringLiteral("Resume after this revision (no "
                                                         "snapshot while the server keeps "
                                                         "the history)."),
                                          QStringLiteral("REV")));
             parser.addOption(valueOption({QStringLiteral("o"), QStringLiteral("output")},
                                          QStringLiteral("events (default), state or summary."),
                                          QStringLiteral("FORMAT"), QStringLiteral("events")));
             parser.addOption(valueOption(QStringLiteral("max-events"),
                                          QStringLiteral("Stop after N events."),
                                          QStringLiteral("N")));
             parser.addOption(valueOption(QStringLiteral("duration"),
                                          QStringLiteral("Stop after SECONDS."),
                                          QStringLiteral("SECONDS")));
         },
         [this](const QCommandLineParser &parser) { runWatch(parser); }});
    list.append(
        {QStringLiteral("health"), QStringLiteral("Show each server's /healthz and who leads."),
         QStringLiteral(
             "Ask every configured server for its health. Prints "
             "{\"nodes\":[{\"server\":URL,\"code\":\"ok\",\"health\":{...}},...],\"leaderId\":N,"
             "\"leaderAddr\":...}; exit code 0 "
             "when every node answered and they agree on a leader, else 4.\n\n"
             "Examples:\n"
             "  stellmap-cli health -s http://10.0.0.1:8080 -s "
             "http://10.0.0.2:8080 -s http://10.0.0.3:8080\n"
             "  STELLMAP_SERVER=http://10.0.0.1:8080,http://10.0.0.2:8080 "
             "stellmap-cli health -o table"),
         [](QCommandLineParser &parser) { addOutputOption(parser); },
         [this](const QCommandLineParser &parser) { runHealth(parser); }});
    return list;
}

void Cli::addGlobalOptions(QCommandLineParser &parser) const
{
    parser.addOption(valueOption(
        {QStringLiteral("s"), QStringLiteral("server")},
        QStringLiteral("Server URL (repeatable, or comma-separated). Default: $STELLMAP_SERVER, "
                       "else http://127.0.0.1:8080."),
        QStringLiteral("URL")));
    parser.addOption(valueOption(QStringLiteral("token"),
                                 QStringLiteral("Bearer token (default $STELLMAP_TOKEN, which "
                                                "keeps it out of the process list)."),
                                 QStringLiteral("TOKEN")));
    parser.addOption(valueOption(QStringLiteral("timeout"),
                                 QStringLiteral("Seconds for the whole call, retries included "
                                                "(default 10)."),
                                 QStringLiteral("SECONDS")));
    parser.addOption(valueOption(QStringLiteral("ca-file"),
                                 QStringLiteral("PEM file of extra CA certificates to trust for "
                                                "https (certificates are always verified)."),
                                 QStringLiteral("FILE")));
    parser.addHelpOption();
}

QString Cli::generalHelp(const QList<Command> &commands) const
{
    QString text = QStringLiteral("Usage: %1 <command> [options]\n\n"
                                  "The StellMap service registry from a terminal.\n\n"
                                  "Commands:\n")
                       .arg(Program);
    for (const Command &command : commands) {
        text += QStringLiteral("  %1%2\n").arg(command.name.leftJustified(12), command.summary);
    }
    text += QStringLiteral(
        "\nGlobal options (before or after the command):\n"
        "  -s, --server <URL>  Server URL, repeatable or comma-separated (default\n"
        "                      $STELLMAP_SERVER, else http://127.0.0.1:8080).\n"
        "  --token <TOKEN>     Bearer token (default $STELLMAP_TOKEN).\n"
        "  --timeout <SECONDS> Deadline of a call, retries included (default 10).\n"
        "  --ca-file <FILE>    Extra CA certificates (PEM) for https.\n"
        "  -h, --help          Help; '%1 <command> --help' shows a command's options.\n\n"
        "Output: results as JSON on stdout; errors on stderr as\n"
        "'%1: <code>: <message>'.\n"
        "Exit codes: 0 ok; 2 usage or validation (nothing was sent); 3 the server said no\n"
        "(bad_request, not_found, unauthorized, ...); 4 network, timeout, 5xx or no leader.\n");
    return text.arg(Program);
}

void Cli::start(const QStringList &arguments, const QProcessEnvironment &environment)
{
    m_environment = environment;
    const QList<Command> all = commands();

    // Global options may come before the command; the command's parser takes the rest.
    QCommandLineParser global;
    addGlobalOptions(global);
    global.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    if (!global.parse(arguments)) {
        usageError(global.errorText());
        return;
    }
    const QStringList positional = global.positionalArguments();
    if (positional.isEmpty() || positional.first() == QLatin1String("help")) {
        const QString topic = positional.value(1);
        if (!topic.isEmpty()) {
            // "help query" is "query --help".
            start({arguments.first(), topic, QStringLiteral("--help")}, environment);
            return;
        }
        const bool asked = global.isSet(QStringLiteral("help")) ||
                           global.isSet(QStringLiteral("help-all")) || !positional.isEmpty();
        if (asked) {
            out(generalHelp(all).toUtf8());
            finish(Ok);
        } else {
            std::fputs(qPrintable(generalHelp(all)), stderr);
            finish(Usage);
        }
        return;
    }
    const QString name = positional.first();
    const auto command =
        std::find_if(all.begin(), all.end(), [&](const Command &c) { return c.name == name; });
    if (command == all.end()) {
        usageError(QStringLiteral("unknown command \"%1\"; commands: query, watch, register, "
                                  "deregister, heartbeat, health")
                       .arg(name));
        return;
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(command->description);
    addGlobalOptions(parser);
    command->addOptions(parser);
    if (!parser.parse(QStringList{arguments.first()} + positional.mid(1))) {
        usageError(parser.errorText(), name);
        return;
    }
    const auto askedForHelp = [](const QCommandLineParser &p) {
        return p.isSet(QStringLiteral("help")) || p.isSet(QStringLiteral("help-all"));
    };
    if (askedForHelp(parser) || askedForHelp(global)) {
        out(helpFor(parser, name).toUtf8());
        finish(Ok);
        return;
    }
    if (!parser.positionalArguments().isEmpty()) {
        usageError(
            QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()),
            name);
        return;
    }
    if (!makeClient(global, parser)) {
        return;
    }
    command->run(parser);
}

bool Cli::makeClient(const QCommandLineParser &global, const QCommandLineParser &parser)
{
    const QString serverOption = QStringLiteral("server");
    QStringList serverTexts = global.values(serverOption) + parser.values(serverOption);
    if (serverTexts.isEmpty()) {
        serverTexts.append(m_environment.value(QStringLiteral("STELLMAP_SERVER")));
    }
    ValidationError error;
    m_options.servers = ClientOptions::parseServers(serverTexts, &error);
    if (error) {
        usageError(error.toString());
        return false;
    }
    if (m_options.servers.isEmpty()) {
        m_options.servers.append(QUrl(QStringLiteral("http://127.0.0.1:8080")));
    }
    const auto lastValue = [&](const QString &option) {
        return parser.isSet(option) ? parser.value(option) : global.value(option);
    };
    const bool tokenGiven =
        parser.isSet(QStringLiteral("token")) || global.isSet(QStringLiteral("token"));
    m_options.token = tokenGiven ? lastValue(QStringLiteral("token"))
                                 : m_environment.value(QStringLiteral("STELLMAP_TOKEN"));
    m_options.caFile = lastValue(QStringLiteral("ca-file"));
    const QString timeoutText = lastValue(QStringLiteral("timeout"));
    if (!timeoutText.isEmpty()) {
        bool ok = false;
        const double seconds = timeoutText.toDouble(&ok);
        if (!ok || !(seconds > 0) || seconds > 86400) {
            usageError(QStringLiteral("--timeout: expected seconds greater than 0, got \"%1\"")
                           .arg(timeoutText));
            return false;
        }
        m_options.timeoutMs = qMax(1, int(seconds * 1000));
    }
    error = m_options.validate();
    if (error) {
        usageError(error.toString());
        return false;
    }
    m_client = std::make_unique<StellMapClient>(m_options, m_network);
    return true;
}

bool Cli::readIdentity(const QCommandLineParser &parser, InstanceKey *key)
{
    key->namespaceName = parser.value(QStringLiteral("namespace"));
    key->service.service = parser.value(QStringLiteral("service"));
    key->service.organization = parser.value(QStringLiteral("organization"));
    key->service.businessDomain = parser.value(QStringLiteral("business-domain"));
    key->service.capabilityDomain = parser.value(QStringLiteral("capability-domain"));
    key->service.application = parser.value(QStringLiteral("application"));
    key->service.role = parser.value(QStringLiteral("role"));
    key->instanceId = parser.value(QStringLiteral("instance-id"));
    // Normalising here as well names the flag; the client checks again before sending.
    InstanceKey check = *key;
    ValidationError error = check.normalize();
    if (!error) {
        error = check.checkRequired();
    }
    if (error) {
        err(QStringLiteral("validation"), error.toString());
        finish(Usage);
        return false;
    }
    const QString warning = check.watchabilityWarning();
    if (!warning.isEmpty()) {
        std::fprintf(stderr, "%s: warning: %s\n", qPrintable(Program), qPrintable(warning));
    }
    return true;
}

bool Cli::readPairs(const QCommandLineParser &parser, const QString &option,
                    QMap<QString, QString> *pairs)
{
    for (const QString &item : parser.values(option)) {
        const qsizetype equals = item.indexOf(QLatin1Char('='));
        if (equals <= 0) {
            err(QStringLiteral("validation"),
                QStringLiteral("%1: \"%2\" is not key=value").arg(option, item));
            finish(Usage);
            return false;
        }
        pairs->insert(item.left(equals), item.mid(equals + 1));
    }
    return true;
}

bool Cli::readOutput(const QCommandLineParser &parser, bool *table)
{
    const QString output = parser.value(QStringLiteral("output"));
    if (output != QLatin1String("json") && output != QLatin1String("table")) {
        usageError(QStringLiteral("--output: expected json or table, got \"%1\"").arg(output));
        return false;
    }
    *table = output == QLatin1String("table");
    return true;
}

void Cli::runQuery(const QCommandLineParser &parser)
{
    bool table = false;
    if (!readOutput(parser, &table)) {
        return;
    }
    const QueryFilter filter = readFilter(parser);
    QueryReply *reply = m_client->query(filter);
    await(reply, [this, reply, table] {
        if (table) {
            const qint64 serverNow =
                (QDateTime::currentMSecsSinceEpoch() + m_client->serverClockOffsetMs()) / 1000;
            out(InstanceTable::render(reply->instances(), serverNow).toUtf8());
        } else {
            out(InstanceTable::json(reply->instances()));
        }
        finish(Ok);
    });
}

QueryFilter Cli::readFilter(const QCommandLineParser &parser)
{
    QueryFilter filter;
    filter.namespaceName = parser.value(QStringLiteral("namespace"));
    filter.services = parser.values(QStringLiteral("service"));
    filter.servicePrefixes = parser.values(QStringLiteral("service-prefix"));
    filter.organization = parser.value(QStringLiteral("organization"));
    filter.businessDomain = parser.value(QStringLiteral("business-domain"));
    filter.capabilityDomain = parser.value(QStringLiteral("capability-domain"));
    filter.application = parser.value(QStringLiteral("application"));
    filter.role = parser.value(QStringLiteral("role"));
    filter.zone = parser.value(QStringLiteral("zone"));
    filter.endpoint = parser.value(QStringLiteral("endpoint"));
    filter.selectors = parser.values(QStringLiteral("selector"));
    filter.labels = parser.values(QStringLiteral("label"));
    filter.limit = parser.value(QStringLiteral("limit"));
    return filter;
}

void Cli::runRegister(const QCommandLineParser &parser)
{
    RegisterRequest request;
    if (parser.isSet(QStringLiteral("file"))) {
        const QStringList others = {QStringLiteral("namespace"),
                                    QStringLiteral("service"),
                                    QStringLiteral("organization"),
                                    QStringLiteral("business-domain"),
                                    QStringLiteral("capability-domain"),
                                    QStringLiteral("application"),
                                    QStringLiteral("role"),
                                    QStringLiteral("instance-id"),
                                    QStringLiteral("zone"),
                                    QStringLiteral("endpoint"),
                                    QStringLiteral("label"),
                                    QStringLiteral("meta"),
                                    QStringLiteral("ttl")};
        for (const QString &other : others) {
            if (parser.isSet(other)) {
                usageError(
                    QStringLiteral("--file holds the whole body: --%1 cannot be added").arg(other),
                    QStringLiteral("register"));
                return;
            }
        }
        const QString path = parser.value(QStringLiteral("file"));
        QFile file;
        const bool opened = path == QLatin1String("-")
                                ? file.open(stdin, QIODevice::ReadOnly)
                                : (file.setFileName(path), file.open(QIODevice::ReadOnly));
        if (!opened) {
            err(QStringLiteral("usage"),
                QStringLiteral("cannot read \"%1\": %2").arg(path, file.errorString()));
            finish(Usage);
            return;
        }
        // The server's own decoder: its messages, its rules (unknown fields, types, ranges).
        const QString error = GoJsonDecoder::decode(file.readAll(), &request);
        if (!error.isEmpty()) {
            err(QStringLiteral("validation"), QStringLiteral("file: %1").arg(error));
            finish(Usage);
            return;
        }
    } else {
        if (!readIdentity(parser, &request.key) ||
            !readPairs(parser, QStringLiteral("label"), &request.labels) ||
            !readPairs(parser, QStringLiteral("meta"), &request.metadata)) {
            return;
        }
        request.zone = parser.value(QStringLiteral("zone"));
        const QStringList specs = parser.values(QStringLiteral("endpoint"));
        for (int i = 0; i < specs.size(); ++i) {
            ValidationError error;
            request.endpoints.append(
                Endpoint::fromSpec(specs.at(i), &error, QStringLiteral("endpoint")));
            if (error) {
                err(QStringLiteral("validation"), error.toString());
                finish(Usage);
                return;
            }
        }
        if (!readTtl(parser, &request.leaseTtlSeconds)) {
            return;
        }
    }
    awaitWrite(m_client->registerInstance(request));
}

bool Cli::readTtl(const QCommandLineParser &parser, qint64 *seconds)
{
    const QString ttl = parser.value(QStringLiteral("ttl"));
    if (ttl.isEmpty()) {
        return true;
    }
    bool ok = false;
    *seconds = ttl.toLongLong(&ok);
    if (!ok) {
        err(QStringLiteral("validation"),
            QStringLiteral("ttl: expected whole seconds, got \"%1\"").arg(ttl));
        finish(Usage);
    }
    return ok;
}

void Cli::awaitWrite(WriteReply *reply)
{
    // stdout gets the server's own confirmation envelope.
    await(reply, [this, reply] {
        out(ApiEnvelope::successJson(reply->serverMessage()));
        finish(Ok);
    });
}

void Cli::runDeregister(const QCommandLineParser &parser)
{
    DeregisterRequest request;
    if (!readIdentity(parser, &request.key)) {
        return;
    }
    awaitWrite(m_client->deregisterInstance(request));
}

void Cli::runHeartbeat(const QCommandLineParser &parser)
{
    HeartbeatRequest request;
    if (!readIdentity(parser, &request.key)) {
        return;
    }
    if (!readTtl(parser, &request.leaseTtlSeconds)) {
        return;
    }
    const QString every = parser.value(QStringLiteral("every"));
    if (every.isEmpty()) {
        awaitWrite(m_client->heartbeat(request));
        return;
    }
    bool ok = false;
    const double seconds = every.toDouble(&ok);
    if (!ok || !(seconds >= 0.1) || seconds > 86400) {
        usageError(
            QStringLiteral("--every: expected seconds from 0.1 to 86400, got \"%1\"").arg(every),
            QStringLiteral("heartbeat"));
        return;
    }
    if (request.leaseTtlSeconds > 0 && seconds >= double(request.leaseTtlSeconds)) {
        std::fprintf(stderr,
                     "%s: warning: renewing every %s s lets a %lld s lease lapse between "
                     "renewals\n",
                     qPrintable(Program), qPrintable(every), request.leaseTtlSeconds);
    }
    m_beat = [this, request] {
        WriteReply *reply = m_client->heartbeat(request);
        m_beatReply = reply;
        connect(reply, &StellMapReply::finished, this, [this, reply] {
            reply->deleteLater();
            if (m_finished) {
                return;
            }
            if (reply->error() == ClientError::NoError) {
                JsonWriter writer;
                writer.beginObject()
                    .member(QLatin1String("time"),
                            QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs))
                    .member(QLatin1String("code"), reply->code())
                    .member(QLatin1String("message"), reply->serverMessage())
                    .member(QLatin1String("server"),
                            reply->server().toDisplayString(QUrl::RemoveUserInfo))
                    .endObject()
                    .newline();
                out(writer.take());
                return;
            }
            err(reply->code(), reply->errorString());
            // Outages pass; a refusal (the instance is gone, bad input) will not.
            if (reply->error() == ClientError::Rejected ||
                reply->error() == ClientError::Validation) {
                m_everyTimer.stop();
                finish(exitCodeFor(reply));
            }
        });
    };
    m_everyTimer.setInterval(int(seconds * 1000));
    m_everyTimer.start();
    sendHeartbeat();
}

void Cli::runWatch(const QCommandLineParser &parser)
{
    const QString output = parser.value(QStringLiteral("output"));
    if (output != QLatin1String("events") && output != QLatin1String("state") &&
        output != QLatin1String("summary")) {
        usageError(
            QStringLiteral("--output: expected events, state or summary, got \"%1\"").arg(output),
            QStringLiteral("watch"));
        return;
    }
    m_watchOutput = output;
    // Each option is checked on its own, and a bad one is named with its value.
    const auto number = [&](const char *name, double max, double *value) {
        const QString option = QString::fromLatin1(name);
        if (!parser.isSet(option)) {
            return true;
        }
        bool ok = false;
        *value = parser.value(option).toDouble(&ok);
        if (!ok || !(*value > 0) || *value > max) {
            usageError(QStringLiteral("--%1: expected a positive number, got \"%2\"")
                           .arg(option, parser.value(option)),
                       QStringLiteral("watch"));
            return false;
        }
        return true;
    };
    double maxEvents = 0;
    double duration = 0;
    if (!number("max-events", 9e18, &maxEvents) || !number("duration", 365 * 86400.0, &duration)) {
        return;
    }
    // A revision is an exact unsigned integer.
    quint64 sinceRevision = 0;
    if (parser.isSet(QStringLiteral("since"))) {
        bool ok = false;
        sinceRevision = parser.value(QStringLiteral("since")).toULongLong(&ok);
        if (!ok) {
            usageError(QStringLiteral("--since: expected a revision number, got \"%1\"")
                           .arg(parser.value(QStringLiteral("since"))),
                       QStringLiteral("watch"));
            return;
        }
    }
    m_maxEvents = qint64(maxEvents);
    const QueryFilter filter = readFilter(parser);
    ValidationError error;
    filter.resolve(&error);
    if (error) {
        err(QStringLiteral("validation"), error.toString());
        finish(Usage);
        return;
    }

    // Streams get their own manager: each holds one of Qt's six connections per server.
    m_streamNetwork = new QNetworkAccessManager(this);
    m_directory = new Directory(this);
    m_watch = new WatchSession(m_options, filter, m_streamNetwork, this);
    connect(m_watch, &WatchSession::snapshotReceived, this,
            [this, ns = filter.namespaceName](quint64 revision,
                                              const QList<InstanceRecord> &instances, bool resync) {
                m_directory->applySnapshot(ns, revision, instances);
                std::fprintf(stderr,
                             "stellmap-cli: %s: snapshot at revision %llu (%lld instances) "
                             "from %s\n",
                             resync ? "resynced" : "watching",
                             static_cast<unsigned long long>(revision),
                             static_cast<long long>(instances.size()),
                             qPrintable(m_watch->server().toDisplayString(QUrl::RemoveUserInfo)));
                if (m_watchOutput == QLatin1String("events")) {
                    WatchEvent snapshot;
                    snapshot.type = WatchEvent::Type::Snapshot;
                    snapshot.revision = revision;
                    snapshot.namespaceName = ns;
                    snapshot.instances = instances;
                    out(snapshot.toJson() + '\n');
                }
                countEvents(1);
            });
    connect(m_watch, &WatchSession::eventsReceived, this, [this](const QList<WatchEvent> &events) {
        // --max-events may end the watch inside a batch: only that many are applied.
        const qsizetype take = m_maxEvents > 0
                                   ? qMin<qsizetype>(events.size(), m_maxEvents - m_events)
                                   : events.size();
        // Shared, not copied, unless the batch is cut.
        const QList<WatchEvent> applied = take == events.size() ? events : events.first(take);
        m_directory->applyEvents(applied);
        if (m_watchOutput == QLatin1String("events")) {
            QByteArray lines;
            for (const WatchEvent &event : applied) {
                lines += event.toJson() + '\n';
            }
            out(lines);
        }
        countEvents(take);
    });
    connect(m_watch, &WatchSession::errorOccurred, this,
            [this](const QString &code, const QString &message, bool fatal) {
                err(code, message);
                if (fatal) {
                    finish(code == QLatin1String("validation") ? Usage
                           : code == QLatin1String("bad_request") ||
                                   code == QLatin1String("unauthorized") ||
                                   code == QLatin1String("forbidden") ||
                                   code.startsWith(QLatin1String("http_4"))
                               ? Rejected
                               : Unavailable);
                }
            });
    connect(m_watch, &WatchSession::stateChanged, this, [this](WatchSession::State state) {
        if (state == WatchSession::State::Reconnecting) {
            std::fprintf(stderr,
                         "stellmap-cli: reconnecting: resuming after revision %llu from %s in "
                         "%.1f s\n",
                         static_cast<unsigned long long>(m_watch->revision()),
                         qPrintable(m_watch->server().toDisplayString(QUrl::RemoveUserInfo)),
                         m_watch->reconnectInMs() / 1000.0);
        }
    });
    if (duration > 0) {
        QTimer::singleShot(int(duration * 1000), this, [this] { endWatch(); });
    }
    m_watch->start(sinceRevision);
}

void Cli::countEvents(qint64 count)
{
    m_events += count;
    if (m_maxEvents > 0 && m_events >= m_maxEvents) {
        endWatch();
    }
}

void Cli::endWatch()
{
    if (!m_watch || m_finished) {
        return;
    }
    m_watch->stop();
    const QString ns = m_watch->filter().namespaceName;
    if (m_watchOutput == QLatin1String("state")) {
        // As a query at this moment would answer: leases that ran out are left out.
        const qint64 now =
            (QDateTime::currentMSecsSinceEpoch() + m_watch->serverClockOffsetMs()) / 1000;
        JsonWriter writer;
        writer.beginObject().key(QLatin1String("revision")).value(m_watch->revision());
        writer.key(QLatin1String("instances")).beginArray();
        for (const InstanceRecord &instance : m_directory->records(ns)) {
            if (instance.isAlive(now)) {
                instance.writeJson(writer);
            }
        }
        writer.endArray().endObject().newline();
        out(writer.take());
    } else if (m_watchOutput == QLatin1String("summary")) {
        JsonWriter writer;
        writer.beginObject()
            .key(QLatin1String("events"))
            .value(m_events)
            .key(QLatin1String("revision"))
            .value(m_watch->revision())
            .key(QLatin1String("instances"))
            .value(qint64(m_directory->size(ns)))
            .key(QLatin1String("reconnects"))
            .value(m_watch->reconnects())
            .key(QLatin1String("resyncs"))
            .value(m_watch->resyncs())
            .endObject()
            .newline();
        out(writer.take());
    }
    finish(Ok);
}

void Cli::sendHeartbeat()
{
    // One renewal at a time: a slow server does not pile them up.
    if (m_beat && !m_beatReply) {
        m_beat();
    }
}

void Cli::runHealth(const QCommandLineParser &parser)
{
    bool table = false;
    if (!readOutput(parser, &table)) {
        return;
    }
    QList<HealthReply *> replies;
    for (int i = 0; i < m_options.servers.size(); ++i) {
        replies.append(m_client->health(i));
        m_replies.append(replies.last());
    }
    auto remaining = std::make_shared<int>(int(replies.size()));
    for (HealthReply *reply : std::as_const(replies)) {
        connect(reply, &StellMapReply::finished, this, [this, replies, remaining, table] {
            if (--*remaining > 0 || m_finished) {
                return;
            }
            bool healthy = true;
            QList<quint64> leaders;
            QString leaderAddr;
            JsonWriter writer;
            QString text =
                QStringLiteral("%1 %2 %3 %4\n")
                    .arg(QStringLiteral("SERVER").leftJustified(32),
                         QStringLiteral("NODE").leftJustified(5),
                         QStringLiteral("STATUS").leftJustified(12), QStringLiteral("LEADER"));
            writer.beginObject().key(QLatin1String("nodes")).beginArray();
            for (HealthReply *r : replies) {
                const QString server = r->server().toDisplayString(QUrl::RemoveUserInfo);
                writer.beginObject().member(QLatin1String("server"), server);
                if (r->error() == ClientError::NoError) {
                    const HealthStatus &health = r->health();
                    writer.member(QLatin1String("code"), r->code()).key(QLatin1String("health"));
                    health.writeJson(writer);
                    writer.endObject();
                    leaders.append(health.leaderId);
                    if (health.leaderId != 0 && leaderAddr.isEmpty()) {
                        leaderAddr = health.leaderAddr;
                    }
                    text += QStringLiteral("%1 %2 %3 %4\n")
                                .arg(server.leftJustified(32),
                                     QString::number(health.localNodeId).leftJustified(5),
                                     health.status.leftJustified(12),
                                     health.leaderId == 0 ? QStringLiteral("none")
                                                          : QStringLiteral("%1 (%2)")
                                                                .arg(health.leaderId)
                                                                .arg(health.leaderAddr));
                } else {
                    healthy = false;
                    writer.member(QLatin1String("code"), r->code())
                        .member(QLatin1String("error"), r->errorString())
                        .endObject();
                    err(r->code(), r->errorString());
                    text += QStringLiteral("%1 %2 %3 %4\n")
                                .arg(server.leftJustified(32), QStringLiteral("-").leftJustified(5),
                                     r->code().leftJustified(12), r->errorString());
                }
            }
            writer.endArray();
            const quint64 leader = leaders.isEmpty() ? 0 : leaders.first();
            const bool agreed = std::all_of(leaders.begin(), leaders.end(),
                                            [&](quint64 id) { return id == leader; });
            writer.key(QLatin1String("leaderId")).value(agreed ? leader : quint64(0));
            writer.optionalMember(QLatin1String("leaderAddr"), agreed ? leaderAddr : QString());
            writer.endObject().newline();
            if (!leaders.isEmpty() && !agreed) {
                healthy = false;
                err(QStringLiteral("unavailable"),
                    QStringLiteral("the nodes disagree on who leads"));
            } else if (!leaders.isEmpty() && leader == 0) {
                healthy = false;
                err(QStringLiteral("no_leader"), QStringLiteral("the cluster has no leader"));
            }
            out(table ? text.toUtf8() : writer.take());
            finish(healthy ? Ok : Unavailable);
        });
    }
}

void Cli::await(StellMapReply *reply, const std::function<void()> &onSuccess)
{
    m_replies.append(reply);
    connect(reply, &StellMapReply::finished, this, [this, reply, onSuccess] {
        if (m_finished) {
            return;
        }
        if (reply->error() == ClientError::NoError) {
            onSuccess();
            return;
        }
        err(reply->code(), reply->errorString());
        finish(exitCodeFor(reply));
    });
}

void Cli::interrupt()
{
    m_interrupted = true;
    if (m_watch) {
        endWatch(); // the watch's normal end
        return;
    }
    // Finish first: the aborted replies below then report nothing more.
    if (m_everyTimer.isActive() || m_beat) {
        // The keep-alive loop's normal end.
        m_everyTimer.stop();
        finish(Ok);
        if (m_beatReply) {
            m_beatReply->abort();
        }
        return;
    }
    if (!m_finished) {
        err(QStringLiteral("interrupted"), QStringLiteral("stopped by the user"));
    }
    finish(Interrupted);
    const auto replies = m_replies;
    for (const QPointer<StellMapReply> &reply : replies) {
        if (reply && !reply->isFinished()) {
            reply->abort();
        }
    }
}

int Cli::exitCodeFor(const StellMapReply *reply)
{
    switch (reply->error()) {
    case ClientError::NoError:
        return Ok;
    case ClientError::Validation:
        return Usage;
    case ClientError::Rejected:
        return Rejected;
    case ClientError::Unavailable:
    case ClientError::NotLeader:
        return Unavailable;
    case ClientError::Aborted:
        return Interrupted;
    }
    return Unavailable;
}

void Cli::out(const QByteArray &text)
{
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    std::fflush(stdout);
}

void Cli::err(const QString &code, const QString &message)
{
    std::fprintf(stderr, "%s: %s: %s\n", qPrintable(Program), qPrintable(code),
                 qPrintable(message));
    std::fflush(stderr);
}

void Cli::usageError(const QString &message, const QString &command)
{
    err(QStringLiteral("usage"), message);
    std::fprintf(stderr, "Try '%s %s--help'.\n", qPrintable(Program),
                 command.isEmpty() ? "" : qPrintable(command + QLatin1Char(' ')));
    finish(Usage);
}

void Cli::finish(int exitCode)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    QMetaObject::invokeMethod(
        this, [this, exitCode] { Q_EMIT finished(exitCode); }, Qt::QueuedConnection);
}
