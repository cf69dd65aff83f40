#include "watchsession.h"

#include "apienvelope.h"
#include "attemptresult.h"
#include "httpdate.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslError>

#include <utility>

namespace stellmap {

namespace {

// What is kept of a non-stream answer (an error envelope, a proxy's page).
constexpr qsizetype MaxErrorBody = 64 * 1024;

} // namespace

WatchSession::WatchSession(const ClientOptions &client, const QueryFilter &filter,
                           QNetworkAccessManager *network, QObject *parent)
    : WatchSession(client, filter, Options(), network, parent)
{}

WatchSession::WatchSession(const ClientOptions &client, const QueryFilter &filter,
                           const Options &options, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_filter(filter)
    , m_options(options)
    , m_network(network)
    , m_parser(options.maxEventBytes)
{
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
    }
    // A snapshot is decoded instance by instance while it arrives, never held whole.
    // Its end is decoded at once, in order: the next event may begin in the same piece.
    m_parser.setDataSink(
        WatchEventDecoder::StreamAbove,
        [this](QByteArrayView bytes) { m_decoder.streamData(bytes); },
        [this](const SseParser::Event &event) {
            QString error;
            std::optional<WatchEvent> decoded =
                m_decoder.finishStream(event.type, event.lastEventId, &error);
            m_streamed.append({std::move(decoded), error});
        });
    if (!m_client.validate()) {
        m_sslConfiguration = m_client.sslConfiguration();
    }
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_options.idleTimeoutMs);
    m_connectTimer.setSingleShot(true);
    m_connectTimer.setInterval(m_options.connectTimeoutMs);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        if (m_reply) {
            m_connectAbort = true;
            m_reply->abort(); // finished() follows
        }
    });
    connect(&m_idleTimer, &QTimer::timeout, this, &WatchSession::onIdle);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &WatchSession::connectStream);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &WatchSession::flushPending);
}

WatchSession::~WatchSession()
{
    dropReply();
}

QUrl WatchSession::server() const
{
    return m_client.servers.value(m_server);
}

int WatchSession::reconnectInMs() const
{
    return m_reconnectTimer.isActive() ? m_reconnectTimer.remainingTime() : 0;
}

void WatchSession::start(quint64 sinceRevision)
{
    dropReply();
    m_revision = sinceRevision;
    // Resuming means the caller holds data from before: a snapshot then replaces it.
    m_delivered = sinceRevision != 0;
    m_forceSnapshot = false;
    m_failures = 0;
    ValidationError error = m_client.validate();
    if (!error) {
        m_filter.resolve(&error);
    }
    if (error) {
        setState(State::Connecting);
        fail(QStringLiteral("validation"), error.toString());
        return;
    }
    setState(State::Connecting);
    connectStream();
}

void WatchSession::stop()
{
    // Undelivered events are dropped with the revision they would have advanced.
    m_pending.clear();
    m_flushTimer.stop();
    m_reconnectTimer.stop();
    m_idleTimer.stop();
    dropReply();
    setState(State::Stopped);
}

void WatchSession::dropReply()
{
    m_connectTimer.stop();
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
}

void WatchSession::connectStream()
{
    dropReply();
    if (!m_network) {
        fail(QStringLiteral("unavailable"), QStringLiteral("the network access manager is gone"));
        return;
    }
    QByteArray query = m_filter.toUrlQuery();
    if (m_revision != 0 && !m_forceSnapshot) {
        query += (query.isEmpty() ? "" : "&") + QByteArray("sinceRevision=") +
                 QByteArray::number(m_revision);
    }
    // Streams only go to configured servers: the token always may.
    QNetworkRequest request = m_client.request(server(), QStringLiteral("/api/v1/registry/watch"),
                                               query, m_sslConfiguration);
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    m_parser.endOfStream();
    m_decoder.discardStream();
    m_streamed.clear();
    m_resuming = m_revision != 0 && !m_forceSnapshot;
    m_eventStream = false;
    m_idleAbort = false;
    m_connectAbort = false;
    m_requestSent = false;
    m_errorBody.clear();
    m_sslErrors.clear();
    m_reply = m_network->get(request);
    // Bounded: a stream read slower than it arrives holds back the server (TCP)
    // instead of piling up in memory.
    m_reply->setReadBufferSize(ReadBufferBytes);
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &error : errors) {
            m_sslErrors.append(error.errorString());
        }
    });
    connect(m_reply, &QNetworkReply::requestSent, this, [this] {
        m_requestSent = true;
        m_connectTimer.stop();
    });
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &WatchSession::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &WatchSession::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &WatchSession::onFinished);
    m_connectedFor.start();
    m_idleTimer.start();
    m_connectTimer.start();
}

