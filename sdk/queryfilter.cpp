#include "queryfilter.h"

#include "gotext.h"
#include "instance.h"
#include "servicename.h"

#include <QSet>

namespace stellmap {

namespace {

// Trimmed, blank and repeated values dropped, order kept.
QStringList normalizedList(const QStringList &values)
{
    QStringList out;
    QSet<QString> seen; // linear in the number of values, whatever a URL carries
    for (const QString &value : values) {
        const QString trimmed = GoText::trimSpace(value);
        if (!trimmed.isEmpty() && !seen.contains(trimmed)) {
            seen.insert(trimmed);
            out.append(trimmed);
        }
    }
    return out;
}

void appendUnique(QStringList &list, const QString &value)
{
    if (!value.isEmpty() && !list.contains(value)) {
        list.append(value);
    }
}

} // namespace

ResolvedQuery QueryFilter::resolve(ValidationError *error) const
{
    const auto fail = [&](const QString &field, const QString &message) {
        if (error) {
            *error = {field, message};
        }
        return ResolvedQuery();
    };

    ResolvedQuery query;
    query.namespaceName = GoText::trimSpace(namespaceName);
    query.service = GoText::trimSpace(services.value(0));
    query.zone = GoText::trimSpace(zone);
    query.endpoint = GoText::trimSpace(endpoint);
    if (query.namespaceName.isEmpty()) {
        return fail(QStringLiteral("namespace"), QStringLiteral("namespace is required"));
    }
    query.services = normalizedList(services);
    if (query.services.size() == 1) {
        query.service = query.services.first();
    }
    query.servicePrefixes = normalizedList(servicePrefixes);

    // Hierarchy filters, completed from a five-part service name.
    QString parts[5] = {GoText::trimSpace(organization), GoText::trimSpace(businessDomain),
                        GoText::trimSpace(capabilityDomain), GoText::trimSpace(application),
                        GoText::trimSpace(role)};
    if (!query.service.isEmpty()) {
        if (const auto parsed = ServiceName::parse(query.service)) {
            const QString parsedParts[5] = {parsed->organization, parsed->businessDomain,
                                            parsed->capabilityDomain, parsed->application,
                                            parsed->role};
            for (int i = 0; i < 5; ++i) {
                if (parts[i].isEmpty()) {
                    parts[i] = parsedParts[i];
                }
            }
        }
    }
    const ServiceName hierarchy =
        ServiceName::fromParts(parts[0], parts[1], parts[2], parts[3], parts[4]);
    if (hierarchy.hasAnyPart()) {
        bool seenBlank = false;
        for (const QString &part : parts) {
            if (GoText::trimSpace(part).isEmpty()) {
                seenBlank = true;
            } else if (seenBlank) {
                return fail(QStringLiteral("organization"),
                            QStringLiteral("service hierarchy filters must be contiguous from "
                                           "organization to role"));
            }
        }
        if (hierarchy.hasAllParts()) {
            const QString canonical = hierarchy.composed();
            if (!query.service.isEmpty() && query.service != canonical) {
                return fail(QStringLiteral("service"),
                            QLatin1String("service ") + GoText::quote(query.service) +
                                QLatin1String(" does not match structured service identity ") +
                                GoText::quote(canonical));
            }
            query.service = canonical;
            appendUnique(query.services, canonical);
        } else {
            QStringList leading;
            for (const QString &part : parts) {
                const QString trimmed = GoText::trimSpace(part);
                if (trimmed.isEmpty()) {
                    break;
                }
                leading.append(trimmed);
            }
            appendUnique(query.servicePrefixes, leading.join(QLatin1Char('.')));
        }
    }

    if (!GoText::trimSpace(limit).isEmpty()) {
        QString message;
        // Not trimmed: the server hands the raw text to strconv.Atoi.
        const qint64 value = GoText::atoi(limit, &message);
        if (!message.isEmpty()) {
            return fail(QStringLiteral("limit"), message);
        }
        if (value < 0) {
            return fail(QStringLiteral("limit"),
                        QStringLiteral("limit must be greater than or equal to 0"));
        }
        query.limit = value;
    }

    QString selectorError;
    query.selector = LabelSelector::parse(selectors, labels, &selectorError);
    if (!selectorError.isEmpty()) {
        const bool fromSelector = selectorError.startsWith(QLatin1String("invalid selector"));
        return fail(fromSelector ? QStringLiteral("selector") : QStringLiteral("label"),
                    selectorError);
    }
    if (error) {
        *error = {};
    }
    return query;
}

QByteArray QueryFilter::toUrlQuery() const
{
    QByteArray out;
    // Repeated parameters keep empty values: their position matters to the
    // server (service=&service=a matches a, service=a&service=b only a).
    const auto addAlways = [&out](const char *name, const QString &value) {
        if (!out.isEmpty()) {
            out.append('&');
        }
        out.append(name);
        out.append('=');
        // Unreserved characters only stay literal; everything else, '+' and
        // ';' included, is escaped so Go reads the value back unchanged.
        out.append(GoText::toUtf8(value).toPercentEncoding());
    };
    const auto add = [&addAlways](const char *name, const QString &value) {
        if (!value.isEmpty()) {
            addAlways(name, value);
        }
    };
    add("namespace", namespaceName);
    for (const QString &service : services) {
        addAlways("service", service);
    }
    for (const QString &prefix : servicePrefixes) {
        addAlways("servicePrefix", prefix);
    }
    add("organization", organization);
    add("businessDomain", businessDomain);
    add("capabilityDomain", capabilityDomain);
    add("application", application);
    add("role", role);
    add("zone", zone);
    add("endpoint", endpoint);
    for (const QString &selector : selectors) {
        addAlways("selector", selector);
    }
    for (const QString &label : labels) {
        addAlways("label", label);
    }
    add("limit", limit);
    return out;
}

bool ResolvedQuery::matchesService(const QString &candidate) const
{
    const QString name = GoText::trimSpace(candidate);
    if (!service.isEmpty() && name != service) {
        return false;
    }
    if (!services.isEmpty() && !services.contains(name)) {
        return false;
    }
    if (!servicePrefixes.isEmpty()) {
        for (const QString &prefix : servicePrefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
    return true;
}

bool ResolvedQuery::matches(const Instance &instance) const
{
    if (!namespaceName.isEmpty() && instance.key.namespaceName != namespaceName) {
        return false;
    }
    if (!matchesService(instance.key.service.service)) {
        return false;
    }
    if (!zone.isEmpty() && instance.zone != zone) {
        return false;
    }
    if (!selector.matches(instance.labels)) {
        return false;
    }
    if (!endpoint.isEmpty()) {
        for (const Endpoint &candidate : instance.endpoints) {
            if (candidate.name == endpoint || candidate.protocol == endpoint) {
                return true;
            }
        }
        return false;
    }
    return true;
}

QList<Endpoint> ResolvedQuery::filterEndpoints(const QList<Endpoint> &endpoints) const
{
    if (endpoint.isEmpty()) {
        return endpoints;
    }
    QList<Endpoint> out;
    for (const Endpoint &candidate : endpoints) {
        if (candidate.name == endpoint || candidate.protocol == endpoint) {
            out.append(candidate);
        }
    }
    return out;
}

std::optional<Instance> ResolvedQuery::view(const Instance &instance, qint64 nowUnix) const
{
    if (!instance.isAlive(nowUnix) || !matches(instance)) {
        return std::nullopt;
    }
    Instance out = instance;
    out.endpoints = filterEndpoints(instance.endpoints);
    if (out.endpoints.isEmpty() && !endpoint.isEmpty()) {
        return std::nullopt;
    }
    out.leaseTtlSeconds = instance.effectiveLeaseTtl();
    return out;
}

} // namespace stellmap
