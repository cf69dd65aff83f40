#include "requestjob.h"

#include "httpdate.h"
#include "stellmapclient.h"
#include "stellmapreply.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslError>

namespace stellmap {

namespace {

// Leaderless backoff: 100 ms doubling to 1 s, ±20 % jitter, within the call's deadline.
constexpr int FirstBackoffMs = 100;
constexpr int MaxBackoffMs = 1000;
// A read gives each server at least this long before failing over.
constexpr int MinAttemptMs = 1000;

AttemptResult networkGone()
{
    return AttemptResult::failure(ClientError::Unavailable, QStringLiteral("unavailable"),
                                  QStringLiteral("the network access manager is gone"));
}

QString shown(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
}

bool sameServer(const QUrl &a, const QUrl &b)
{
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           a.port(-1) == b.port(-1) && a.path() == b.path();
}

//! "host:port" or "[v6]:port" onto \a base: same scheme and path, never a downgrade.
std::optional<QUrl> leaderUrl(const QUrl &base, const QString &leaderAddr)
{
    const qsizetype colon = leaderAddr.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0) {
        return std::nullopt;
    }
    QString host = leaderAddr.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']'))) {
        host = host.mid(1, host.size() - 2);
    }
    bool ok = false;
    const uint port = leaderAddr.mid(colon + 1).toUInt(&ok);
    if (!ok || port == 0 || port > 65535 || host.isEmpty()) {
        return std::nullopt;
    }
    QUrl url = base;
    url.setHost(host);
    url.setPort(int(port));
    if (!url.isValid()) {
        return std::nullopt;
    }
    return url;
}

} // namespace

RequestJob::RequestJob(StellMapClient *client, StellMapReply *reply, const Request &request)
    : QObject(reply)
    , m_client(client)
    , m_reply(reply)
    , m_request(request)
    , m_timeoutMs(client->m_options.timeoutMs)
{
    m_attemptTimer.setSingleShot(true);
    m_backoffTimer.setSingleShot(true);
    connect(&m_attemptTimer, &QTimer::timeout, this, &RequestJob::onAttemptTimeout);
    connect(&m_backoffTimer, &QTimer::timeout, this, [this] {
        if (remainingMs() <= 0) {
            fail(*m_last);
            return;
        }
        ++m_round;
        planRound();
        next();
    });
}

RequestJob::~RequestJob()
{
    // Destroying a pending reply aborts its request without a finished() signal.
    releaseNetworkReply();
}

void RequestJob::start()
{
    // start() is queued: the call may have been aborted, or the client destroyed, meanwhile.
    if (m_done) {
        return;
    }
    if (!m_client) {
        abort(QStringLiteral("the client was destroyed"));
        return;
    }
    m_elapsed.start();
    planRound();
    next();
}

void RequestJob::abort(const QString &why)
{
    if (m_done) {
        return;
    }
    releaseNetworkReply();
    m_done = true;
    m_attemptTimer.stop();
    m_backoffTimer.stop();
    m_reply->m_error = ClientError::Aborted;
    m_reply->m_code = QStringLiteral("aborted");
    m_reply->m_errorString = why;
    m_reply->m_finished = true;
    m_reply->m_emitted = true;
    m_reply->m_job = nullptr;
    deleteLater();
    Q_EMIT m_reply->finished();
}

qint64 RequestJob::remainingMs() const
{
    return m_timeoutMs - m_elapsed.elapsed();
}

void RequestJob::planRound()
{
    const QList<QUrl> &servers = m_client->m_options.servers;
    m_queue.clear();
    m_roundAwaitsLeader = false;
    if (m_request.kind == Kind::SingleServer) {
        m_queue.append({servers.at(m_request.serverIndex), false});
        return;
    }
    const int first = m_request.kind == Kind::Read ? m_client->m_preferredRead : 0;
    for (int i = 0; i < servers.size(); ++i) {
        m_queue.append({servers.at((first + i) % servers.size()), false});
    }
    // Writes start at the node that accepted the last one, when it is still trusted.
    const QUrl leader = m_client->m_leader;
    if (m_request.kind != Kind::Read && leader.isValid()) {
        m_queue.removeIf([&](const Target &target) { return sameServer(target.base, leader); });
        m_queue.prepend({leader, false});
    }
}

void RequestJob::next()
{
    if (m_queue.isEmpty() || remainingMs() <= 0) {
        endRound();
        return;
    }
    send(m_queue.takeFirst());
}