void WatchSession::onMetaData()
{
    m_idleTimer.start();
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray type = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    m_eventStream = status == 200 && type.startsWith("text/event-stream");
    const QDateTime serverDate = HttpDate::parse(m_reply->rawHeader("Date"));
    if (serverDate.isValid()) {
        m_clockOffsetMs = QDateTime::currentDateTimeUtc().msecsTo(serverDate);
    }
    // Headers of a resumed stream mean the server is replaying or live.
    if (m_eventStream && m_resuming && m_state != State::Resyncing) {
        setState(State::Live);
    }
}

void WatchSession::onReadyRead()
{
    m_idleTimer.start();
    if (!m_eventStream) {
        m_errorBody.append(m_reply->readAll().left(MaxErrorBody - m_errorBody.size()));
        return;
    }
    // Fixed-size reads: readAll() joins Qt's buffered pieces into a new
    // allocation each time, which costs more than parsing at stream rates.
    QNetworkReply *reply = m_reply;
    m_readBuffer.resize(ReadChunkBytes);
    qint64 read = 0;
    while (m_reply == reply && (read = reply->read(m_readBuffer.data(), ReadChunkBytes)) > 0) {
        if (!feed(QByteArrayView(m_readBuffer.constData(), read))) {
            return;
        }
    }
    // Everything that arrives within one event-loop turn goes out as one batch.
    if (!m_pending.isEmpty() && !m_flushTimer.isActive()) {
        m_flushTimer.start();
    }
    if (m_eventStream && m_resuming && m_state != State::Live && m_state != State::Resyncing) {
        setState(State::Live);
    }
}

bool WatchSession::feed(QByteArrayView bytes)
{
    QList<SseParser::Event> parsed;
    const bool ok = m_parser.feed(bytes, &parsed);
    for (SseParser::Event &sse : parsed) {
        QString error;
        std::optional<WatchEvent> event;
        if (sse.streamed) {
            auto [decoded, why] = m_streamed.takeFirst(); // decoded when it ended
            event = std::move(decoded);
            error = why;
        } else {
            event = m_decoder.decode(sse.type, std::move(sse.data), sse.lastEventId, &error);
        }
        if (!event) {
            if (!error.isEmpty()) {
                // Nothing after an undecodable event can be trusted: resume before it.
                if (flushPending()) {
                    Q_EMIT errorOccurred(QStringLiteral("invalid_event"), error, false);
                    scheduleReconnect(false);
                }
                return false;
            }
            continue; // ping, heartbeat, keepalive
        }
        if (event->type == WatchEvent::Type::Snapshot) {
            if (!flushPending()) {
                return false;
            }
            const bool replaces = m_delivered;
            if (replaces) {
                ++m_resyncs;
                setState(State::Resyncing);
            }
            m_revision = event->revision;
            m_forceSnapshot = false;
            m_delivered = true;
            Q_EMIT snapshotReceived(event->revision, event->instances, replaces);
            if (m_state == State::Stopped) {
                return false;
            }
            setState(State::Live);
            continue;
        }
        const quint64 last = m_pending.isEmpty() ? m_revision : m_pending.last().revision;
        if (last != 0 && event->revision <= last) {
            if (flushPending()) {
                resync(QStringLiteral("revision %1 after %2: the stream went backwards")
                           .arg(event->revision)
                           .arg(last));
            }
            return false;
        }
        m_pending.append(std::move(*event));
    }
    if (!ok) {
        if (flushPending()) {
            fail(QStringLiteral("event_too_large"),
                 m_parser.errorString() + QStringLiteral(" (raise the session's event limit)"));
        }
        return false;
    }
    return true;
}

bool WatchSession::flushPending()
{
    m_flushTimer.stop();
    if (!m_pending.isEmpty()) {
        const QList<WatchEvent> batch = std::exchange(m_pending, {});
        m_revision = batch.last().revision;
        m_delivered = true;
        Q_EMIT eventsReceived(batch);
    }
    return m_state != State::Stopped;
}

