#include "healthstatus.h"

#include "jsonwriter.h"

#include <QJsonObject>

namespace stellmap {

HealthStatus HealthStatus::fromJson(const QJsonObject &data)
{
    HealthStatus health;
    health.status = data.value(QLatin1String("status")).toString();
    health.leaderId = quint64(qMax<qint64>(0, data.value(QLatin1String("leaderId")).toInteger()));
    health.localNodeId =
        quint64(qMax<qint64>(0, data.value(QLatin1String("localNodeId")).toInteger()));
    health.leaderAddr = data.value(QLatin1String("leaderAddr")).toString();
    return health;
}

void HealthStatus::writeJson(JsonWriter &writer) const
{
    writer.beginObject()
        .member(QLatin1String("status"), status)
        .key(QLatin1String("leaderId"))
        .value(leaderId)
        .key(QLatin1String("localNodeId"))
        .value(localNodeId)
        .optionalMember(QLatin1String("leaderAddr"), leaderAddr)
        .endObject();
}

} // namespace stellmap
