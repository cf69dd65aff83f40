#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace stellmap {

/*!
 * The event-stream parser of the HTML standard (Server-Sent Events), over raw
 * bytes and without any network: a WatchSession feeds it what readyRead()
 * brings, in chunks of any size down to one byte.
 *
 * Lines end with LF, CR or CRLF (also split across chunks); a leading UTF-8
 * BOM is skipped; lines starting with ':' are comments; "data" lines
 * accumulate joined by LF; one space after the colon is removed; "id" values
 * containing NUL are ignored; "retry" takes ASCII digits only; unknown fields
 * are ignored; a blank line dispatches the event, and an event whose data is
 * empty is not dispatched. Field values stay bytes: UTF-8 split across
 * chunks is reassembled because nothing is decoded before a line is whole.
 *
 * Memory is bounded: a line, or an event's data, above the limit is an error
 * (the parser then refuses further input until reset()).
 */
class SseParser
{
public:
    struct Event
    {
        //! The `event` field; "message" when none was given.
        QByteArray type;
        QByteArray data;
        //! The last event ID in force when the event was dispatched.
        QByteArray lastEventId;
    };

    static constexpr qsizetype DefaultLimit = qsizetype(64) << 20;

    explicit SseParser(qsizetype limit = DefaultLimit);

    /*!
     * Parses \a chunk and appends the events it completes to \a events.
     * Returns false when a line or event exceeds the limit (see
     * errorString()); events completed before that point are still appended.
     */
    bool feed(QByteArrayView chunk, QList<Event> *events);

    /*!
     * The stream ended: an event without its blank line is discarded (the
     * standard's rule), as is a partial line. Returns true when something was
     * discarded. The last event ID and retry survive, as for a reconnect.
     */
    bool endOfStream();

    //! Forgets everything, the last event ID included (a new stream).
    void reset();

    QByteArray lastEventId() const { return m_lastEventId; }
    //! The last valid `retry` field in milliseconds.
    std::optional<qint64> retryMs() const { return m_retryMs; }
    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    qsizetype limit() const { return m_limit; }

private:
    //! processLine() for the line buffered in m_line, which it may take over.
    void processBufferedLine(QList<Event> *events);
    void processLine(QByteArrayView line, QList<Event> *events);

    qsizetype m_limit;
    QByteArray m_line;
    QByteArray m_data;
    QByteArray m_type;
    QByteArray m_lastEventId;
    std::optional<qint64> m_retryMs;
    QString m_error;
    bool m_bomChecked = false;
    //! The previous chunk ended in CR: a leading LF in the next one belongs to it.
    bool m_afterCr = false;
    //! A data field was seen since the last dispatch (the buffer may still be empty).
    bool m_hasData = false;
};

} // namespace stellmap
