#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <functional>
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
 * (the parser then refuses further input until reset()). With a data sink
 * (setDataSink()), a large event's data is passed on while it arrives instead
 * of being held whole.
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
        //! The data went to the data sink; \c data is empty.
        bool streamed = false;
    };
    using DataSink = std::function<void(QByteArrayView bytes)>;
    //! Told that a streamed event is complete, before it is dispatched (and before
    //! any byte of the next event goes to the sink).
    using StreamEnd = std::function<void(const Event &event)>;

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

    //! Forgets everything, the last event ID included (a new stream); the data sink stays.
    void reset();

    /*!
     * Once the data of the event being read exceeds \a threshold bytes, what
     * was buffered and everything after it go to \a sink in pieces (data
     * lines joined with LF, as in Event::data), and the event is dispatched
     * with Event::streamed set, after \a end was called with it. When
     * endOfStream() discards an event, what the sink got of it is void. The
     * event limit still applies.
     */
    void setDataSink(qsizetype threshold, DataSink sink, StreamEnd end = {});

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
    //! Adds \a value, one data line's value, to the event's data.
    void appendData(QByteArrayView value);
    //! From now on the event's data goes to the sink.
    void startStreaming();
    //! Passes \a bytes to the sink, counting them against the limit.
    bool streamBytes(QByteArrayView bytes);

    qsizetype m_limit;
    QByteArray m_line;
    QByteArray m_data;
    QByteArray m_type;
    //! An event field was seen since the last dispatch (m_type holds its value).
    bool m_hasType = false;
    QByteArray m_lastEventId;
    std::optional<qint64> m_retryMs;
    QString m_error;
    bool m_bomChecked = false;
    //! The previous chunk ended in CR: a leading LF in the next one belongs to it.
    bool m_afterCr = false;
    //! A data field was seen since the last dispatch (the buffer may still be empty).
    bool m_hasData = false;
    qsizetype m_streamAbove = 0;
    DataSink m_sink;
    StreamEnd m_streamEnd;
    //! This event's data goes to the sink.
    bool m_streaming = false;
    //! The line being read is a data line whose value goes to the sink as it comes.
    bool m_lineStreaming = false;
    //! Bytes of this event given to the sink.
    qsizetype m_streamed = 0;
};

} // namespace stellmap