void RequestJob::send(const Target &target)
{
    m_current = target;
    m_requestSent = false;
    m_timedOut = false;
    m_tooLarge = false;
    m_sslErrors.clear();
    ++m_reply->m_attempts;
    m_reply->m_server = target.base;

    const ClientOptions &options = m_client->m_options;
    QNetworkRequest request =
        options.request(target.base, m_request.path, m_request.query, m_client->m_sslConfiguration);
    request.setRawHeader("Accept", "application/json");

    // Reads share the time left among the servers still to try; writes give
    // the leader all of it (a write cut off after sending is not resent).
    const qint64 remaining = qMax<qint64>(1, remainingMs());
    qint64 attempt = remaining;
    if (m_request.kind == Kind::Read || m_request.kind == Kind::Heartbeat) {
        attempt = qMin(remaining, qMax<qint64>(MinAttemptMs, remaining / (m_queue.size() + 1)));
    }
    m_attemptTimeoutMs = int(attempt);

    QNetworkAccessManager *network = m_client->m_network;
    if (!network) {
        fail(networkGone());
        return;
    }
    if (m_request.method == "POST") {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        m_network = network->post(request, m_request.body);
    } else {
        m_network = network->get(request);
    }
    QNetworkReply *reply = m_network;
    connect(reply, &QNetworkReply::requestSent, this, [this] { m_requestSent = true; });
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &error : errors) {
            m_sslErrors.append(error.errorString());
        }
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64) {
        if (received > m_client->m_options.maxResponseBytes && m_network) {
            m_tooLarge = true;
            m_network->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, &RequestJob::onNetworkFinished);
    m_attemptTimer.start(m_attemptTimeoutMs);
}

