#include "sseparser.h"

#include <cstring>

namespace stellmap {

SseParser::SseParser(qsizetype limit)
    : m_limit(limit)
{}

void SseParser::reset()
{
    DataSink sink = std::move(m_sink);
    StreamEnd end = std::move(m_streamEnd);
    const qsizetype streamAbove = m_streamAbove;
    *this = SseParser(m_limit);
    setDataSink(streamAbove, std::move(sink), std::move(end));
}

void SseParser::setDataSink(qsizetype threshold, DataSink sink, StreamEnd end)
{
    m_streamAbove = threshold;
    m_sink = std::move(sink);
    m_streamEnd = std::move(end);
}

bool SseParser::feed(QByteArrayView chunk, QList<Event> *events)
{
    if (hasError()) {
        return false;
    }
    const char *data = chunk.data();
    qsizetype size = chunk.size();
    qsizetype pos = 0;

    if (!m_bomChecked) {
        // The BOM may itself arrive split: wait for three bytes (or a mismatch).
        static constexpr char Bom[] = "\xEF\xBB\xBF";
        m_line.append(data, size);
        const qsizetype have = qMin<qsizetype>(m_line.size(), 3);
        if (std::memcmp(m_line.constData(), Bom, size_t(have)) == 0 && have < 3) {
            return true;
        }
        m_bomChecked = true;
        const QByteArray buffered = m_line.startsWith(Bom) ? m_line.mid(3) : m_line;
        m_line.clear();
        return feed(buffered, events);
    }

    if (m_afterCr && pos < size) {
        if (data[pos] == '\n') {
            ++pos;
        }
        m_afterCr = false;
    }
    // Line ends are found with memchr(); servers send LF, so a CR is looked
    // for again only once the last one found is behind.
    qsizetype nextCr = -2;
    const auto lineEnd = [&](qsizetype from) {
        if (nextCr != -1 && nextCr < from) {
            const void *cr = std::memchr(data + from, '\r', size_t(size - from));
            nextCr = cr ? static_cast<const char *>(cr) - data : -1;
        }
        const void *lf = std::memchr(data + from, '\n', size_t(size - from));
        const qsizetype end = lf ? static_cast<const char *>(lf) - data : size;
        return nextCr >= 0 && nextCr < end ? nextCr : end;
    };
    while (pos < size) {
        const qsizetype end = lineEnd(pos);
        if (m_lineStreaming) {
            // The rest of a long data line goes straight on.
            if (!streamBytes(QByteArrayView(data + pos, end - pos))) {
                return false;
            }
            if (end == size) {
                break;
            }
            m_lineStreaming = false;
        } else if (end == size) {
            if (m_line.size() + (size - pos) > m_limit) {
                m_error =
                    QStringLiteral("a line of the event stream exceeds %1 bytes").arg(m_limit);
                return false;
            }
            m_line.append(data + pos, size - pos);
            // A data line longer than the sink's threshold is passed on while it arrives.
            if (m_sink && m_line.size() > m_streamAbove + 6 && m_line.startsWith("data:")) {
                const qsizetype skip = m_line.at(5) == ' ' ? 6 : 5;
                if (!m_streaming) {
                    startStreaming();
                }
                if (m_hasData) {
                    streamBytes("\n");
                }
                m_hasData = true;
                streamBytes(QByteArrayView(m_line).sliced(skip));
                m_line = QByteArray();
                m_lineStreaming = true;
            }
            break;
        } else if (m_line.isEmpty()) {
            processLine(QByteArrayView(data + pos, end - pos), events);
        } else {
            if (m_line.size() + (end - pos) > m_limit) {
                m_error =
                    QStringLiteral("a line of the event stream exceeds %1 bytes").arg(m_limit);
                return false;
            }
            m_line.append(data + pos, end - pos);
            processBufferedLine(events);
        }
        if (hasError()) {
            return false;
        }
        if (data[end] == '\r') {
            if (end + 1 < size) {
                pos = end + 1 + (data[end + 1] == '\n' ? 1 : 0);
            } else {
                m_afterCr = true;
                pos = size;
            }
        } else {
            pos = end + 1;
        }
    }
    return !hasError();
}

bool SseParser::streamBytes(QByteArrayView bytes)
{
    m_streamed += bytes.size();
    if (m_streamed > m_limit) {
        m_error = QStringLiteral("an event of the stream exceeds %1 bytes").arg(m_limit);
        return false;
    }
    if (!bytes.isEmpty()) {
        m_sink(bytes);
    }
    return true;
}

void SseParser::startStreaming()
{
    m_streaming = true;
    const QByteArray buffered = std::exchange(m_data, QByteArray());
    streamBytes(buffered);
}

void SseParser::appendData(QByteArrayView value)
{
    if (m_streaming) {
        if (m_hasData) {
            streamBytes("\n");
        }
        m_hasData = true;
        streamBytes(value);
        return;
    }
    if (m_data.size() + value.size() + 1 > m_limit) {
        m_error = QStringLiteral("an event of the stream exceeds %1 bytes").arg(m_limit);
        return;
    }
    // Lines joined with LF: what the standard's "append, then drop the last LF" gives.
    if (m_hasData) {
        m_data.append('\n');
    }
    m_data.append(value.data(), value.size());
    m_hasData = true;
    if (m_sink && m_data.size() > m_streamAbove) {
        startStreaming();
    }
}

void SseParser::processBufferedLine(QList<Event> *events)
{
    // The first data line of an event, buffered across chunks, becomes the data
    // itself: a large payload is never copied (dropping the prefix only moves the start).
    const bool dataField = m_line.startsWith("data") && (m_line.size() == 4 || m_line.at(4) == ':');
    if (dataField && !m_hasData && !m_streaming) {
        qsizetype skip = qMin<qsizetype>(m_line.size(), 5);
        if (m_line.size() > 5 && m_line.at(5) == ' ') {
            skip = 6;
        }
        if (m_line.size() - skip + 1 > m_limit) {
            m_error = QStringLiteral("an event of the stream exceeds %1 bytes").arg(m_limit);
            return;
        }
        if (!m_streaming) {
            m_data = std::move(m_line);
            m_data.remove(0, skip);
            m_hasData = true;
            m_line = QByteArray();
            if (m_sink && m_data.size() > m_streamAbove) {
                startStreaming();
            }
            return;
        }
    }
    processLine(m_line, events);
    m_line.clear();
}

void SseParser::processLine(QByteArrayView line, QList<Event> *events)
{
    if (line.isEmpty()) {
        if (m_hasData) {
            Event event;
            event.type = m_hasType && !m_type.isEmpty() ? m_type : QByteArrayLiteral("message");
            event.data = std::move(m_data); // no copy: a snapshot can be hundreds of MB
            event.lastEventId = m_lastEventId;
            event.streamed = m_streaming;
            if (m_streaming && m_streamEnd) {
                m_streamEnd(event);
            }
            events->append(std::move(event));
        }
        m_data.clear();
        m_hasType = false; // the bytes stay for the next event, which most likely repeats them
        m_hasData = false;
        m_streaming = false;
        m_streamed = 0;
        return;
    }
    if (line.front() == ':') {
        return; // comment
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (!value.isEmpty() && value.front() == ' ') {
        value = value.sliced(1);
    }
    if (field == "data") {
        appendData(value);
    } else if (field == "event") {
        if (m_type != value) { // a stream repeats a few types: no allocation for those
            m_type = value.toByteArray();
        }
        m_hasType = true;
    } else if (field == "id") {
        if (!value.contains('\0')) {
            m_lastEventId = value.toByteArray();
        }
    } else if (field == "retry") {
        bool digits = !value.isEmpty();
        for (char c : value) {
            digits = digits && c >= '0' && c <= '9';
        }
        if (digits) {
            bool ok = false;
            const qint64 ms = value.toLongLong(&ok);
            if (ok) {
                m_retryMs = ms;
            }
        }
    }
}

bool SseParser::endOfStream()
{
    const bool discarded =
        !m_line.isEmpty() || m_hasData || m_hasType || m_streaming || m_lineStreaming;
    m_line.clear();
    m_data.clear();
    m_hasType = false;
    m_hasData = false;
    m_streaming = false;
    m_lineStreaming = false;
    m_streamed = 0;
    m_afterCr = false;
    m_bomChecked = false;
    return discarded;
}

} // namespace stellmap
