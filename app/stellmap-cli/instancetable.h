#pragma once

#include "instance.h"

#include <QByteArray>
#include <QList>
#include <QString>

/*!
 * How stellmap-cli prints instances: a JSON array with one instance per line
 * (valid JSON that greps well), or an aligned table for people.
 */
class InstanceTable
{
public:
    static QByteArray json(const QList<stellmap::Instance> &instances);
    //! Columns SERVICE, INSTANCE, ZONE, ENDPOINTS, LABELS, LEASE (left at server time \a
    //! serverNowUnix).
    static QString render(const QList<stellmap::Instance> &instances, qint64 serverNowUnix);
};
