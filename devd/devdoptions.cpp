#include "devdoptions.h"

#include <QCommandLineParser>

namespace stellmap {

bool DevdOptions::parse(const QStringList &rawArguments, QString *error, QString *helpText)
{
    // "--churn" may stand alone (rate 1): QCommandLineParser knows no optional values.
    QStringList arguments;
    for (qsizetype i = 0; i < rawArguments.size(); ++i) {
        const QString &argument = rawArguments.at(i);
        if (argument == QLatin1String("--churn")) {
            bool isNumber = false;
            if (i + 1 < rawArguments.size()) {
                rawArguments.at(i + 1).toDouble(&isNumber);
            }
            if (!isNumber) {
                arguments.append(QStringLiteral("--churn=1"));
                continue;
            }
        }
        arguments.append(argument);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A local StellMap registry that answers exactly like stellmapd: every public route, status "
        "code and message text, Raft-like revisions, lease expiry and the watch stream.\n\n"
        "Examples:\n"
        "  stellmap-devd --demo --churn 2\n"
        "  stellmap-devd --listen 127.0.0.1:9000 --nodes 3 --state /tmp/devd.json\n"
        "  stellmap-devd --listen 127.0.0.1:0 --history 8 --keepalive 1"));
    parser.addHelpOption();
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        QStringLiteral("Public API address of node 1; node i listens on PORT+i-1. Port 0 picks "
                       "free ports. Default 127.0.0.1:8080."),
        QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:8080"));
    const QCommandLineOption nodes(
        QStringLiteral("nodes"),
        QStringLiteral(
            "Number of nodes (default 1). Node 1 leads; followers answer writes with 503 "
            "not_leader and serve reads and watches."),
        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption state(
        QStringLiteral("state"),
        QStringLiteral("Keep the registry in FILE (JSON lines): every acknowledged write survives "
                       "a crash. A damaged file is refused and left untouched."),
        QStringLiteral("FILE"));
    const QCommandLineOption history(
        QStringLiteral("history"), QStringLiteral("Watch events kept for resuming (default 2048)."),
        QStringLiteral("N"), QStringLiteral("2048"));
    const QCommandLineOption keepalive(QStringLiteral("keepalive"),
                                       QStringLiteral("Seconds between watch keepalive comments "
                                                      "(default 30)."),
                                       QStringLiteral("SECONDS"), QStringLiteral("30"));
    const QCommandLineOption cleanup(QStringLiteral("cleanup-interval"),
                                     QStringLiteral("Seconds between lease cleanup rounds, each "
                                                    "deleting up to 128 expired instances "
                                                    "(default 1)."),
                                     QStringLiteral("SECONDS"), QStringLiteral("1"));
    const QCommandLineOption demoOption(QStringLiteral("demo"),
                                        QStringLiteral("Start with a realistic demo registry whose "
                                                       "agents keep their instances alive."));
    const QCommandLineOption churn(QStringLiteral("churn"),
                                   QStringLiteral("With --demo: RATE changes per second (instances "
                                                  "come and go, labels change, leases lapse). "
                                                  "Alone: 1."),
                                   QStringLiteral("RATE"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
                                        QStringLiteral("Seed of the demo data (default 1)."),
                                        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption sdToken(QStringLiteral("sd-token"),
                                     QStringLiteral("Bearer token for /internal/v1/prometheus/sd "
                                                    "(without it every SD request gets 401)."),
                                     QStringLiteral("TOKEN"));
    const QCommandLineOption adminListen(
        QStringLiteral("admin-listen"),
        QStringLiteral(
            "Serve the admin API (status, leader transfer) of node 1 on HOST:PORT; node i "
            "on PORT+i-1. Needs --admin-token. Off by default."),
        QStringLiteral("HOST:PORT"));
    const QCommandLineOption adminTokenOption(QStringLiteral("admin-token"),
                                              QStringLiteral("Bearer token of the admin API."),
                                              QStringLiteral("TOKEN"));
    const QCommandLineOption electionGap(
        QStringLiteral("election-gap"),
        QStringLiteral(
            "Seconds the cluster has no leader during a leadership transfer (default 0): "
            "writes then get 503 not_leader without a leader address."),
        QStringLiteral("SECONDS"), QStringLiteral("0"));
    const QCommandLineOption leader(
        QStringLiteral("leader"),
        QStringLiteral("Node that leads at start (default 1). 0 starts without a leader: every "
                       "write gets 503 not_leader without a leader address until an admin "
                       "leadership transfer elects one."),
        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption electAfter(
        QStringLiteral("elect-after"),
        QStringLiteral("With --leader 0: elect node 1 after SECONDS (default: stay leaderless)."),
        QStringLiteral("SECONDS"));
    parser.addOptions({listen, nodes, state, history, keepalive, cleanup, demoOption, churn,
                       seedOption, sdToken, adminListen, adminTokenOption, electionGap, leader,
                       electAfter});
    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        *helpText = parser.helpText();
        return true;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error =
            QStringLiteral("unexpected argument: %1").arg(parser.positionalArguments().first());
        return false;
    }

    // HOST:PORT with a numeric address ("[::1]:80" for IPv6).
    const auto parseAddress = [&](const QCommandLineOption &option, QHostAddress *address,
                                  QString *text, quint16 *portOut) {
        const QString value = parser.value(option);
        const qsizetype colon = value.lastIndexOf(QLatin1Char(':'));
        bool portOk = false;
        const uint portValue = colon < 0 ? 0 : value.mid(colon + 1).toUInt(&portOk);
        *text = colon < 0 ? QString() : value.left(colon);
        QString bareHost = *text;
        if (bareHost.startsWith(QLatin1Char('[')) && bareHost.endsWith(QLatin1Char(']'))) {
            bareHost = bareHost.mid(1, bareHost.size() - 2);
        }
        if (colon < 0 || !portOk || portValue > 65535 || !address->setAddress(bareHost)) {
            *error =
                QStringLiteral("--%1: expected HOST:PORT with a numeric IP address, got \"%2\"")
                    .arg(option.names().first(), value);
            return false;
        }
        *portOut = quint16(portValue);
        return true;
    };
    if (!parseAddress(listen, &host, &hostText, &port)) {
        return false;
    }
    admin = parser.isSet(adminListen);
    if (admin) {
        if (!parseAddress(adminListen, &adminHost, &adminHostText, &adminPort)) {
            return false;
        }
        adminToken = parser.value(adminTokenOption);
        if (adminToken.trimmed().isEmpty()) {
            *error = QStringLiteral("--admin-listen needs --admin-token: the admin API refuses "
                                    "every request without one");
            return false;
        }
    }
    bool gapOk = false;
    electionGapSeconds = parser.value(electionGap).toDouble(&gapOk);
    if (!gapOk || electionGapSeconds < 0 || electionGapSeconds > 3600) {
        *error = QStringLiteral("--election-gap: expected seconds from 0 to 3600, got \"%1\"")
                     .arg(parser.value(electionGap));
        return false;
    }

    const auto positiveInt = [&](const QCommandLineOption &option, int max, int *out) {
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        if (!ok || value < 1 || value > max) {
            *error = QStringLiteral("--%1: expected a whole number from 1 to %2, got \"%3\"")
                         .arg(option.names().first())
                         .arg(max)
                         .arg(parser.value(option));
            return false;
        }
        *out = value;
        return true;
    };
    const auto positiveSeconds = [&](const QCommandLineOption &option, double *out) {
        bool ok = false;
        const double value = parser.value(option).toDouble(&ok);
        if (!ok || !(value > 0) || value > 86400) {
            *error = QStringLiteral("--%1: expected seconds greater than 0, got \"%2\"")
                         .arg(option.names().first(), parser.value(option));
            return false;
        }
        *out = value;
        return true;
    };
    if (!positiveInt(nodes, 9, &this->nodes) || !positiveInt(history, 10'000'000, &this->history) ||
        !positiveSeconds(keepalive, &keepaliveSeconds) ||
        !positiveSeconds(cleanup, &cleanupIntervalSeconds)) {
        return false;
    }
    bool leaderOk = false;
    initialLeader = parser.value(leader).toInt(&leaderOk);
    if (!leaderOk || initialLeader < 0 || initialLeader > this->nodes) {
        *error = QStringLiteral("--leader: expected a node from 0 (no leader) to %1, got \"%2\"")
                     .arg(this->nodes)
                     .arg(parser.value(leader));
        return false;
    }
    if (parser.isSet(electAfter)) {
        bool ok = false;
        electAfterSeconds = parser.value(electAfter).toDouble(&ok);
        if (!ok || !(electAfterSeconds > 0) || electAfterSeconds > 3600 || initialLeader != 0) {
            *error = QStringLiteral("--elect-after: expected seconds from 0 to 3600 with "
                                    "--leader 0, got \"%1\"")
                         .arg(parser.value(electAfter));
            return false;
        }
    }
    if (port != 0 && int(port) + this->nodes - 1 > 65535) {
        *error = QStringLiteral("--listen: ports %1..%2 do not exist")
                     .arg(port)
                     .arg(int(port) + this->nodes - 1);
        return false;
    }
    stateFile = parser.value(state);
    demo = parser.isSet(demoOption);
    if (parser.isSet(churn)) {
        bool ok = false;
        churnRate = parser.value(churn).toDouble(&ok);
        if (!ok || churnRate < 0 || churnRate > 10000) {
            *error = QStringLiteral("--churn: expected changes per second (0 to 10000), got \"%1\"")
                         .arg(parser.value(churn));
            return false;
        }
        if (!demo) {
            *error = QStringLiteral("--churn needs --demo: only the demo agents make churn");
            return false;
        }
    }
    bool seedOk = false;
    seed = parser.value(seedOption).toUInt(&seedOk);
    if (!seedOk) {
        *error = QStringLiteral("--seed: expected a whole number, got \"%1\"")
                     .arg(parser.value(seedOption));
        return false;
    }
    serviceDiscoveryToken = parser.value(sdToken);
    return true;
}

} // namespace stellmap
