#include "endpoint.h"

#include "gotext.h"
#include "jsonwriter.h"

#include <QJsonObject>
#include <QSet>

namespace stellmap {

QString Endpoint::url() const
{
    QString hostPart = host;
    if (hostPart.contains(QLatin1Char(':')) && !hostPart.startsWith(QLatin1Char('['))) {
        hostPart = QLatin1Char('[') + hostPart + QLatin1Char(']'); // IPv6 literal
    }
    QString text =
        protocol + QLatin1String("://") + hostPart + QLatin1Char(':') + QString::number(port);
    if (!path.isEmpty()) {
        if (!path.startsWith(QLatin1Char('/'))) {
            text += QLatin1Char('/');
        }
        text += path;
    }
    return text;
}

namespace {

qint32 readInt32(const QJsonObject &object, QLatin1StringView key)
{
    const qint64 value = object.value(key).toInteger();
    if (value < std::numeric_limits<qint32>::min() || value > std::numeric_limits<qint32>::max()) {
        return 0;
    }
    return qint32(value);
}

} // namespace

Endpoint Endpoint::fromJson(const QJsonObject &object)
{
    Endpoint endpoint;
    endpoint.name = object.value(QLatin1String("name")).toString();
    endpoint.protocol = object.value(QLatin1String("protocol")).toString();
    endpoint.host = object.value(QLatin1String("host")).toString();
    endpoint.port = readInt32(object, QLatin1String("port"));
    endpoint.path = object.value(QLatin1String("path")).toString();
    endpoint.weight = readInt32(object, QLatin1String("weight"));
    return endpoint;
}

void Endpoint::writeJson(JsonWriter &writer) const
{
    writer.beginObject()
        .member(QLatin1String("name"), name)
        .member(QLatin1String("protocol"), protocol)
        .member(QLatin1String("host"), host)
        .key(QLatin1String("port"))
        .value(qint64(port))
        .optionalMember(QLatin1String("path"), path);
    if (weight != 0) {
        writer.key(QLatin1String("weight")).value(qint64(weight));
    }
    writer.endObject();
}

ValidationError Endpoint::normalizeList(QList<Endpoint> &endpoints, const QString &fieldPrefix)
{
    if (endpoints.isEmpty()) {
        return {fieldPrefix, QStringLiteral("at least one endpoint is required")};
    }
    QSet<QString> seen;
    for (qsizetype i = 0; i < endpoints.size(); ++i) {
        Endpoint &endpoint = endpoints[i];
        const QString field =
            fieldPrefix + QLatin1Char('[') + QString::number(i) + QLatin1String("].");
        endpoint.name = GoText::trimSpace(endpoint.name);
        endpoint.protocol = GoText::trimSpace(endpoint.protocol);
        endpoint.host = GoText::trimSpace(endpoint.host);
        endpoint.path = GoText::trimSpace(endpoint.path);
        if (endpoint.protocol.isEmpty()) {
            return {field + QLatin1String("protocol"),
                    QStringLiteral("endpoint protocol is required")};
        }
        if (endpoint.name.isEmpty()) {
            endpoint.name = endpoint.protocol;
        }
        if (endpoint.host.isEmpty()) {
            return {field + QLatin1String("host"), QStringLiteral("endpoint host is required")};
        }
        if (endpoint.port <= 0 || endpoint.port > 65535) {
            return {field + QLatin1String("port"),
                    QStringLiteral("endpoint port must be within 1..65535")};
        }
        if (endpoint.weight < 0) {
            return {field + QLatin1String("weight"),
                    QStringLiteral("endpoint weight must be greater than or equal to 0")};
        }
        if (endpoint.weight == 0) {
            endpoint.weight = 100;
        }
        if (seen.contains(endpoint.name)) {
            return {field + QLatin1String("name"),
                    QLatin1String("duplicate endpoint name: ") + endpoint.name};
        }
        seen.insert(endpoint.name);
    }
    return {};
}

} // namespace stellmap
