#include "deregisterrequest.h"

#include "jsonwriter.h"

namespace stellmap {

ValidationError DeregisterRequest::normalize()
{
    if (auto error = key.normalize()) {
        return error;
    }
    return key.checkRequired();
}

QByteArray DeregisterRequest::toJson() const
{
    JsonWriter writer;
    writer.beginObject();
    key.writeJsonMembers(writer);
    writer.endObject();
    return writer.take();
}

} // namespace stellmap
