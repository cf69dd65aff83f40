// stellmap-browser: the live registry browser.
#include "auditlog.h"
#include "browser.h"
#include "demoregistry.h"
#include "hugepageheap.h"
#include "keychaintokenstore.h"
#include "unixsignalnotifier.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QSettings>

#include <cstdio>

int main(int argc, char *argv[])
{
    // A large registry's directory and tree are fresh memory: cheaper in huge pages.
    HugePageHeap::enable();
    // Without a display Qt would abort; say what to do instead.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        std::fputs("stellmap-browser: no display found (DISPLAY and WAYLAND_DISPLAY are unset).\n"
                   "Run it on a desktop, or in a virtual display:\n"
                   "  xvfb-run -a -s '-screen 0 1600x1000x24' stellmap-browser --demo\n"
                   "or render off screen: QT_QPA_PLATFORM=offscreen stellmap-browser --demo\n",
                   stderr);
        return 2;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("stellmap-browser"));
    QApplication::setOrganizationName(QStringLiteral("StellMap"));
    // No application display name: Qt would append it to every window title,
    // and the main window's title already reads "StellMap Browser — <profile>".

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Browse a StellMap registry live.\n\nExamples:\n"
        "  stellmap-browser --demo\n"
        "  stellmap-browser -s http://10.0.0.1:8080 -s http://10.0.0.2:8080 -n prod -n staging"));
    parser.addHelpOption();
    const QCommandLineOption server({QStringLiteral("s"), QStringLiteral("server")},
                                    QStringLiteral("Server URL (repeatable)."),
                                    QStringLiteral("URL"));
    const QCommandLineOption ns({QStringLiteral("n"), QStringLiteral("namespace")},
                                QStringLiteral("Namespace to watch (repeatable; there is no API "
                                               "that lists namespaces)."),
                                QStringLiteral("NS"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Start a local demo registry (stellmap-devd "
                                                 "--demo --churn) and browse it."));
    const QCommandLineOption caFile(QStringLiteral("ca-file"),
                                    QStringLiteral("Extra CA certificates (PEM) for https."),
                                    QStringLiteral("FILE"));
    parser.addOptions({server, ns, demo, caFile});
    parser.process(app);

    QSettings settings;
    KeychainTokenStore tokens;
    stellmap::AuditLog audit; // the user's data directory: audit.jsonl
    Browser browser(&settings, &tokens, &audit);
    QObject::connect(&browser, &Browser::nothingOpen, &app, &QApplication::quit,
                     Qt::QueuedConnection);
    DemoRegistry registry;
    if (parser.isSet(demo)) {
        if (!registry.start()) {
            QMessageBox::critical(nullptr, QStringLiteral("StellMap Browser"),
                                  registry.errorString());
            return 1;
        }
        Profile profile;
        profile.name = QStringLiteral("demo");
        profile.demo = true;
        profile.servers = {registry.url().toString()};
        profile.namespaces = parser.isSet(ns) ? parser.values(ns) : DemoRegistry::namespaces();
        browser.setExtraProfile(profile);
        browser.open(profile);
    } else if (parser.isSet(server) || parser.isSet(ns)) {
        // A profile from the command line: used now, saved only if the user saves it.
        Profile profile;
        profile.name = QStringLiteral("command line");
        profile.demo = true;
        profile.servers = parser.isSet(server)
                              ? parser.values(server)
                              : QStringList{qEnvironmentVariable(
                                    "STELLMAP_SERVER", QStringLiteral("http://127.0.0.1:8080"))};
        profile.namespaces = parser.values(ns);
        profile.caFile = parser.value(caFile);
        profile.token = qEnvironmentVariable("STELLMAP_TOKEN");
        if (const stellmap::ValidationError error = profile.validate()) {
            std::fprintf(stderr, "stellmap-browser: %s\n", qPrintable(error.toString()));
            return 2;
        }
        browser.setExtraProfile(profile);
        browser.open(profile);
    } else if (!browser.askForProfile()) {
        return 0;
    }

    UnixSignalNotifier signalNotifier;
    QObject::connect(&signalNotifier, &UnixSignalNotifier::signalReceived, &app,
                     &QApplication::closeAllWindows);
    return app.exec();
}
