#include "healthreply.h"

#include "apienvelope.h"

#include <QJsonObject>

namespace stellmap {

bool HealthReply::readData(const ApiEnvelope &envelope, QString *error)
{
    if (!envelope.data.isObject()) {
        *error = QStringLiteral("the health answer has no data object");
        return false;
    }
    m_health = HealthStatus::fromJson(envelope.data.toObject());
    return true;
}

} // namespace stellmap
