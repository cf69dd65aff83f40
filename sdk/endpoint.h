#pragma once

#include "validationerror.h"

#include <QList>
#include <QString>

class QJsonObject;

namespace stellmap {

class JsonWriter;

/*!
 * One protocol endpoint of an instance, e.g. {"name":"grpc","protocol":"grpc",
 * "host":"10.0.0.2","port":9090,"weight":50}.
 */
struct Endpoint
{
    QString name;
    QString protocol;
    QString host;
    qint32 port = 0;
    QString path;
    qint32 weight = 0;

    //! protocol://host:port/path, for display and copying.
    QString url() const;

    //! Lenient: absent or mistyped members stay empty.
    static Endpoint fromJson(const QJsonObject &object);
    //! Exact: name, protocol, host, port always; path and weight when set.
    void writeJson(JsonWriter &writer) const;

    friend bool operator==(const Endpoint &, const Endpoint &) = default;

    /*!
     * The server's endpoint rules, in its order: trims, protocol and host
     * required, port 1..65535, weight >= 0, empty name becomes the protocol,
     * weight 0 becomes 100, names unique. \a fieldPrefix names the list
     * (e.g. "endpoints") in the returned error's field.
     */
    static ValidationError normalizeList(QList<Endpoint> &endpoints,
                                         const QString &fieldPrefix = QStringLiteral("endpoints"));
};

} // namespace stellmap
