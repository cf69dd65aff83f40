#include "httprequest.h"

namespace stellmap {

namespace {

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

bool hasToken(const QByteArray &value, QByteArrayView token)
{
    for (const QByteArray &part : value.split(',')) {
        if (equalsIgnoringCase(part.trimmed(), token)) {
            return true;
        }
    }
    return false;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (equalsIgnoringCase(key, name)) {
            return value;
        }
    }
    return QByteArray();
}

bool HttpRequest::wantsKeepAlive() const
{
    QByteArray connection;
    for (const auto &[key, value] : headers) {
        if (equalsIgnoringCase(key, "Connection")) {
            connection += value + ',';
        }
    }
    if (versionMinor >= 1) {
        return !hasToken(connection, "close");
    }
    return hasToken(connection, "keep-alive");
}

} // namespace stellmap
