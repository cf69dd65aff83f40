#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

namespace stellmap {

/*!
 * One write the browser sent (or tried to send) to a StellMap cluster, as
 * kept in the audit log. There is deliberately no token or credential field:
 * AuditLog::append() also strips userinfo, query and fragment from \c server
 * and userinfo, queries and bearer tokens from \c message.
 */
struct AuditEntry
{
    //! When the result was known; written in UTC, ISO 8601 with milliseconds.
    QDateTime time;
    QString profile;
    //! The server that answered (or was tried), e.g. "https://node-1:8443".
    QString server;
    //! "register", "deregister", "heartbeat", "soft-drain", "undrain", ...
    QString action;
    QString namespaceName;
    QString service;
    QString instanceId;
    //! "ok", or the error code: "unavailable", "not_found", "validation", ...
    QString result;
    //! The server's or the client's error text; empty for "ok".
    QString message;
    //! The server's request id, when an answer carried one.
    QString requestId;
    //! The request was sent but its answer was lost: it may have taken effect.
    bool maybeApplied = false;

    bool isOk() const { return result == QLatin1String("ok"); }

    friend bool operator==(const AuditEntry &, const AuditEntry &) = default;
};

/*!
 * An append-only JSON Lines file of AuditEntry records, one object per line,
 * bounded by rotating to "<path>.1" (one old generation) when it would grow
 * past maxBytes.
 *
 * Each append() opens the file in append mode, writes one whole line and
 * flushes before returning, so a crash loses at most the record being
 * written and another browser process may append to the same file. Nothing
 * here throws; failures are returned.
 */
class AuditLog : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 DefaultMaxBytes = 10 * 1024 * 1024;

    //! QStandardPaths::AppDataLocation + "/audit.jsonl".
    static QString defaultPath();

    /*!
     * Logs to \a path (its directory is created on the first append). The
     * file is rotated when an append would take it past \a maxBytes.
     */
    explicit AuditLog(const QString &path = defaultPath(), qint64 maxBytes = DefaultMaxBytes,
                      QObject *parent = nullptr);

    QString path() const { return m_path; }
    //! The previous generation: path() + ".1".
    QString rotatedPath() const;
    qint64 maxBytes() const { return m_maxBytes; }

    /*!
     * Redacts \a entry (see AuditEntry), stamps the current time when
     * entry.time is invalid, appends it as one line and flushes. Returns
     * false and sets \a error (when given) to a readable reason if the
     * directory cannot be created or the line cannot be written in full; a
     * failed rotation does not stop the record from being written.
     */
    bool append(const AuditEntry &entry, QString *error = nullptr);

    /*!
     * At most \a maxEntries records, newest first, from the file and then
     * its rotated generation. Lines that are not a record (cut short by a
     * crash, edited by hand) are skipped. A missing file reads as empty.
     */
    QList<AuditEntry> read(qsizetype maxEntries) const;

    /*!
     * \a url without userinfo, query and fragment, read as text (also when it
     * does not parse as a URL). When an '@' comes after a '?' or '#' it is
     * unclear which part is the password, and only "scheme://(redacted)" is kept.
     */
    static QString redactUrl(const QString &url);
    //! \a text with userinfo and queries of embedded URLs and "Bearer <token>" removed.
    static QString redactText(const QString &text);
    //! \a entry as it is written: redacted, time in UTC.
    static AuditEntry redacted(const AuditEntry &entry);

Q_SIGNALS:
    /*!
     * Emitted synchronously from append() after \a entry (as written: redacted,
     * UTC) is on disk; never for a failed append.
     */
    void appended(const stellmap::AuditEntry &entry);

private:
    bool rotate();

    QString m_path;
    qint64 m_maxBytes;
};

} // namespace stellmap
