#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>

#include <utility>

namespace stellmap {

using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

//! One parsed HTTP/1.x request.
struct HttpRequest
{
    QByteArray method;
    //! The request-target as sent.
    QByteArray target;
    //! Path of the target, still %-escaped (absolute-form targets reduced to it).
    QByteArray escapedPath;
    //! Everything after the first '?', as sent.
    QByteArray rawQuery;
    int versionMinor = 1;
    HttpHeaders headers;
    QByteArray body;
    //! Go's read error when the body broke off (a bad chunk): the handler
    //! answers with it if its JSON value was not complete by then.
    QString bodyError;
    QHostAddress peer;

    //! The first value of a header, matched case-insensitively; empty when absent.
    QByteArray header(QByteArrayView name) const;
    //! True when the connection should stay open after the answer (HTTP/1.1
    //! unless "Connection: close"; HTTP/1.0 only with "Connection: keep-alive").
    bool wantsKeepAlive() const;
};

} // namespace stellmap
