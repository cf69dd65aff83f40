#include "instancetable.h"

using namespace stellmap;

QByteArray InstanceTable::json(const QList<Instance> &instances)
{
    if (instances.isEmpty()) {
        return "[]\n";
    }
    QByteArray text = "[\n";
    for (qsizetype i = 0; i < instances.size(); ++i) {
        text += instances.at(i).toJson();
        text += i + 1 < instances.size() ? ",\n" : "\n";
    }
    return text + "]\n";
}

QString InstanceTable::render(const QList<Instance> &instances, qint64 serverNowUnix)
{
    QList<QStringList> rows;
    rows.append({QStringLiteral("SERVICE"), QStringLiteral("INSTANCE"), QStringLiteral("ZONE"),
                 QStringLiteral("ENDPOINTS"), QStringLiteral("LABELS"), QStringLiteral("LEASE")});
    for (const Instance &instance : instances) {
        QStringList endpoints;
        for (const Endpoint &endpoint : instance.endpoints) {
            endpoints.append(endpoint.toSpec());
        }
        QStringList labels;
        for (auto it = instance.labels.cbegin(); it != instance.labels.cend(); ++it) {
            labels.append(it.key() + QLatin1Char('=') + it.value());
        }
        const qint64 left = instance.expiresAtUnix() - serverNowUnix;
        const QString lease =
            left < 0 ? QStringLiteral("expired")
                     : QStringLiteral("%1s of %2s").arg(left).arg(instance.effectiveLeaseTtl());
        rows.append({instance.key.service.service, instance.key.instanceId,
                     instance.zone.isEmpty() ? QStringLiteral("-") : instance.zone,
                     endpoints.join(QLatin1Char(' ')),
                     labels.isEmpty() ? QStringLiteral("-") : labels.join(QLatin1Char(',')),
                     lease});
    }
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList &row : rows) {
        for (qsizetype c = 0; c < row.size(); ++c) {
            widths[c] = qMax(widths[c], row.at(c).size());
        }
    }
    QString text;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c) {
            line += c + 1 < row.size() ? row.at(c).leftJustified(widths[c] + 2) : row.at(c);
        }
        text += line + QLatin1Char('\n');
    }
    text += QStringLiteral("%1 instance%2\n")
                .arg(instances.size())
                .arg(instances.size() == 1 ? QString() : QStringLiteral("s"));
    return text;
}
