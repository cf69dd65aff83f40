#include "servicename.h"

#include "gotext.h"

#include <QStringList>

namespace stellmap {

ServiceName ServiceName::fromService(const QString &service)
{
    ServiceName name;
    name.service = service;
    return name;
}

ServiceName ServiceName::fromParts(const QString &organization, const QString &businessDomain,
                                   const QString &capabilityDomain, const QString &application,
                                   const QString &role)
{
    return ServiceName{QString(),        organization, businessDomain,
                       capabilityDomain, application,  role};
}

std::optional<ServiceName> ServiceName::parse(const QString &service)
{
    const QString trimmed = GoText::trimSpace(service);
    if (trimmed.isEmpty()) {
        return std::nullopt;
    }
    const QStringList parts = trimmed.split(QLatin1Char('.'));
    if (parts.size() != 5) {
        return std::nullopt;
    }
    for (const QString &part : parts) {
        if (GoText::trimSpace(part).isEmpty()) {
            return std::nullopt;
        }
    }
    return ServiceName{trimmed, parts[0], parts[1], parts[2], parts[3], parts[4]};
}

QString ServiceName::compose(const QString &organization, const QString &businessDomain,
                             const QString &capabilityDomain, const QString &application,
                             const QString &role)
{
    const QLatin1Char dot('.');
    return GoText::trimSpace(organization) + dot + GoText::trimSpace(businessDomain) + dot +
           GoText::trimSpace(capabilityDomain) + dot + GoText::trimSpace(application) + dot +
           GoText::trimSpace(role);
}

bool ServiceName::hasAnyPart() const
{
    for (const QString *part :
         {&organization, &businessDomain, &capabilityDomain, &application, &role}) {
        if (!GoText::trimSpace(*part).isEmpty()) {
            return true;
        }
    }
    return false;
}

bool ServiceName::hasAllParts() const
{
    for (const QString *part :
         {&organization, &businessDomain, &capabilityDomain, &application, &role}) {
        if (GoText::trimSpace(*part).isEmpty()) {
            return false;
        }
    }
    return true;
}

QString ServiceName::composed() const
{
    if (!hasAllParts()) {
        return QString();
    }
    return compose(organization, businessDomain, capabilityDomain, application, role);
}

ValidationError ServiceName::normalize()
{
    service = GoText::trimSpace(service);
    for (QString *part : {&organization, &businessDomain, &capabilityDomain, &application, &role}) {
        *part = GoText::trimSpace(*part);
    }

    if (!service.isEmpty()) {
        // Parts parsed from the name are taken untrimmed, as the server does.
        if (const auto parsed = parse(service)) {
            const QString *from[] = {&parsed->organization, &parsed->businessDomain,
                                     &parsed->capabilityDomain, &parsed->application,
                                     &parsed->role};
            QString *to[] = {&organization, &businessDomain, &capabilityDomain, &application,
                             &role};
            for (int i = 0; i < 5; ++i) {
                if (to[i]->isEmpty()) {
                    *to[i] = *from[i];
                }
            }
        }
        if (!hasAnyPart()) {
            return {};
        }
    }
    if (!hasAnyPart()) {
        if (service.isEmpty()) {
            return {QStringLiteral("service"), QStringLiteral("service is required")};
        }
        return {};
    }
    if (!hasAllParts()) {
        return {QStringLiteral("service"),
                QStringLiteral("organization, businessDomain, capabilityDomain, application and "
                               "role are required")};
    }
    const QString canonical = composed();
    if (service.isEmpty()) {
        service = canonical;
        return {};
    }
    if (service != canonical) {
        return {QStringLiteral("service"), QLatin1String("service ") + GoText::quote(service) +
                                               QLatin1String(" does not match structured service "
                                                             "identity ") +
                                               GoText::quote(canonical)};
    }
    return {};
}

} // namespace stellmap
