#pragma once

#include "clientoptions.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>

class QCommandLineParser;
class QNetworkAccessManager;

namespace stellmap {
class Directory;
class WatchSession;
struct QueryFilter;
class StellMapClient;
class StellMapReply;
class WriteReply;
struct InstanceKey;
} // namespace stellmap

/*!
 * stellmap-cli: the SDK from a terminal. Parses the command line, runs one
 * command and reports its end with finished(exitCode). Results go to stdout
 * as JSON (or a table), errors to stderr as `stellmap-cli: <code>: <message>`.
 */
class Cli : public QObject
{
    Q_OBJECT

public:
    enum ExitCode
    {
        Ok = 0,
        //! Bad usage or client-side validation: nothing was sent.
        Usage = 2,
        //! The server said no (4xx).
        Rejected = 3,
        //! Network, timeout, 5xx, no leader.
        Unavailable = 4,
        Interrupted = 130,
    };

    explicit Cli(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~Cli() override;

    //! Runs the command in \a arguments (argv[0] first); finished() follows.
    void start(const QStringList &arguments, const QProcessEnvironment &environment);
    //! Ctrl-C: a keep-alive loop ends normally, anything else is abandoned.
    void interrupt();

Q_SIGNALS:
    void finished(int exitCode);

private:
    struct Command
    {
        QString name;
        QString summary;
        QString description;
        std::function<void(QCommandLineParser &)> addOptions;
        std::function<void(const QCommandLineParser &)> run;
    };

    QList<Command> commands();
    QString generalHelp(const QList<Command> &commands) const;
    void addGlobalOptions(QCommandLineParser &parser) const;
    //! Builds the client from the global options; false after reporting a usage error.
    bool makeClient(const QCommandLineParser &global, const QCommandLineParser &parser);

    static stellmap::QueryFilter readFilter(const QCommandLineParser &parser);
    void runQuery(const QCommandLineParser &parser);
    void runRegister(const QCommandLineParser &parser);
    void runDeregister(const QCommandLineParser &parser);
    void runHeartbeat(const QCommandLineParser &parser);
    void runHealth(const QCommandLineParser &parser);
    void runWatch(const QCommandLineParser &parser);
    void countEvents(qint64 count);
    //! Stops the watch and prints what --output asks for at the end.
    void endWatch();
    void sendHeartbeat();

    //! Reads namespace, service (name or five parts) and instance id.
    bool readIdentity(const QCommandLineParser &parser, stellmap::InstanceKey *key);
    //! `key=value` items of \a option; false after reporting a validation error.
    bool readPairs(const QCommandLineParser &parser, const QString &option,
                   QMap<QString, QString> *pairs);
    bool readOutput(const QCommandLineParser &parser, bool *table);
    //! --ttl as whole seconds (left as is when absent); false after reporting a bad value.
    bool readTtl(const QCommandLineParser &parser, qint64 *seconds);
    //! Prints the server's confirmation and ends, or reports the failure.
    void awaitWrite(stellmap::WriteReply *reply);
    //! Waits for \a reply; on success calls \a onSuccess, else reports and ends.
    void await(stellmap::StellMapReply *reply, const std::function<void()> &onSuccess);

    void out(const QByteArray &text);
    void err(const QString &code, const QString &message);
    void usageError(const QString &message, const QString &command = QString());
    static int exitCodeFor(const stellmap::StellMapReply *reply);
    void finish(int exitCode);

    QNetworkAccessManager *m_network;
    QProcessEnvironment m_environment;
    stellmap::ClientOptions m_options;
    std::unique_ptr<stellmap::StellMapClient> m_client;
    QList<QPointer<stellmap::StellMapReply>> m_replies;
    bool m_interrupted = false;
    bool m_finished = false;

    // heartbeat --every
    QTimer m_everyTimer;
    std::function<void()> m_beat;
    QPointer<stellmap::StellMapReply> m_beatReply;

    // watch
    QNetworkAccessManager *m_streamNetwork = nullptr;
    stellmap::WatchSession *m_watch = nullptr;
    stellmap::Directory *m_directory = nullptr;
    QString m_watchOutput;
    qint64 m_events = 0;
    qint64 m_maxEvents = 0;
};
