// stellmap-devd: a local, contract-faithful StellMap registry.
#include "devdoptions.h"
#include "devdserver.h"
#include "unixsignalnotifier.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("stellmap-devd"));

    stellmap::DevdOptions options;
    QString error;
    QString help;
    if (!options.parse(QCoreApplication::arguments(), &error, &help)) {
        std::fprintf(stderr, "stellmap-devd: %s\nTry 'stellmap-devd --help'.\n", qPrintable(error));
        return 2;
    }
    if (!help.isEmpty()) {
        std::fputs(qPrintable(help), stdout);
        return 0;
    }

    // Quit cleanly on SIGINT/SIGTERM so the state file is closed in order.
    UnixSignalNotifier signalNotifier;
    QObject::connect(&signalNotifier, &UnixSignalNotifier::signalReceived, &app,
                     &QCoreApplication::quit);

    stellmap::DevdServer server(options);
    if (!server.start(&error)) {
        std::fprintf(stderr, "stellmap-devd: %s\n", qPrintable(error));
        return 1;
    }
    if (!options.host.isLoopback()) {
        std::fprintf(stderr,
                     "stellmap-devd: warning: listening on %s, reachable from other machines; "
                     "stellmap-devd has no authentication for writes\n",
                     qPrintable(options.hostText));
    }
    for (const auto &node : server.cluster().nodes) {
        std::printf("stellmap-devd node %llu%s listening on http://%s\n",
                    static_cast<unsigned long long>(node.id),
                    node.id == server.cluster().leaderId ? " (leader)" : "",
                    qPrintable(node.httpAddr));
        if (!node.adminAddr.isEmpty()) {
            std::printf("stellmap-devd node %llu admin on http://%s\n",
                        static_cast<unsigned long long>(node.id), qPrintable(node.adminAddr));
        }
    }
    std::fflush(stdout);
    return app.exec();
}
