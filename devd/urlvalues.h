#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include "queryfilter.h"

namespace stellmap {

/*!
 * A query string read the way Go's url.ParseQuery reads it (the StellMap
 * server's r.URL.Query()): only '&' separates pairs, '+' is a space, a pair
 * containing ';' or a bad %-escape is dropped, and values keep their order.
 */
class UrlValues
{
public:
    static UrlValues parse(QByteArrayView rawQuery);

    //! The first value of \a key, or an empty string (Go's Values.Get).
    QString first(const QString &key) const;
    //! Every value of \a key in order.
    QStringList all(const QString &key) const;
    bool contains(const QString &key) const { return m_values.contains(key); }

    //! The query filter the server reads from these values (first value of
    //! single parameters, every value of repeatable ones).
    QueryFilter queryFilter() const;

private:
    QHash<QString, QStringList> m_values;
};

} // namespace stellmap
