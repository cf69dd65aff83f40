#include "jsonwriter.h"

#include <algorithm>

namespace stellmap {

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_firstInContainer.isEmpty()) {
        if (!m_firstInContainer.back()) {
            m_out.append(',');
        }
        m_firstInContainer.back() = false;
    }
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    m_out.append('{');
    m_firstInContainer.append(true);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    Q_ASSERT_X(!m_firstInContainer.isEmpty(), "JsonWriter", "endObject() without beginObject()");
    m_out.append('}');
    if (!m_firstInContainer.isEmpty()) {
        m_firstInContainer.removeLast();
    }
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    m_out.append('[');
    m_firstInContainer.append(true);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    Q_ASSERT_X(!m_firstInContainer.isEmpty(), "JsonWriter", "endArray() without beginArray()");
    m_out.append(']');
    if (!m_firstInContainer.isEmpty()) {
        m_firstInContainer.removeLast();
    }
    return *this;
}

JsonWriter &JsonWriter::key(QLatin1StringView name)
{
    separate();
    m_out.append('"');
    m_out.append(name.data(), name.size()); // our own keys never need escaping
    m_out.append("\":", 2);
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::key(const QString &name)
{
    separate();
    appendString(name);
    m_out.append(':');
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::value(const QString &text)
{
    separate();
    appendString(text);
    return *this;
}

JsonWriter &JsonWriter::utf8Value(QByteArrayView utf8)
{
    separate();
    appendUtf8String(utf8);
    return *this;
}

JsonWriter &JsonWriter::utf8Key(QByteArrayView utf8)
{
    separate();
    appendUtf8String(utf8);
    m_out.append(':');
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::optionalUtf8Member(QLatin1StringView name, QByteArrayView utf8)
{
    if (!utf8.isEmpty()) {
        key(name).utf8Value(utf8);
    }
    return *this;
}

JsonWriter &JsonWriter::value(QLatin1StringView text)
{
    return value(QString(text));
}

JsonWriter &JsonWriter::value(qint64 number)
{
    separate();
    m_out.append(QByteArray::number(number));
    return *this;
}

JsonWriter &JsonWriter::value(quint64 number)
{
    separate();
    m_out.append(QByteArray::number(number));
    return *this;
}

JsonWriter &JsonWriter::value(bool flag)
{
    separate();
    m_out.append(flag ? "true" : "false");
    return *this;
}

JsonWriter &JsonWriter::nullValue()
{
    separate();
    m_out.append("null", 4);
    return *this;
}

JsonWriter &JsonWriter::value(const StringMap &map)
{
    // Go sorts map keys by their bytes; QMap sorts by UTF-16 units, which
    // differs for characters above U+FFFF, so sort again when needed.
    QList<std::pair<QByteArray, const QString *>> keys;
    keys.reserve(map.size());
    bool needsSort = false;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        QByteArray utf8 = it.key().toUtf8();
        if (!keys.isEmpty() && !(keys.back().first < utf8)) {
            needsSort = true;
        }
        keys.append({std::move(utf8), &it.value()});
    }
    if (needsSort) {
        std::sort(keys.begin(), keys.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
    }
    beginObject();
    for (const auto &[utf8, valuePtr] : keys) {
        key(QString::fromUtf8(utf8));
        value(*valuePtr);
    }
    return endObject();
}

JsonWriter &JsonWriter::optionalMember(QLatin1StringView name, const QString &text)
{
    if (!text.isEmpty()) {
        key(name).value(text);
    }
    return *this;
}

JsonWriter &JsonWriter::optionalMember(QLatin1StringView name, const StringMap &map)
{
    if (!map.isEmpty()) {
        key(name).value(map);
    }
    return *this;
}

JsonWriter &JsonWriter::rawValue(const QByteArray &json)
{
    separate();
    m_out.append(json);
    return *this;
}

JsonWriter &JsonWriter::newline()
{
    m_out.append('\n');
    return *this;
}

QByteArray JsonWriter::take()
{
    QByteArray out = std::move(m_out);
    m_out = QByteArray();
    m_firstInContainer.clear();
    m_afterKey = false;
    return out;
}

QByteArray JsonWriter::quoted(const QString &text)
{
    JsonWriter writer;
    writer.appendString(text);
    return writer.take();
}

void JsonWriter::appendAscii(char16_t c)
{
    static const char hex[] = "0123456789abcdef";
    switch (c) {
    case u'"':
        m_out.append("\\\"", 2);
        return;
    case u'\\':
        m_out.append("\\\\", 2);
        return;
    case u'\b':
        m_out.append("\\b", 2);
        return;
    case u'\f':
        m_out.append("\\f", 2);
        return;
    case u'\n':
        m_out.append("\\n", 2);
        return;
    case u'\r':
        m_out.append("\\r", 2);
        return;
    case u'\t':
        m_out.append("\\t", 2);
        return;
    case u'<':
    case u'>':
    case u'&':
        break;
    default:
        if (c >= 0x20) {
            m_out.append(char(c));
            return;
        }
        break;
    }
    m_out.append("\\u00", 4);
    m_out.append(hex[c >> 4]);
    m_out.append(hex[c & 0xF]);
}

void JsonWriter::appendString(const QString &text)
{
    m_out.append('"');
    const qsizetype n = text.size();
    const QChar *chars = text.constData();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = chars[i].unicode();
        if (c < 0x80) {
            appendAscii(c);
            continue;
        }
        if (c == 0x2028 || c == 0x2029) {
            m_out.append(c == 0x2028 ? "\\u2028" : "\\u2029", 6);
            continue;
        }
        char32_t rune = c;
        if (QChar::isHighSurrogate(c) && i + 1 < n && chars[i + 1].isLowSurrogate()) {
            rune = QChar::surrogateToUcs4(c, chars[i + 1].unicode());
            ++i;
        } else if (QChar::isSurrogate(c)) {
            m_out.append("\\ufffd", 6); // what Go writes for invalid UTF-8
            continue;
        }
        if (rune < 0x800) {
            m_out.append(char(0xC0 | (rune >> 6)));
            m_out.append(char(0x80 | (rune & 0x3F)));
        } else if (rune < 0x10000) {
            m_out.append(char(0xE0 | (rune >> 12)));
            m_out.append(char(0x80 | ((rune >> 6) & 0x3F)));
            m_out.append(char(0x80 | (rune & 0x3F)));
        } else {
            m_out.append(char(0xF0 | (rune >> 18)));
            m_out.append(char(0x80 | ((rune >> 12) & 0x3F)));
            m_out.append(char(0x80 | ((rune >> 6) & 0x3F)));
            m_out.append(char(0x80 | (rune & 0x3F)));
        }
    }
    m_out.append('"');
}

namespace {

//! Length of the valid UTF-8 sequence at \a s (Go's utf8.DecodeRune rules), 0 when invalid.
qsizetype validSequence(const unsigned char *s, qsizetype left)
{
    const unsigned char lead = s[0];
    qsizetype length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF; // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF; // up to U+10FFFF
    } else {
        return 0;
    }
    if (left < length || s[1] < low || s[1] > high) {
        return 0;
    }
    for (qsizetype i = 2; i < length; ++i) {
        if (s[i] < 0x80 || s[i] > 0xBF) {
            return 0;
        }
    }
    return length;
}

} // namespace

void JsonWriter::appendUtf8String(QByteArrayView utf8)
{
    m_out.append('"');
    const auto *s = reinterpret_cast<const unsigned char *>(utf8.data());
    const qsizetype n = utf8.size();
    qsizetype i = 0;
    while (i < n) {
        // Runs of plain characters are copied at once.
        qsizetype plain = i;
        while (plain < n && s[plain] >= 0x20 && s[plain] < 0x80 && s[plain] != '"' &&
               s[plain] != '\\' && s[plain] != '<' && s[plain] != '>' && s[plain] != '&') {
            ++plain;
        }
        if (plain > i) {
            m_out.append(utf8.data() + i, plain - i);
            i = plain;
            continue;
        }
        if (s[i] < 0x80) {
            appendAscii(s[i]);
            ++i;
            continue;
        }
        const qsizetype length = validSequence(s + i, n - i);
        if (length == 0) {
            m_out.append("\\ufffd", 6); // Go: one replacement per invalid byte
            ++i;
        } else if (length == 3 && s[i] == 0xE2 && s[i + 1] == 0x80 &&
                   (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
            m_out.append(s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
            i += 3;
        } else {
            m_out.append(utf8.data() + i, length);
            i += length;
        }
    }
    m_out.append('"');
}

} // namespace stellmap
