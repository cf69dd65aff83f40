#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpSocket>

#include <utility>

/*!
 * HTTP on a raw socket, for tests that check the exact bytes a server sends
 * (status line, headers, framing, when headers arrive).
 */
struct RawResponse
{
    int status = 0;
    QByteArray statusLine;
    QList<std::pair<QByteArray, QByteArray>> headers;
    //! De-chunked body.
    QByteArray body;
    QByteArray raw;

    QByteArray header(QByteArrayView name) const;
    int headerCount(QByteArrayView name) const;
    //! Parses \a raw (up to the end of what is there); false without a header end.
    bool parse(const QByteArray &raw);
};

class RawHttp
{
public:
    //! A request with Host and "Connection: close" (and Content-Length when \a body is set).
    static QByteArray request(const QByteArray &method, const QByteArray &target,
                              const QByteArray &body = QByteArray(),
                              const QList<QByteArray> &extraHeaders = {}, bool withBody = false);
    //! Sends \a request and reads until the server closes (or \a timeoutMs).
    static RawResponse exchange(quint16 port, const QByteArray &request, int timeoutMs = 10000);
    static RawResponse get(quint16 port, const QByteArray &target);
    static RawResponse post(quint16 port, const QByteArray &target, const QByteArray &body);
};

/*!
 * A streaming GET that keeps reading in the background: tests wait on its
 * data with QTRY_VERIFY.
 */
class StreamClient : public QObject
{
    Q_OBJECT

public:
    explicit StreamClient(quint16 port, const QByteArray &target, QObject *parent = nullptr);

    const QByteArray &data() const { return m_data; }
    //! The parsed response so far.
    RawResponse response() const;
    struct Event
    {
        QByteArray id;
        QByteArray type;
        QByteArray data;
    };
    //! The complete events (blank-line terminated) received so far; comments left out.
    QList<Event> events() const;
    //! Number of complete events of \a type (any type when empty) received so far.
    int eventCount(QByteArrayView type = {}) const;
    bool isClosed() const { return m_closed; }
    //! Stops (or resumes) reading, so the server's sends back up.
    void setPaused(bool paused);

private:
    QTcpSocket m_socket;
    QByteArray m_data;
    bool m_closed = false;
    bool m_paused = false;
};
