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

QString Endpoint::toSpec() const
{
    QString spec;
    if (!name.isEmpty() && name != protocol) {
        spec = name + QLatin1Char('=');
    }
    // The path is written escaped where the spec syntax needs it ('?' starts the options).
    Endpoint escaped = *this;
    escaped.path.replace(QLatin1Char('%'), QLatin1String("%25"))
        .replace(QLatin1Char('?'), QLatin1String("%3F"))
        .replace(QLatin1Char('#'), QLatin1String("%23"));
    spec += escaped.url();
    if (weight != 0 && weight != DefaultEndpointWeight) {
        spec += QLatin1String("?weight=") + QString::number(weight);
    }
    return spec;
}

Endpoint Endpoint::fromSpec(const QString &spec, ValidationError *error, const QString &field)
{
    const auto fail = [&](const QString &why) {
        *error = {field, QStringLiteral("\"%1\" is not [name=]protocol://host:port[/path]"
                                        "[?weight=N]: %2")
                             .arg(spec, why)};
        return Endpoint();
    };
    *error = {};
    Endpoint endpoint;
    const qsizetype schemeEnd = spec.indexOf(QLatin1String("://"));
    if (schemeEnd < 0) {
        return fail(QStringLiteral("\"://\" is missing"));
    }
    const QString head = spec.left(schemeEnd);
    const qsizetype equals = head.indexOf(QLatin1Char('='));
    endpoint.name = equals < 0 ? QString() : head.left(equals);
    endpoint.protocol = head.mid(equals + 1);
    if (endpoint.protocol.isEmpty()) {
        return fail(QStringLiteral("the protocol is missing"));
    }

    QString rest = spec.mid(schemeEnd + 3);
    const qsizetype queryStart = rest.indexOf(QLatin1Char('?'));
    const QString query = queryStart < 0 ? QString() : rest.mid(queryStart + 1);
    if (queryStart >= 0) {
        rest.truncate(queryStart);
    }
    const qsizetype pathStart = rest.indexOf(QLatin1Char('/'));
    endpoint.path =
        pathStart < 0
            ? QString()
            : QString::fromUtf8(QByteArray::fromPercentEncoding(rest.mid(pathStart).toUtf8()));
    const QString authority = pathStart < 0 ? rest : rest.left(pathStart);

    qsizetype portColon = authority.lastIndexOf(QLatin1Char(':'));
    if (authority.startsWith(QLatin1Char('['))) {
        const qsizetype close = authority.indexOf(QLatin1Char(']'));
        if (close < 0 || portColon != close + 1) {
            return fail(QStringLiteral("an IPv6 host needs [brackets] and a port"));
        }
        endpoint.host = authority.mid(1, close - 1);
    } else {
        if (portColon < 0) {
            return fail(QStringLiteral("the port is missing"));
        }
        endpoint.host = authority.left(portColon);
    }
    const QString portText = authority.mid(portColon + 1);
    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || portText.startsWith(QLatin1Char('+')) ||
        port > uint(std::numeric_limits<qint32>::max())) {
        return fail(QStringLiteral("port \"%1\" is not a number").arg(portText));
    }
    endpoint.port = qint32(port);

    if (!query.isEmpty()) {
        if (!query.startsWith(QLatin1String("weight="))) {
            return fail(QStringLiteral("the only option is ?weight=N"));
        }
        const QString weightText = query.mid(7);
        const int weight = weightText.toInt(&ok);
        if (!ok || weightText.startsWith(QLatin1Char('+'))) {
            return fail(QStringLiteral("weight \"%1\" is not a whole number").arg(weightText));
        }
        endpoint.weight = weight;
    }
    return endpoint;
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
