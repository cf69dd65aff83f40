#include "gotext.h"

#include <QStringView>

namespace stellmap {

bool GoText::isSpace(char32_t rune)
{
    switch (rune) {
    case U'\t':
    case U'\n':
    case U'\v':
    case U'\f':
    case U'\r':
    case U' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        return true;
    default:
        return rune >= 0x2000 && rune <= 0x200A;
    }
}

QString GoText::trimSpace(const QString &text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end) {
        const QChar c = text.at(begin);
        if (c.isHighSurrogate()) {
            break; // no white space lies outside the BMP
        }
        if (!isSpace(c.unicode())) {
            break;
        }
        ++begin;
    }
    while (end > begin) {
        const QChar c = text.at(end - 1);
        if (c.isLowSurrogate() || !isSpace(c.unicode())) {
            break;
        }
        --end;
    }
    if (begin == 0 && end == text.size()) {
        return text;
    }
    return text.mid(begin, end - begin);
}

namespace {

// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020.
bool goIsPrint(char32_t rune)
{
    if (rune == U' ') {
        return true;
    }
    switch (QChar::category(rune)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Space:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return false;
    default:
        return true;
    }
}

void appendHex(QString &out, char32_t value, int digits)
{
    static const char hex[] = "0123456789abcdef";
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
        out.append(QLatin1Char(hex[(value >> shift) & 0xF]));
    }
}

} // namespace

QString GoText::quote(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out.append(QLatin1Char('"'));
    const QStringView view(text);
    for (qsizetype i = 0; i < view.size(); ++i) {
        char32_t rune = view.at(i).unicode();
        if (QChar::isHighSurrogate(rune) && i + 1 < view.size() &&
            view.at(i + 1).isLowSurrogate()) {
            rune = QChar::surrogateToUcs4(view.at(i), view.at(i + 1));
            ++i;
        } else if (rune >= 0xDC80 && rune <= 0xDCFF) {
            // A raw byte of invalid UTF-8 kept as U+DC00+byte: Go prints \xff.
            out.append(QLatin1String("\\x"));
            appendHex(out, rune - 0xDC00, 2);
            continue;
        } else if (QChar::isSurrogate(rune)) {
            rune = 0xFFFD;
        }
        if (rune == U'"' || rune == U'\\') {
            out.append(QLatin1Char('\\'));
            out.append(QChar(rune));
            continue;
        }
        if (goIsPrint(rune)) {
            out.append(QString::fromUcs4(&rune, 1));
            continue;
        }
        switch (rune) {
        case U'\a':
            out.append(QLatin1String("\\a"));
            continue;
        case U'\b':
            out.append(QLatin1String("\\b"));
            continue;
        case U'\f':
            out.append(QLatin1String("\\f"));
            continue;
        case U'\n':
            out.append(QLatin1String("\\n"));
            continue;
        case U'\r':
            out.append(QLatin1String("\\r"));
            continue;
        case U'\t':
            out.append(QLatin1String("\\t"));
            continue;
        case U'\v':
            out.append(QLatin1String("\\v"));
            continue;
        default:
            break;
        }
        if (rune < U' ' || rune == 0x7F) {
            out.append(QLatin1String("\\x"));
            appendHex(out, rune, 2);
        } else if (rune < 0x10000) {
            out.append(QLatin1String("\\u"));
            appendHex(out, rune, 4);
        } else {
            out.append(QLatin1String("\\U"));
            appendHex(out, rune, 8);
        }
    }
    out.append(QLatin1Char('"'));
    return out;
}

int GoText::hexDigit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

