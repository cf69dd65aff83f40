#include "heartbeatrequest.h"

#include "jsonwriter.h"

namespace stellmap {

ValidationError HeartbeatRequest::normalize()
{
    if (auto error = key.normalize()) {
        return error;
    }
    if (auto error = key.checkRequired()) {
        return error;
    }
    if (leaseTtlSeconds < 0) {
        return {QStringLiteral("leaseTtlSeconds"), ValidationError::negativeLeaseTtl()};
    }
    return {};
}

QByteArray HeartbeatRequest::toJson() const
{
    JsonWriter writer;
    writer.beginObject();
    key.writeJsonMembers(writer);
    writer.key(QLatin1String("leaseTtlSeconds")).value(leaseTtlSeconds).endObject();
    return writer.take();
}

} // namespace stellmap
