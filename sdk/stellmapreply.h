#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QUrl>

namespace stellmap {

struct ApiEnvelope;
class RequestJob;

/*!
 * What a user can do about a failed call.
 */
enum class ClientError
{
    NoError,
    //! The client refused the input; nothing was sent. code() is "validation".
    Validation,
    //! The server answered no (4xx: bad_request, not_found, unauthorized, ...).
    Rejected,
    //! No usable answer: refused, timeout, TLS, 5xx, no leader, a non-JSON answer.
    Unavailable,
    //! Every server named another leader and none accepted the write.
    NotLeader,
    //! abort() was called, or the client was destroyed.
    Aborted,
};

/*!
 * The outcome of one StellMapClient call.
 *
 * finished() is emitted exactly once per reply, always from the event loop
 * (never inside the call that created the reply), whether the call
 * succeeded, failed, was refused before sending, was aborted, or the client
 * was destroyed. After it, every accessor is final. A reply belongs to its
 * client; delete it (deleteLater() in a slot) when done; deleting a
 * pending reply aborts its request without emitting finished().
 */
class StellMapReply : public QObject
{
    Q_OBJECT

public:
    ~StellMapReply() override;

    bool isFinished() const { return m_finished; }
    ClientError error() const { return m_error; }
    /*!
     * The answer's code: "ok", the server's code ("bad_request",
     * "not_found", ...), or the client's: "validation", "timeout",
     * "unavailable", "no_leader", "not_leader", "tls", "redirect",
     * "invalid_response", "http_<status>" (a non-JSON answer), "aborted".
     */
    QString code() const { return m_code; }
    //! One line for the user: the server's message or what went wrong, never secrets.
    QString errorString() const { return m_errorString; }
    //! The server's own message (also on success, e.g. "instance registered").
    QString serverMessage() const { return m_serverMessage; }
    QString requestId() const { return m_requestId; }
    //! Offending input of a Validation error, e.g. "endpoints[0].port".
    QString field() const { return m_field; }
    //! HTTP status of the last answer; 0 when none came.
    int httpStatus() const { return m_httpStatus; }
    //! Body of an answer that was not a JSON envelope (an HTML 502 page, ...).
    QByteArray rawBody() const { return m_rawBody; }
    //! Base URL of the server that gave the final answer (or was tried last).
    QUrl server() const { return m_server; }
    //! Requests sent or tried, fail-over and leader following included.
    int attempts() const { return m_attempts; }
    /*!
     * True when a write reached a server but its answer was lost: it may have
     * been applied, and it was not retried.
     */
    bool maybeApplied() const { return m_maybeApplied; }
    //! The last answer's Date header (server clock), invalid when none came.
    QDateTime serverDate() const { return m_serverDate; }

    //! Stops the call; finished() follows at once with ClientError::Aborted.
    void abort();

Q_SIGNALS:
    //! Emitted exactly once; see the class description.
    void finished();

protected:
    explicit StellMapReply(QObject *parent);
    /*!
     * Reads the data of a successful answer; returns false with \a error set
     * when it is not what the call returns (the reply then fails with
     * "invalid_response").
     */
    virtual bool readData(const ApiEnvelope &envelope, QString *error);

private:
    friend class RequestJob;
    friend class StellMapClient;

    void fail(ClientError error, const QString &code, const QString &errorString);
    //! Sets the final state; finished() is emitted from the event loop.
    void complete();

    RequestJob *m_job = nullptr;
    bool m_finished = false;
    bool m_emitted = false;
    ClientError m_error = ClientError::NoError;
    QString m_code;
    QString m_errorString;
    QString m_serverMessage;
    QString m_requestId;
    QString m_field;
    int m_httpStatus = 0;
    QByteArray m_rawBody;
    QUrl m_server;
    int m_attempts = 0;
    bool m_maybeApplied = false;
    QDateTime m_serverDate;
};

} // namespace stellmap
