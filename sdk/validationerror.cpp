#include "validationerror.h"

namespace stellmap {

QString ValidationError::toString() const
{
    if (field.isEmpty()) {
        return message;
    }
    return field + QLatin1String(": ") + message;
}

QString ValidationError::negativeLeaseTtl()
{
    return QStringLiteral("leaseTtlSeconds must be greater than or equal to 0");
}

} // namespace stellmap
