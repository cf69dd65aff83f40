#pragma once

#include "clientoptions.h"
#include "directory.h"
#include "watchsession.h"

#include <QHash>
#include <QObject>
#include <QTimer>

class QNetworkAccessManager;

namespace stellmap {
class StellMapClient;
}

/*!
 * One connection profile at work: a client for requests, one WatchSession
 * per watched namespace (on a network manager of their own), and the
 * Directory they fill. Also asks the cluster who leads, every few seconds.
 */
class Workspace : public QObject
{
    Q_OBJECT

public:
    Workspace(const stellmap::ClientOptions &options, const QStringList &namespaces,
              QObject *parent = nullptr);
    ~Workspace() override;

    stellmap::Directory *directory() const { return m_directory; }
    stellmap::StellMapClient *client() const { return m_client; }
    const stellmap::ClientOptions &options() const { return m_options; }
    QStringList namespaces() const { return m_namespaces; }
    stellmap::WatchSession *session(const QString &namespaceName) const;
    //! "leader 1 at 127.0.0.1:8080", "no leader", or why it is unknown.
    QString leaderText() const { return m_leaderText; }

    void start();
    //! Drops every stream and connects again, resuming where each left off.
    void reconnect();

Q_SIGNALS:
    void sessionStateChanged(const QString &namespaceName, stellmap::WatchSession::State state);
    void sessionError(const QString &namespaceName, const QString &code, const QString &message,
                      bool fatal);
    void leaderChanged(const QString &text);

private:
    void pollLeader();

    stellmap::ClientOptions m_options;
    QStringList m_namespaces;
    QNetworkAccessManager *m_requests;
    QNetworkAccessManager *m_streams;
    stellmap::StellMapClient *m_client;
    stellmap::Directory *m_directory;
    QHash<QString, stellmap::WatchSession *> m_sessions;
    QTimer m_leaderPoll;
    QString m_leaderText;
    bool m_polling = false;
};