qint64 GoText::atoi(const QString &text, QString *error)
{
    const auto fail = [&](const char *why) {
        if (error) {
            *error = QLatin1String("strconv.Atoi: parsing ") + quote(text) + QLatin1String(": ") +
                     QLatin1String(why);
        }
        return qint64(0);
    };
    const QByteArray bytes = text.toUtf8();
    qsizetype i = 0;
    bool negative = false;
    if (!bytes.isEmpty() && (bytes.at(0) == '+' || bytes.at(0) == '-')) {
        negative = bytes.at(0) == '-';
        i = 1;
    }
    if (i == bytes.size()) {
        return fail("invalid syntax");
    }
    // Like ParseUint: a digit that overflows 64 bits is reported at once,
    // before any later invalid byte is seen.
    constexpr quint64 cutoff = ~quint64(0) / 10 + 1;
    quint64 magnitude = 0;
    for (; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        if (c < '0' || c > '9') {
            return fail("invalid syntax");
        }
        if (magnitude >= cutoff) {
            return fail("value out of range");
        }
        const quint64 next = magnitude * 10 + quint64(c - '0');
        if (next < magnitude * 10) {
            return fail("value out of range");
        }
        magnitude = next;
    }
    const quint64 limit = negative ? (quint64(1) << 63) : (quint64(1) << 63) - 1;
    if (magnitude > limit) {
        return fail("value out of range");
    }
    if (error) {
        error->clear();
    }
    return negative ? qint64(0 - magnitude) : qint64(magnitude);
}

QString GoText::fromUtf8(QByteArrayView bytes, InvalidUtf8 invalid)
{
    // utf8.DecodeRune: every byte that does not start a valid, complete,
    // shortest-form, non-surrogate sequence becomes one U+FFFD.
    QString out;
    out.reserve(bytes.size());
    const auto *s = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            out += QChar(char16_t(c));
            ++i;
            continue;
        }
        int length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        char32_t rune = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            rune = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            rune = c & 0x0F;
            if (c == 0xE0) {
                low = 0xA0;
            } else if (c == 0xED) {
                high = 0x9F;
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            rune = c & 0x07;
            if (c == 0xF0) {
                low = 0x90;
            } else if (c == 0xF4) {
                high = 0x8F;
            }
        }
        bool valid = length > 0 && i + length <= n;
        for (int k = 1; valid && k < length; ++k) {
            const unsigned char continuation = s[i + k];
            const unsigned char min = k == 1 ? low : 0x80;
            const unsigned char max = k == 1 ? high : 0xBF;
            if (continuation < min || continuation > max) {
                valid = false;
            } else {
                rune = (rune << 6) | (continuation & 0x3F);
            }
        }
        if (!valid) {
            out += QChar(char16_t(invalid == InvalidUtf8::KeepRawBytes ? 0xDC00 + c : 0xFFFD));
            ++i;
            continue;
        }
        out += QString::fromUcs4(&rune, 1);
        i += length;
    }
    return out;
}

QByteArray GoText::toUtf8(const QString &text)
{
    QByteArray out;
    out.reserve(text.size());
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !text.at(i - 1).isHighSurrogate())) {
            out += text.mid(start, i - start).toUtf8();
            out += char(c - 0xDC00);
            start = i + 1;
        }
    }
    out += text.mid(start).toUtf8();
    return out;
}

QByteArray GoText::toLowerUtf8(QByteArrayView bytes)
{
    // strings.ToLower maps rune by rune (unicode.ToLower); an invalid byte
    // becomes U+FFFD, so byte offsets may shift, exactly as in Go.
    const QString text = fromUtf8(bytes, InvalidUtf8::Replace);
    QByteArray out;
    out.reserve(bytes.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t rune = text.at(i).unicode();
        if (text.at(i).isHighSurrogate() && i + 1 < text.size()) {
            rune = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        // Qt leaves U+0130 alone (its full lower case is two characters);
        // Go's unicode.ToLower uses the simple mapping to 'i'.
        const char32_t lower = rune == 0x130 ? U'i' : QChar::toLower(rune);
        out += QString::fromUcs4(&lower, 1).toUtf8();
    }
    return out;
}

} // namespace stellmap
