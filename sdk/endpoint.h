#pragma once

#include "validationerror.h"

#include <QList>
#include <QString>

class QJsonObject;

namespace stellmap {

class JsonWriter;

//! Endpoint weight the server applies when none (or 0) is given.
inline constexpr qint32 DefaultEndpointWeight = 100;

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

    /*!
     * The command-line form `[name=]protocol://host:port[/path][?weight=N]`,
     * e.g. `grpc=grpc://10.0.0.2:9090?weight=50`; the name is left out when
     * it equals the protocol, the weight when it is 0 or the default 100.
     */
    QString toSpec() const;
    /*!
     * Reads the form toSpec() writes. Only the shape is checked here (the
     * port must be a number, the only query item is weight); the server's
     * rules are normalizeList()'s. On failure \a error names \a field.
     */
    static Endpoint fromSpec(const QString &spec, ValidationError *error,
                             const QString &field = QStringLiteral("endpoint"));

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
