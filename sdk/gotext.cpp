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

} // namespace stellmap
