#pragma once

#include <QString>

namespace stellmap {

/*!
 * Text rules of the Go runtime the StellMap server is written in.
 *
 * The server trims with Go's strings.TrimSpace and quotes values in its error
 * messages with strconv.Quote (%q). Client validation must produce the same
 * texts, so both live here, once.
 */
class GoText
{
public:
    //! unicode.IsSpace: ASCII white space, U+0085, U+00A0 and the Unicode White_Space runes.
    static bool isSpace(char32_t rune);
    //! strings.TrimSpace.
    static QString trimSpace(const QString &text);
    /*!
     * strconv.Quote, including the surrounding double quotes. A lone
     * surrogate U+DC80..U+DCFF stands for a raw invalid byte and is written
     * as \\xHH, as Go writes invalid UTF-8.
     */
    static QString quote(const QString &text);
    //! The value of a hexadecimal digit, -1 for any other byte.
    static int hexDigit(char c);
    //! strconv.Atoi on a 64-bit platform; on failure \a error gets Go's message.
    static qint64 atoi(const QString &text, QString *error);

    //! What to make of bytes that are not valid UTF-8.
    enum class InvalidUtf8
    {
        //! One U+FFFD per byte, as Go's JSON decoder does.
        Replace,
        /*!
         * Each byte kept as the lone surrogate U+DC00+byte (a Go string may
         * hold any bytes, e.g. a %-decoded query value): never equal to valid
         * text, quoted as \\xHH by quote(), written back by toUtf8().
         */
        KeepRawBytes
    };
    //! Decodes like Go's utf8.DecodeRune, byte by byte on invalid sequences.
    static QString fromUtf8(QByteArrayView bytes, InvalidUtf8 invalid);
    //! UTF-8 of \a text, with KeepRawBytes surrogates turned back into their bytes.
    static QByteArray toUtf8(const QString &text);
    //! strings.ToLower on UTF-8 bytes (lengths may change, as in Go).
    static QByteArray toLowerUtf8(QByteArrayView bytes);
};

} // namespace stellmap