void WatchSession::onFinished()
{
    m_idleTimer.stop();
    if (m_reply && m_eventStream && m_reply->bytesAvailable() > 0) {
        onReadyRead(); // what arrived before the end still counts
    }
    m_idleTimer.stop();
    if (!m_reply) {
        return;
    }
    QNetworkReply *reply = m_reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError networkError = reply->error();
    const QString networkErrorString = reply->errorString();
    if (reply->isOpen() && !m_eventStream) {
        m_errorBody.append(reply->readAll().left(MaxErrorBody - m_errorBody.size()));
    }
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->deleteLater();
    // What arrived before the drop is good: deliver it, then resume after it.
    if (!flushPending()) {
        return;
    }
    const QString server = this->server().toDisplayString(QUrl::RemoveUserInfo);

    if (m_eventStream) {
        const bool lostPartial = m_parser.endOfStream();
        QString why = m_idleAbort ? QStringLiteral("no data from %1 for %2 s")
                                        .arg(server)
                                        .arg(m_options.idleTimeoutMs / 1000.0)
                                  : QStringLiteral("the stream from %1 ended").arg(server);
        if (lostPartial) {
            why += QStringLiteral(" in the middle of an event (discarded)");
        }
        Q_EMIT errorOccurred(m_idleAbort ? QStringLiteral("idle") : QStringLiteral("stream_ended"),
                             why, false);
        scheduleReconnect(m_idleAbort);
        return;
    }

    // The same mapping as every other request: codes and texts match the client's.
    AttemptResult::Input input;
    input.networkError = networkError;
    input.networkErrorString = networkErrorString;
    input.httpStatus = status;
    input.body = m_errorBody;
    input.timedOut = m_idleAbort || m_connectAbort;
    input.timeoutMs = m_connectAbort ? m_options.connectTimeoutMs : m_options.idleTimeoutMs;
    input.requestSent = m_requestSent;
    input.sslErrors = m_sslErrors;
    input.server = server;
    const AttemptResult result = AttemptResult::classify(input);
    const QString code = result.code;
    const QString message = result.message;
    if (status == 410) {
        resync(message);
        return;
    }
    if (status == 400 || status == 401 || status == 403) {
        fail(code, message);
        return;
    }
    Q_EMIT errorOccurred(code, message, false);
    // A refusal, a 5xx or silence: another node may serve the stream.
    scheduleReconnect(true);
}

void WatchSession::onIdle()
{
    if (!m_reply) {
        return;
    }
    m_idleAbort = true;
    m_reply->abort(); // finished() follows
}

void WatchSession::scheduleReconnect(bool failOver)
{
    dropReply();
    if (m_state == State::Stopped) {
        return;
    }
    if (m_connectedFor.isValid() && m_connectedFor.elapsed() >= m_options.healthyAfterMs) {
        m_failures = 0;
    }
    if (failOver && m_client.servers.size() > 1) {
        m_server = (m_server + 1) % int(m_client.servers.size());
    }
    qint64 base = qMin<qint64>(m_options.maxBackoffMs, qint64(m_options.initialBackoffMs)
                                                           << qMin(m_failures, 16));
    // A server asking for more time (its `retry:` field) gets it, up to the cap.
    base = qMax(base, qMin<qint64>(m_parser.retryMs().value_or(0), m_options.maxBackoffMs));
    const double jitter = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
    ++m_failures;
    ++m_reconnects;
    if (m_state != State::Resyncing) {
        setState(State::Reconnecting);
    }
    m_reconnectTimer.start(int(double(base) * jitter));
}

void WatchSession::resync(const QString &why)
{
    Q_EMIT errorOccurred(QStringLiteral("resync"), why, false);
    // A fresh snapshot, never the same expired revision again.
    m_forceSnapshot = true;
    setState(State::Resyncing);
    scheduleReconnect(false);
}

void WatchSession::fail(const QString &code, const QString &message)
{
    m_reconnectTimer.stop();
    m_idleTimer.stop();
    dropReply();
    Q_EMIT errorOccurred(code, message, true);
    setState(State::Stopped);
}

void WatchSession::setState(State state)
{
    if (m_state == state) {
        return;
    }
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace stellmap
