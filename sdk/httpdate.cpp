#include "httpdate.h"

namespace stellmap {

QDateTime HttpDate::parse(QByteArrayView value)
{
    QString text = QString::fromLatin1(value).trimmed();
    // HTTP dates end in "GMT", which Qt 6.4's RFC 2822 parser does not accept.
    if (text.endsWith(QLatin1String(" GMT"))) {
        text.chop(3);
        text += QLatin1String("+0000");
    }
    return text.isEmpty() ? QDateTime() : QDateTime::fromString(text, Qt::RFC2822Date);
}

} // namespace stellmap
