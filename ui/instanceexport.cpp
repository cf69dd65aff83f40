#include "instanceexport.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QUrl>

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

QString InstanceExport::toCliCommands(const QList<Instance> &instances, const QStringList &servers)
{
    QStringList clean;
    for (const QString &server : servers) {
        clean.append(QUrl(server)
                         .adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment)
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
