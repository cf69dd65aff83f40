#pragma once

#include "labelselector.h"
#include "validationerror.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace stellmap {

struct Instance;
struct Endpoint;
class ResolvedQuery;

/*!
 * Every query parameter of GET /api/v1/registry/instances (and of the watch
 * stream, which takes the same filters), as text, the way they travel.
 *
 * resolve() applies the server's parsing so a bad filter is refused with the
 * server's message before a request is sent; toUrlQuery() encodes the
 * parameters so the server reads back exactly these values.
 */
struct QueryFilter
{
    QString namespaceName;
    //! Exact service names. The server matches only the first non-blank one.
    QStringList services;
    QStringList servicePrefixes;
    QString organization;
    QString businessDomain;
    QString capabilityDomain;
    QString application;
    QString role;
    QString zone;
    //! Keep instances with an endpoint of this name or protocol (and only those endpoints).
    QString endpoint;
    QStringList selectors;
    //! Legacy `key=value` equality filters.
    QStringList labels;
    //! The `limit` parameter's text; blank or "0" means no limit.
    QString limit;

    void setLimit(qint64 count) { limit = count > 0 ? QString::number(count) : QString(); }

    /*!
     * Checks the filter as the server does, in its order (namespace,
     * hierarchy, limit, selector, label), and returns what the server would
     * filter with. On failure \a error gets the server's message.
     */
    ResolvedQuery resolve(ValidationError *error) const;

    /*!
     * Percent-encodes each value (also '+', ';', '&', '=' and '%', which Go's
     * url.ParseQuery would otherwise read as a space, drop or split), empty
     * parameters are left out.
     */
    QByteArray toUrlQuery() const;

    friend bool operator==(const QueryFilter &, const QueryFilter &) = default;
};

/*!
 * A filter as the server applies it: the service name (from `service` or all
 * five hierarchy parts), the service set and prefixes, zone, endpoint, label
 * selector and numeric limit.
 */
class ResolvedQuery
{
public:
    QString namespaceName;
    QString service;
    QStringList services;
    QStringList servicePrefixes;
    QString zone;
    QString endpoint;
    LabelSelector selector;
    qint64 limit = 0;

    //! The server's MatchServiceQuery: exact service, service set and prefixes.
    bool matchesService(const QString &service) const;
    /*!
     * True when \a instance is in the namespace, matches the service filters,
     * zone, selector and has an endpoint named \a endpoint (when set). Lease
     * expiry is not considered here.
     */
    bool matches(const Instance &instance) const;
    //! The endpoints of \a endpoints the query returns (all when no endpoint filter).
    QList<Endpoint> filterEndpoints(const QList<Endpoint> &endpoints) const;
    /*!
     * \a instance as the server returns it for this query at server time
     * \a nowUnix: only the matching endpoints, the effective lease TTL; or
     * std::nullopt when it does not match or its lease has run out.
     */
    std::optional<Instance> view(const Instance &instance, qint64 nowUnix) const;
};

} // namespace stellmap
