#pragma once

#include <QByteArray>
#include <QString>

namespace stellmap {

/*!
 * Reads a chunked request body incrementally the way the chunked reader of
 * Go 1.24+ (the server is built with 1.25) does: CRLF-only chunk lines, the
 * overhead limit, and its error texts ("invalid byte in chunk length",
 * "chunked line ends with bare LF", "malformed chunked encoding", ...), which
 * the server's handlers answer verbatim when the body breaks before the
 * first JSON value is complete.
 */
class GoChunkedBody
{
public:
    enum class State
    {
        NeedMore,
        Done,
        Failed
    };

    //! Consumes what it can from the front of \a input.
    State feed(QByteArray &input);

    const QByteArray &body() const { return m_body; }
    //! Go's error text once Failed.
    const QString &error() const { return m_error; }

private:
    enum class Phase
    {
        Size,
        Data,
        DataEnd,
        Trailer
    };

    State fail(const char *message);

    Phase m_phase = Phase::Size;
    quint64 m_remaining = 0;
    qint64 m_excess = 0;
    QByteArray m_body;
    QString m_error;
};

} // namespace stellmap
