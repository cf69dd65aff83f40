#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QMap>
#include <QString>
#include <QVarLengthArray>

namespace stellmap {

using StringMap = QMap<QString, QString>;

/*!
 * Streaming JSON writer that produces the bytes Go's encoding/json produces:
 * members in the order they are written, map keys sorted by their UTF-8
 * bytes, and Go's escaping (<, >, &, U+2028 and U+2029 as \\u escapes,
 * \\b \\f \\n \\r \\t short forms, other control characters as \\u00XX).
 *
 * Used for request bodies (exact writing) and by stellmap-devd for answers
 * that must match the real server byte for byte.
 */
class JsonWriter
{
public:
    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();

    //! Starts a member of the current object; the value follows.
    JsonWriter &key(QLatin1StringView name);
    JsonWriter &key(const QString &name);

    JsonWriter &value(const QString &text);
    //! A string given as UTF-8 (invalid sequences are written as \\ufffd, as Go does).
    JsonWriter &utf8Value(QByteArrayView utf8);
    JsonWriter &utf8Key(QByteArrayView utf8);
    JsonWriter &value(QLatin1StringView text);
    JsonWriter &value(qint64 number);
    JsonWriter &value(quint64 number);
    JsonWriter &value(int number) { return value(qint64(number)); }
    JsonWriter &value(bool flag);
    JsonWriter &nullValue();
    //! Writes \a map as an object with keys in UTF-8 byte order, as Go does.
    JsonWriter &value(const StringMap &map);

    //! Convenience: a member whose value is a string.
    JsonWriter &member(QLatin1StringView name, const QString &text)
    {
        return key(name).value(text);
    }
    //! A string member left out when empty (Go's `omitempty`).
    JsonWriter &optionalMember(QLatin1StringView name, const QString &text);
    //! A UTF-8 string member left out when empty (Go's `omitempty`).
    JsonWriter &optionalUtf8Member(QLatin1StringView name, QByteArrayView utf8);
    //! A map member left out when empty (Go's `omitempty`).
    JsonWriter &optionalMember(QLatin1StringView name, const StringMap &map);

    //! Appends raw, already valid JSON as the next value.
    JsonWriter &rawValue(const QByteArray &json);

    //! Appends a newline, as Go's json.Encoder does after each value.
    JsonWriter &newline();

    const QByteArray &data() const { return m_out; }
    QByteArray take();

    static QByteArray quoted(const QString &text);

private:
    void separate();
    void appendString(const QString &text);
    void appendUtf8String(QByteArrayView utf8);
    //! One character below 0x80 inside a string, escaped as Go escapes it.
    void appendAscii(char16_t c);

    QByteArray m_out;
    // One entry per open container: true until its first element is written.
    QVarLengthArray<bool, 16> m_firstInContainer;
    bool m_afterKey = false;
};

} // namespace stellmap
