#include "payloadsplitter.h"

#include <cstring>

namespace stellmap {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

void PayloadSplitter::reset()
{
    *this = PayloadSplitter();
}

bool PayloadSplitter::fail(const QString &message)
{
    if (m_error.isEmpty()) {
        m_error = message;
    }
    return false;
}

qsizetype PayloadSplitter::scanOutside(const char *data, qsizetype size, qsizetype pos)
{
    qsizetype spanStart = pos;
    const auto flush = [&](qsizetype upTo) {
        m_skeleton.append(data + spanStart, upTo - spanStart);
        spanStart = upTo;
    };
    for (; pos < size; ++pos) {
        const char c = data[pos];
        if (m_inString) {
            if (m_escape) {
                m_escape = false;
            } else if (c == '\\') {
                m_escape = true;
            } else if (c == '"') {
                m_inString = false;
                if (m_stringStart >= 0) {
                    flush(pos);
                    m_lastStringIsInstances =
                        QByteArrayView(m_skeleton).sliced(m_stringStart) == "instances";
                    m_stringStart = -1;
                }
            }
            continue;
        }
        if (isSpace(c)) {
            continue;
        }
        if (m_depth == 1 && m_afterColon) {
            m_afterColon = false;
            if (c == '[' && m_keyIsInstances) {
                flush(pos + 1);
                m_state = State::BeforeElement;
                m_afterComma = false;
                return pos + 1;
            }
        }
        switch (c) {
        case '"':
            m_inString = true;
            if (m_depth == 1) {
                flush(pos + 1);
                m_stringStart = m_skeleton.size();
            }
            break;
        case '{':
        case '[':
            ++m_depth;
            break;
        case '}':
        case ']':
            --m_depth;
            break;
        case ':':
            if (m_depth == 1) {
                m_keyIsInstances = m_lastStringIsInstances;
                m_afterColon = true;
            }
            break;
        default:
            break;
        }
        if (c != '"' && m_depth == 1) {
            m_lastStringIsInstances = m_lastStringIsInstances && c == ':';
        }
    }
    flush(size);
    return size;
}

bool PayloadSplitter::endElement(const ElementHandler &element)
{
    m_state = State::AfterElement;
    const bool go = element(m_element);
    m_element.clear();
    return go || fail(QString());
}

bool PayloadSplitter::feed(QByteArrayView bytes, const ElementHandler &element)
{
    if (!m_error.isEmpty()) {
        return false;
    }
    const char *data = bytes.data();
    const qsizetype size = bytes.size();
    qsizetype pos = 0;
    while (pos < size) {
        switch (m_state) {
        case State::Outside:
            pos = scanOutside(data, size, pos);
            break;
        case State::BeforeElement: {
            const char c = data[pos];
            if (isSpace(c)) {
                ++pos;
            } else if (c == ']') {
                if (m_afterComma) {
                    return fail(QStringLiteral("a comma before ] in the instances array"));
                }
                m_skeleton.append(']');
                m_state = State::Outside;
                ++pos;
            } else {
                m_state = State::InElement;
                m_inString = false;
                m_escape = false;
                m_depth = 0;
            }
            break;
        }
        case State::InElement: {
            const qsizetype start = pos;
            bool ended = false;
            for (; pos < size; ++pos) {
                if (m_inString) {
                    // Most of an instance is strings: jump to the next quote with memchr().
                    if (m_escape) {
                        m_escape = false;
                        continue;
                    }
                    const char *quote =
                        static_cast<const char *>(std::memchr(data + pos, '"', size_t(size - pos)));
                    const qsizetype stop = quote ? quote - data : size;
                    const char *backslash = static_cast<const char *>(
                        std::memchr(data + pos, '\\', size_t(stop - pos)));
                    if (backslash) {
                        pos = backslash - data;
                        m_escape = true; // the next byte is escaped
                    } else if (quote) {
                        pos = stop;
                        m_inString = false;
                    } else {
                        pos = size - 1;
                    }
                    continue;
                }
                const char c = data[pos];
                if (c == '"') {
                    m_inString = true;
                } else if (c == '{' || c == '[') {
                    ++m_depth;
                } else if (m_depth == 0 && (c == ',' || c == ']' || isSpace(c))) {
                    ended = true;
                    break;
                } else if (c == '}' || c == ']') {
                    if (--m_depth < 0) {
                        return fail(QStringLiteral("unbalanced brackets in the instances array"));
                    }
                }
            }
            m_element.append(data + start, pos - start);
            if (ended) {
                m_depth = 1; // back in the top-level object
                if (!endElement(element)) {
                    return false;
                }
            }
            break;
        }
        case State::AfterElement: {
            const char c = data[pos++];
            if (c == ',') {
                m_state = State::BeforeElement;
                m_afterComma = true;
            } else if (c == ']') {
                m_skeleton.append(']');
                m_state = State::Outside;
            } else if (!isSpace(c)) {
                return fail(QStringLiteral("expected , or ] after an element of the instances "
                                           "array, got '%1'")
                                .arg(QLatin1Char(c)));
            }
            break;
        }
        }
    }
    return true;
}

} // namespace stellmap
