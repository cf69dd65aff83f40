#pragma once

#include "attemptresult.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <optional>

class QNetworkReply;

namespace stellmap {

class StellMapClient;
class StellMapReply;

/*!
 * Drives one StellMapClient call to its end: picks servers, sends, follows a
 * named leader once, fails over, backs off while the cluster has no leader,
 * and finishes the reply exactly once. Internal to the SDK; owned by the reply.
 */
class RequestJob : public QObject
{
    Q_OBJECT

public:
    enum class Kind
    {
        //! Query: any server, fail over on connection errors and 5xx.
        Read,
        //! Register, deregister: the leader; never resent after an answer was lost.
        Write,
        //! The leader; may be resent (renewing a lease twice is harmless).
        Heartbeat,
        //! One given server, no fail-over (health checks).
        SingleServer,
    };

    struct Request
    {
        Kind kind = Kind::Read;
        QByteArray method;
        QString path;
        QByteArray query;
        QByteArray body;
        //! The server of a SingleServer request.
        int serverIndex = -1;
    };

    RequestJob(StellMapClient *client, StellMapReply *reply, const Request &request);
    ~RequestJob() override;

    void start();
    //! Stops at once: the reply finishes now with ClientError::Aborted and \a why.
    void abort(const QString &why);

private:
    struct Target
    {
        QUrl base;
        //! Reached by following a not_leader answer (followed only once).
        bool followed = false;
    };

    void planRound();
    void next();
    void send(const Target &target);
    void onNetworkFinished();
    void onAttemptTimeout();
    //! A not_leader answer: follow the named leader once, else go on.
    void followLeader(const AttemptResult &result);
    void endRound();
    void succeed(const AttemptResult &result);
    void fail(const AttemptResult &result);
    void finishReply();
    void releaseNetworkReply();
    qint64 remainingMs() const;

    QPointer<StellMapClient> m_client;
    StellMapReply *m_reply;
    Request m_request;
    int m_timeoutMs = 0;
    QList<Target> m_queue;
    Target m_current;
    QPointer<QNetworkReply> m_network;
    QTimer m_attemptTimer;
    QTimer m_backoffTimer;
    QElapsedTimer m_elapsed;
    int m_attemptTimeoutMs = 0;
    bool m_requestSent = false;
    bool m_timedOut = false;
    bool m_tooLarge = false;
    QStringList m_sslErrors;
    int m_round = 0;
    //! A not_leader answer came this round: start another after a backoff.
    bool m_roundAwaitsLeader = false;
    //! What the latest not_leader answer said about the leader.
    enum class LeaderState
    {
        Unknown,
        Leaderless,
        Named
    } m_leaderState = LeaderState::Unknown;
    QString m_leaderNote;
    std::optional<AttemptResult> m_last;
    bool m_done = false;
};

} // namespace stellmap
