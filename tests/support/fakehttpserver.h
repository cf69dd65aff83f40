#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>

/*!
 * A tiny HTTP server for the faults stellmap-devd cannot produce: it reads
 * each request (head and Content-Length body) and answers with canned raw
 * bytes, or never answers at all. Every request received is recorded.
 */
class FakeHttpServer : public QObject
{
    Q_OBJECT

public:
    explicit FakeHttpServer(QObject *parent = nullptr);

    //! Listens on \a address (another loopback address, e.g. 127.0.0.2, is "another host").
    bool listen(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost));
    //! Same, speaking TLS with this PEM certificate and key.
    bool listenTls(const QString &certificateFile, const QString &keyFile);
    quint16 port() const { return m_server->serverPort(); }
    //! The server's URL; \a host overrides its address.
    QUrl url(const QString &host = QString()) const;

    //! Answers every request with these bytes (status line, headers, body), then closes.
    void setResponse(const QByteArray &raw);
    /*!
     * Request i gets responses[i] (the last one repeats). A response that
     * starts with "STREAM " is sent without the marker and the connection
     * stays open (an event stream that goes silent).
     */
    void setResponses(const QList<QByteArray> &responses);
    //! Headers of an open-ended event stream, followed by \a events.
    static QByteArray stream(const QByteArray &events);
    //! A local port nothing listens on (a dead server).
    static quint16 closedPort();
    static QUrl localUrl(quint16 port);
    //! Closes every open connection (a stream that ends).
    void closeAll();
    //! A complete response with Content-Length and Connection: close.
    static QByteArray response(int status, const QByteArray &reason, const QByteArray &contentType,
                               const QByteArray &body, const QList<QByteArray> &headers = {});
    //! Accepts and reads, never answers.
    void setSilent() { m_silent = true; }

    //! Request heads and bodies received, in order.
    const QList<QByteArray> &requests() const { return m_requests; }
    //! The value of \a name in request \a index (empty when absent).
    QByteArray header(int index, QByteArrayView name) const;

private:
    void serve(QTcpSocket *socket);

    void watch();

    QTcpServer *m_server = nullptr;
    bool m_tls = false;
    QList<QByteArray> m_responses;
    QList<QPointer<QTcpSocket>> m_open;
    bool m_silent = false;
    QList<QByteArray> m_requests;
};
