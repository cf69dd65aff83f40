#pragma once

#include <QByteArrayView>
#include <QDateTime>

namespace stellmap {

//! HTTP's Date header (RFC 9110 IMF-fixdate), the server's clock for lease countdowns.
struct HttpDate
{
    //! Invalid when \a value is empty or not a date.
    static QDateTime parse(QByteArrayView value);
};

} // namespace stellmap
