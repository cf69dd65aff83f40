#pragma once

#include "clientoptions.h"
#include "queryfilter.h"
#include "sseparser.h"
#include "watchevent.h"
#include "watcheventdecoder.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace stellmap {

/*!
 * One self-healing watch stream of a namespace (and filter): it keeps a
 * local copy right whatever happens to the connection.
 *
 * After any drop it resumes with sinceRevision=<last applied revision>;
 * when the server answers a resume with a snapshot (restart, history lost),
 * 410, or a revision goes backwards, it resyncs from a fresh snapshot that
 * replaces the state in one step. It reconnects with backoff (0.5 s doubling
 * to 30 s, ±20 % jitter, reset after a healthy minute), fails over across the
 * configured servers, and reconnects when nothing at all (not even a
 * keepalive) arrived for the idle timeout. 400/401/403 answers stop it.
 *
 * A stream holds a connection for its whole life and Qt allows six per
 * server and manager: give streams a manager of their own, shared by at
 * most six streams to one server, or pass nullptr and the session makes its own.
 */
class WatchSession : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        //! First connection, no data yet.
        Connecting,
        //! Receiving: the local copy is current.
        Live,
        //! The stream dropped; waiting to resume. The local copy is stale.
        Reconnecting,
        //! Fetching a fresh snapshot to replace the stale copy.
        Resyncing,
        //! stop() was called, or a fatal error.
        Stopped,
    };
    Q_ENUM(State)

    struct Options
    {
        //! No byte (keepalives included) for this long: reconnect. The server
        //! sends a keepalive every 30 s and may hold back headers that long.
        int idleTimeoutMs = 75000;
        //! The request not sent by then (no TCP or TLS connection): try again.
        int connectTimeoutMs = 15000;
        int initialBackoffMs = 500;
        int maxBackoffMs = 30000;
        //! Connected this long: the next drop starts the backoff from the beginning.
        int healthyAfterMs = 60000;
        //! Largest line or event accepted from the stream. A snapshot is one
        //! event: 100,000 instances take about 100 MB, hence more than the
        //! parser's default.
        qsizetype maxEventBytes = qsizetype(512) << 20;
    };

    WatchSession(const ClientOptions &client, const QueryFilter &filter,
                 QNetworkAccessManager *network, QObject *parent = nullptr);
    WatchSession(const ClientOptions &client, const QueryFilter &filter, const Options &options,
                 QNetworkAccessManager *network, QObject *parent = nullptr);
    //! Aborts the stream.
    ~WatchSession() override;

    /*!
     * Starts watching. With \a sinceRevision the stream resumes after it (no
     * snapshot when the server still has the history), else it begins with
     * a snapshot.
     */
    void start(quint64 sinceRevision = 0);
    //! Ends the stream; state becomes Stopped. No signal follows but stateChanged().
    void stop();

    State state() const { return m_state; }
    const QueryFilter &filter() const { return m_filter; }
    //! The last revision applied (what a resume asks for).
    quint64 revision() const { return m_revision; }
    //! The server currently (or last) streaming.
    QUrl server() const;
    int reconnects() const { return m_reconnects; }
    int resyncs() const { return m_resyncs; }
    //! Milliseconds until the next connection attempt while Reconnecting; 0 otherwise.
    int reconnectInMs() const;
    //! Server clock minus local clock from the stream's Date header (lease countdowns).
    qint64 serverClockOffsetMs() const { return m_clockOffsetMs; }

Q_SIGNALS:
    void stateChanged(stellmap::WatchSession::State state);
    /*!
     * The full matching set at \a revision: replace the local copy with it in
     * one step. \a resync is true when it replaces earlier data.
     */
    void snapshotReceived(quint64 revision, const QList<stellmap::InstanceRecord> &instances,
                          bool resync);
    /*!
     * Upserts and deletes in stream order, newest revision last: all that
     * arrived within one event-loop turn. Each event's revision is above the
     * previous one's; revision() is the last one's when this is emitted.
     */
    void eventsReceived(const QList<stellmap::WatchEvent> &events);
    /*!
     * Something went wrong: \a code is the server's code or the client's
     * ("unavailable", "timeout", "idle", "invalid_event", ...). When
     * \a fatal, the session stopped; else it is reconnecting.
     */
    void errorOccurred(const QString &code, const QString &message, bool fatal);

private:
    void connectStream();
    void onMetaData();
    void onReadyRead();
    //! Parses and decodes \a bytes of the stream; false when that ended the stream.
    bool feed(QByteArrayView bytes);
    void onFinished();
    void onIdle();
    //! Emits the events gathered this event-loop turn; false when a slot stopped the session.
    bool flushPending();
    //! The stream is over (dropped, failed): plan the next connection.
    void scheduleReconnect(bool failOver);
    void resync(const QString &why);
    void fail(const QString &code, const QString &message);
    void setState(State state);
    void dropReply();

    ClientOptions m_client;
    QSslConfiguration m_sslConfiguration;
    QueryFilter m_filter;
    Options m_options;
    QPointer<QNetworkAccessManager> m_network;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    State m_state = State::Stopped;
    int m_server = 0;
    quint64 m_revision = 0;
    //! The stream being read asked for a resume (a snapshot on it means history was lost).
    bool m_resuming = false;
    //! Something was delivered: a later snapshot replaces it.
    bool m_delivered = false;
    //! The next connection asks for a snapshot (after 410 or a revision going back).
    bool m_forceSnapshot = false;
    bool m_idleAbort = false;
    bool m_connectAbort = false;
    bool m_requestSent = false;
    qint64 m_clockOffsetMs = 0;
    int m_failures = 0;
    int m_reconnects = 0;
    int m_resyncs = 0;
    QList<WatchEvent> m_pending;
    QTimer m_flushTimer;
    QTimer m_idleTimer;
    QTimer m_connectTimer;
    QTimer m_reconnectTimer;
    QElapsedTimer m_connectedFor;
    QByteArray m_errorBody;
    //! Streamed events decoded as they ended, not yet handled (with their error, if any).
    QList<std::pair<std::optional<WatchEvent>, QString>> m_streamed;
    static constexpr qint64 ReadChunkBytes = 256 * 1024;
    static constexpr qint64 ReadBufferBytes = 4 * 1024 * 1024;
    QByteArray m_readBuffer;
    WatchEventDecoder m_decoder;
    //! Certificate problems of the current attempt, for the error message.
    QStringList m_sslErrors;
    bool m_eventStream = false;
};

} // namespace stellmap
