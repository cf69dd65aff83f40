#include "queryreply.h"

#include "apienvelope.h"

#include <QJsonArray>
#include <QJsonObject>

namespace stellmap {

bool QueryReply::readData(const ApiEnvelope &envelope, QString *error)
{
    // The server sends "data":[] when nothing matches; an absent data is accepted too.
    if (envelope.data.isUndefined() || envelope.data.isNull()) {
        return true;
    }
    if (!envelope.data.isArray()) {
        *error = QStringLiteral("the query answer's data is not an array");
        return false;
    }
    const QJsonArray array = envelope.data.toArray();
    m_instances.reserve(array.size());
    for (const QJsonValue &value : array) {
        if (!value.isObject()) {
            *error = QStringLiteral("the query answer holds a non-object instance");
            m_instances.clear();
            return false;
        }
        m_instances.append(Instance::fromJson(value.toObject()));
    }
    return true;
}

} // namespace stellmap
