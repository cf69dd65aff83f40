#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace stellmap {

//! The command line of stellmap-devd.
struct DevdOptions
{
    QHostAddress host = QHostAddress::LocalHost;
    //! Host as written on the command line (reported in leaderAddr and health).
    QString hostText = QStringLiteral("127.0.0.1");
    //! Port of node 1; node i listens on port + i - 1. 0 picks free ports.
    quint16 port = 8080;
    int nodes = 1;
    QString stateFile;
    int history = 2048;
    double keepaliveSeconds = 30;
    double cleanupIntervalSeconds = 1;
    bool demo = false;
    //! Demo churn actions per second; 0 leaves the demo registry steady.
    double churnRate = 0;
    quint32 seed = 1;
    QString serviceDiscoveryToken;
    //! Admin listener of node 1 (node i on adminPort + i - 1); off when unset.
    bool admin = false;
    QHostAddress adminHost = QHostAddress::LocalHost;
    QString adminHostText;
    quint16 adminPort = 0;
    QString adminToken;
    //! Seconds without a leader during a leadership transfer.
    double electionGapSeconds = 0;
    //! Node that leads at start; 0 starts leaderless until a leadership transfer.
    int initialLeader = 1;
    //! With initialLeader 0: seconds until node 1 is elected; 0 stays leaderless.
    double electAfterSeconds = 0;

    /*!
     * Parses \a arguments (argv[0] first). On failure returns false with a
     * message naming the option; \a helpRequested is set for --help.
     */
    bool parse(const QStringList &arguments, QString *error, QString *helpText);
};

} // namespace stellmap
