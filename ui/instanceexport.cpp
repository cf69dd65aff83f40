#include "instanceexport.h"

#include "clientoptions.h"
#include "registerrequest.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

using namespace stellmap;

namespace {

QString csvField(const QString &text)
{
    static const QRegularExpression special(QStringLiteral("[\",\\r\\n]"));
    if (!text.contains(special)) {
        return text;
    }
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString pairs(const StringMap &map)
{
    QStringList items;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        items.append(it.key() + QLatin1Char('=') + it.value());
    }
    return items.join(QLatin1Char(';'));
}

QString isoTime(qint64 unixSeconds)
{
    return unixSeconds > 0
               ? QDateTime::fromSecsSinceEpoch(unixSeconds, Qt::UTC).toString(Qt::ISODate)
               : QString();
}

} // namespace

QString InstanceExport::toJson(const QList<Instance> &instances)
{
    return instances.size() == 1 ? QString::fromUtf8(instances.first().toJson())
                                 : toJsonArray(instances);
}

QString InstanceExport::toJsonArray(const QList<Instance> &instances)
{
    QStringList items;
    for (const Instance &instance : instances) {
        items.append(QString::fromUtf8(instance.toJson()));
    }
    return items.isEmpty()
               ? QStringLiteral("[]\n")
               : QLatin1String("[\n") + items.join(QLatin1String(",\n")) + QLatin1String("\n]\n");
}

QString InstanceExport::toCsv(const QList<Instance> &instances)
{
    QString csv = QStringLiteral("namespace,service,instanceId,zone,endpoints,labels,metadata,"
                                 "leaseTtlSeconds,registeredAt,lastHeartbeat\r\n");
    for (const Instance &instance : instances) {
        QStringList endpoints;
        for (const Endpoint &endpoint : instance.endpoints) {
            endpoints.append(endpoint.toSpec());
        }
        const QStringList row = {instance.key.namespaceName,
                                 instance.key.service.service,
                                 instance.key.instanceId,
                                 instance.zone,
                                 endpoints.join(QLatin1Char(' ')),
                                 pairs(instance.labels),
                                 pairs(instance.metadata),
                                 QString::number(instance.leaseTtlSeconds),
                                 isoTime(instance.registeredAtUnix),
                                 isoTime(instance.lastHeartbeatUnix)};
        QStringList fields;
        for (const QString &field : row) {
            fields.append(csvField(field));
        }
        csv += fields.join(QLatin1Char(',')) + QLatin1String("\r\n");
    }
    return csv;
}

QString InstanceExport::shellQuote(const QString &word)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    if (plain.match(word).hasMatch()) {
        return word;
    }
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

bool InstanceExport::flagsCarry(const Instance &instance)
{
    // --label/--meta split at the first '='; an endpoint must read back as it was.
    const auto plainKeys = [](const StringMap &map) {
        return std::none_of(map.keyBegin(), map.keyEnd(),
                            [](const QString &key) { return key.contains(QLatin1Char('=')); });
    };
    if (!plainKeys(instance.labels) || !plainKeys(instance.metadata)) {
        return false;
    }
    for (const Endpoint &endpoint : instance.endpoints) {
        ValidationError error;
        Endpoint back = Endpoint::fromSpec(endpoint.toSpec(), &error);
        // The server fills these in the same way when the flags leave them out.
        if (back.name.isEmpty()) {
            back.name = back.protocol;
        }
        if (back.weight == 0) {
            back.weight = DefaultEndpointWeight;
        }
        if (error || back != endpoint) {
            return false;
        }
    }
    return true;
}

QString InstanceExport::toCliCommands(const QList<Instance> &instances, const QStringList &servers)
{
    // The servers as the client reads them (a bare host:port is http), without user info.
    ValidationError serverError;
    QStringList clean;
    for (const QUrl &url : ClientOptions::parseServers(servers, &serverError)) {
        clean.append(url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment)
                         .toString());
    }
    QStringList lines;
    for (const Instance &instance : instances) {
        QStringList words = {QStringLiteral("stellmap-cli"), QStringLiteral("register")};
        const auto add = [&words](const QString &option, const QString &value) {
            words.append(option);
            words.append(shellQuote(value));
        };
        if (!clean.isEmpty()) {
            add(QStringLiteral("-s"), clean.join(QLatin1Char(',')));
        }
        if (!flagsCarry(instance)) {
            // What flags cannot say goes as the exact request body.
            words.append(QStringLiteral("--file - <<'EOF'\n") +
                         QString::fromUtf8(RegisterRequest::fromInstance(instance).toJson()) +
                         QStringLiteral("\nEOF"));
            lines.append(words.join(QLatin1Char(' ')));
            continue;
        }
        add(QStringLiteral("-n"), instance.key.namespaceName);
        add(QStringLiteral("--service"), instance.key.service.service);
        add(QStringLiteral("-i"), instance.key.instanceId);
        if (!instance.zone.isEmpty()) {
            add(QStringLiteral("--zone"), instance.zone);
        }
        for (const Endpoint &endpoint : instance.endpoints) {
            add(QStringLiteral("--endpoint"), endpoint.toSpec());
        }
        for (auto it = instance.labels.cbegin(); it != instance.labels.cend(); ++it) {
            add(QStringLiteral("--label"), it.key() + QLatin1Char('=') + it.value());
        }
        for (auto it = instance.metadata.cbegin(); it != instance.metadata.cend(); ++it) {
            add(QStringLiteral("--meta"), it.key() + QLatin1Char('=') + it.value());
        }
        if (instance.leaseTtlSeconds > 0) {
            add(QStringLiteral("--ttl"), QString::number(instance.leaseTtlSeconds));
        }
        lines.append(words.join(QLatin1Char(' ')));
    }
    return lines.join(QLatin1Char('\n'));
}
