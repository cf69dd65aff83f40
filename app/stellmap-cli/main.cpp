// stellmap-cli: the StellMap registry from a terminal, for scripts and automation.
#include "cli.h"
#include "hugepageheap.h"
#include "unixsignalnotifier.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>

int main(int argc, char *argv[])
{
    // A watch builds a large directory: fresh memory in huge pages is far cheaper.
    HugePageHeap::enable();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("stellmap-cli"));

    QNetworkAccessManager network;
    Cli cli(&network);
    UnixSignalNotifier signalNotifier;
    QObject::connect(&signalNotifier, &UnixSignalNotifier::signalReceived, &cli, &Cli::interrupt);
    QObject::connect(&cli, &Cli::finished, &app, &QCoreApplication::exit);
    cli.start(QCoreApplication::arguments(), QProcessEnvironment::systemEnvironment());
    return app.exec();
}