void RequestJob::releaseNetworkReply()
{
    if (m_network) {
        QNetworkReply *reply = m_network;
        m_network = nullptr;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
}

void RequestJob::onAttemptTimeout()
{
    if (!m_network) {
        // The network access manager took the reply with it.
        fail(networkGone());
        return;
    }
    m_timedOut = true;
    m_network->abort(); // finished() follows synchronously
}

void RequestJob::onNetworkFinished()
{
    m_attemptTimer.stop();
    QNetworkReply *reply = m_network;
    if (!reply) {
        return;
    }
    m_network = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->deleteLater();

    AttemptResult::Input input;
    input.networkError = reply->error();
    input.networkErrorString = reply->errorString();
    input.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    input.reasonPhrase = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    input.body = reply->isOpen() && !m_tooLarge ? reply->readAll() : QByteArray();
    input.location = reply->rawHeader("Location");
    input.serverDate = HttpDate::parse(reply->rawHeader("Date"));
    input.requestSent = m_requestSent;
    input.timedOut = m_timedOut;
    input.timeoutMs = m_attemptTimeoutMs;
    input.tooLarge = m_tooLarge;
    input.maxResponseBytes = m_client->m_options.maxResponseBytes;
    input.sslErrors = m_sslErrors;
    input.server = shown(m_current.base);
    const AttemptResult result = AttemptResult::classify(input);

    m_reply->m_httpStatus = result.httpStatus;
    if (result.serverDate.isValid()) {
        m_reply->m_serverDate = result.serverDate;
    }
    if (result.httpStatus != 0) {
        m_client->noteAnswer(m_request.kind == Kind::Read, m_current.base, result.serverDate,
                             false);
    }

    using Outcome = AttemptResult::Outcome;
    const bool mayRetry = m_request.kind != Kind::Write;
    switch (result.outcome) {
    case Outcome::Ok:
        succeed(result);
        return;
    case Outcome::Aborted:
        fail(result);
        return;
    case Outcome::NotLeader:
        if (m_request.kind == Kind::Read || m_request.kind == Kind::SingleServer) {
            fail(result);
            return;
        }
        followLeader(result);
        return;
    case Outcome::NotSent:
        m_last = result;
        next();
        return;
    case Outcome::AnswerLost:
        m_last = result;
        if (!mayRetry) {
            AttemptResult lost = result;
            lost.message += QStringLiteral("; the write may have been applied and was not resent");
            m_reply->m_maybeApplied = true;
            fail(lost);
            return;
        }
        next();
        return;
    case Outcome::Answered:
        if (result.error == ClientError::Rejected || !result.serverFault) {
            fail(result);
            return;
        }
        // A node that is not ready has applied nothing: any call may go on.
        if (mayRetry || result.code == QLatin1String("not_ready")) {
            m_last = result;
            next();
            return;
        }
        {
            AttemptResult failed = result;
            failed.message += QStringLiteral("; the write may have been applied");
            m_reply->m_maybeApplied = true;
            fail(failed);
        }
        return;
    }
}

void RequestJob::followLeader(const AttemptResult &result)
{
    m_last = result;
    const QString leaderAddr = result.envelope ? result.envelope->leaderAddr : QString();
    m_leaderState = leaderAddr.isEmpty() ? LeaderState::Leaderless : LeaderState::Named;
    if (leaderAddr.isEmpty()) {
        m_roundAwaitsLeader = true; // an election: worth another round
        next();
        return;
    }
    const std::optional<QUrl> leader = leaderUrl(m_current.base, leaderAddr);
    if (m_current.followed || !leader || sameServer(*leader, m_current.base)) {
        next();
        return;
    }
    if (!m_client->m_options.token.isEmpty() && !m_client->m_options.isTrustedHost(*leader)) {
        // Waiting will not change where the leader is: no further rounds for it.
        m_leaderNote = QStringLiteral("; the named leader %1 is not on a configured host, so it "
                                      "was not contacted with the token: add it as a server")
                           .arg(leaderAddr);
        next();
        return;
    }
    m_roundAwaitsLeader = true; // leadership may be moving
    m_queue.removeIf([&](const Target &target) { return sameServer(target.base, *leader); });
    if (remainingMs() <= 0) {
        endRound();
        return;
    }
    send({*leader, true});
}

void RequestJob::endRound()
{
    if (!m_last) {
        m_last = AttemptResult::failure(ClientError::Unavailable, QStringLiteral("timeout"),
                                        QStringLiteral("no server could be tried within the "
                                                       "deadline"));
    }
    const qint64 remaining = remainingMs();
    if (m_roundAwaitsLeader && remaining > 0) {
        // An election is under way or leadership moves: wait a little and start over.
        const int base = qMin(MaxBackoffMs, FirstBackoffMs << qMin(m_round, 4));
        const double jitter = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
        m_backoffTimer.start(int(qMin<qint64>(remaining, qint64(base * jitter))));
        return;
    }
    fail(*m_last);
}

void RequestJob::succeed(const AttemptResult &result)
{
    if (m_done) {
        return;
    }
    m_reply->m_code = result.code;
    m_reply->m_serverMessage = result.message;
    m_reply->m_requestId = result.requestId;
    m_reply->m_server = m_current.base;
    QString dataError;
    if (!m_reply->readData(*result.envelope, &dataError)) {
        AttemptResult invalid = result;
        invalid.outcome = AttemptResult::Outcome::Answered;
        invalid.error = ClientError::Unavailable;
        invalid.code = QStringLiteral("invalid_response");
        invalid.message = QStringLiteral("%1 from %2").arg(dataError, shown(m_current.base));
        invalid.serverFault = true;
        if (m_request.kind == Kind::Read) {
            m_last = invalid;
            next();
            return;
        }
        fail(invalid);
        return;
    }
    // A health check says nothing about who takes writes.
    m_client->noteAnswer(m_request.kind == Kind::Read, m_current.base, result.serverDate,
                         m_request.kind != Kind::SingleServer);
    finishReply();
}

void RequestJob::fail(const AttemptResult &result)
{
    if (m_done) {
        return;
    }
    AttemptResult final = result;
    // A search for the leader ends in the clearest account of why it failed.
    const bool searching = final.outcome != AttemptResult::Outcome::Aborted &&
                           final.error != ClientError::Rejected && !m_reply->m_maybeApplied;
    if (searching && m_leaderState == LeaderState::Leaderless) {
        final.error = ClientError::Unavailable;
        final.code = QStringLiteral("no_leader");
        final.message = QStringLiteral("no leader: the cluster had no leader for %1 s (%2 "
                                       "attempts); last answer: %3")
                            .arg(QString::number(m_elapsed.elapsed() / 1000.0, 'f', 1))
                            .arg(m_reply->m_attempts)
                            .arg(result.message);
    } else if (searching && m_leaderState == LeaderState::Named) {
        final.error = ClientError::NotLeader;
        final.code = QStringLiteral("not_leader");
        final.message = QStringLiteral("no server accepted the write as leader (%1 attempts): "
                                       "%2%3")
                            .arg(m_reply->m_attempts)
                            .arg(result.message, m_leaderNote);
    }
    m_reply->m_error = final.error;
    m_reply->m_code = final.code;
    m_reply->m_errorString = final.message;
    m_reply->m_requestId = final.requestId;
    m_reply->m_rawBody = final.rawBody;
    if (final.envelope) {
        m_reply->m_serverMessage = final.envelope->message;
    }
    finishReply();
}

void RequestJob::finishReply()
{
    if (m_done) {
        return;
    }
    m_done = true;
    m_attemptTimer.stop();
    m_backoffTimer.stop();
    releaseNetworkReply();
    m_reply->m_job = nullptr;
    m_reply->complete();
    deleteLater();
}

} // namespace stellmap
