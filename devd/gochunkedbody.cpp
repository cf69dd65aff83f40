#include "gochunkedbody.h"

#include "gotext.h"

namespace stellmap {

namespace {
constexpr qsizetype MaxLineLength = 4096;
}

GoChunkedBody::State GoChunkedBody::fail(const char *message)
{
    m_error = QLatin1String(message);
    return State::Failed;
}

GoChunkedBody::State GoChunkedBody::feed(QByteArray &input)
{
    for (;;) {
        switch (m_phase) {
        case Phase::Size: {
            // Go 1.24+: a chunk line must end in CRLF, with no CR before it.
            const qsizetype end = input.indexOf('\n');
            if (end < 0) {
                return input.size() >= MaxLineLength ? fail("header line too long")
                                                     : State::NeedMore;
            }
            const qsizetype cr = input.indexOf('\r');
            if (cr < 0 || cr > end) {
                return fail("chunked line ends with bare LF");
            }
            if (cr != end - 1) {
                return fail("invalid CR in chunked line");
            }
            QByteArray line = input.left(end - 1);
            input.remove(0, end + 1);
            if (line.size() >= MaxLineLength) {
                return fail("header line too long");
            }
            m_excess += line.size() + 2; // the size line and the CRLF after its data
            while (!line.isEmpty() && (line.endsWith(' ') || line.endsWith('\t'))) {
                line.chop(1);
            }
            const qsizetype semicolon = line.indexOf(';');
            if (semicolon >= 0) {
                line.truncate(semicolon); // chunk extensions are ignored
            }
            if (line.isEmpty()) {
                return fail("empty hex number for chunk length");
            }
            quint64 size = 0;
            for (qsizetype i = 0; i < line.size(); ++i) {
                const int digit = GoText::hexDigit(line.at(i));
                if (digit < 0) {
                    return fail("invalid byte in chunk length");
                }
                if (i == 16) {
                    return fail("http chunk length too large");
                }
                size = (size << 4) | quint64(digit);
            }
            // Go allows 16 bytes of overhead per chunk plus twice its data.
            m_excess = qMax<qint64>(0, m_excess - qint64(16 + 2 * qMin<quint64>(size, 1ull << 40)));
            if (m_excess > 16 * 1024) {
                return fail("chunked encoding contains too much non-data");
            }
            if (size == 0) {
                m_phase = Phase::Trailer;
                break;
            }
            m_remaining = size;
            m_phase = Phase::Data;
            break;
        }
        case Phase::Data: {
            if (input.isEmpty()) {
                return State::NeedMore;
            }
            const qsizetype take = qsizetype(qMin<quint64>(m_remaining, quint64(input.size())));
            m_body += input.left(take);
            input.remove(0, take);
            m_remaining -= quint64(take);
            if (m_remaining == 0) {
                m_phase = Phase::DataEnd;
            }
            break;
        }
        case Phase::DataEnd:
            if (input.size() < 2) {
                return State::NeedMore;
            }
            if (!input.startsWith("\r\n")) {
                return fail("malformed chunked encoding");
            }
            input.remove(0, 2);
            m_phase = Phase::Size;
            break;
        case Phase::Trailer: {
            // Trailer lines up to an empty one; their content is not used.
            const qsizetype end = input.indexOf('\n');
            if (end < 0) {
                return State::NeedMore;
            }
            const bool empty = end == 0 || (end == 1 && input.at(0) == '\r');
            input.remove(0, end + 1);
            if (empty) {
                return State::Done;
            }
            break;
        }
        }
    }
}

} // namespace stellmap
