#include "workspace.h"

#include "healthreply.h"
#include "stellmapclient.h"

#include <QNetworkAccessManager>

using namespace stellmap;

Workspace::Workspace(const ClientOptions &options, const QStringList &namespaces, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_namespaces(namespaces)
    , m_requests(new QNetworkAccessManager(this))
    , m_streams(new QNetworkAccessManager(this))
    , m_client(new StellMapClient(options, m_requests, this))
    , m_directory(new Directory(this))
{
    for (const QString &ns : namespaces) {
        QueryFilter filter;
        filter.namespaceName = ns;
        // Six streams share one manager at most (Qt's per-server connection limit).
        QNetworkAccessManager *network =
            m_sessions.size() < 6 ? m_streams : new QNetworkAccessManager(this);
        auto *session = new WatchSession(options, filter, network, this);
        m_sessions.insert(ns, session);
        connect(session, &WatchSession::snapshotReceived, this,
                [this, ns, session](quint64 revision, const QList<InstanceRecord> &instances) {
                    m_directory->setServerClockOffsetMs(session->serverClockOffsetMs());
                    m_directory->applySnapshot(ns, revision, instances);
                });
        connect(session, &WatchSession::eventsReceived, m_directory, &Directory::applyEvents);
        connect(session, &WatchSession::stateChanged, this, [this, ns](WatchSession::State state) {
            m_directory->setLive(ns, state == WatchSession::State::Live);
            Q_EMIT sessionStateChanged(ns, state);
        });
        connect(session, &WatchSession::errorOccurred, this,
                [this, ns](const QString &code, const QString &message, bool fatal) {
                    Q_EMIT sessionError(ns, code, message, fatal);
                });
    }
    m_leaderPoll.setInterval(5000);
    connect(&m_leaderPoll, &QTimer::timeout, this, &Workspace::pollLeader);
}

Workspace::~Workspace() = default;

WatchSession *Workspace::session(const QString &namespaceName) const
{
    return m_sessions.value(namespaceName);
}

void Workspace::start()
{
    for (WatchSession *session : std::as_const(m_sessions)) {
        session->start();
    }
    m_leaderPoll.start();
    pollLeader();
}

void Workspace::reconnect()
{
    for (WatchSession *session : std::as_const(m_sessions)) {
        const quint64 revision = session->revision();
        session->stop();
        session->start(revision);
    }
    pollLeader();
}

void Workspace::pollLeader()
{
    if (m_polling || m_options.servers.isEmpty()) {
        return;
    }
    m_polling = true;
    // The first server that answers tells who leads.
    auto *reply = m_client->health(0);
    connect(reply, &StellMapReply::finished, this, [this, reply] {
        reply->deleteLater();
        m_polling = false;
        QString text;
        if (reply->error() != ClientError::NoError) {
            text = QStringLiteral("leader unknown (%1)").arg(reply->code());
        } else if (reply->health().leaderId == 0) {
            text = QStringLiteral("no leader");
        } else {
            text = QStringLiteral("leader %1 at %2")
                       .arg(reply->health().leaderId)
                       .arg(reply->health().leaderAddr);
        }
        if (text != m_leaderText) {
            m_leaderText = text;
            Q_EMIT leaderChanged(text);
        }
    });
}
