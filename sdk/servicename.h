#pragma once

#include "validationerror.h"

#include <QString>

#include <optional>

namespace stellmap {

/*!
 * A service identity: the service name and its five structured parts
 * (organization.businessDomain.capabilityDomain.application.role).
 *
 * A plain name that is not five non-blank dot-separated parts is valid too;
 * then the parts stay empty. normalize() applies the server's rules.
 */
struct ServiceName
{
    QString service;
    QString organization;
    QString businessDomain;
    QString capabilityDomain;
    QString application;
    QString role;

    //! A service given by its name only (parts are not derived; see normalize()).
    static ServiceName fromService(const QString &service);
    //! A service given by its five parts; the name is composed by normalize().
    static ServiceName fromParts(const QString &organization, const QString &businessDomain,
                                 const QString &capabilityDomain, const QString &application,
                                 const QString &role);

    /*!
     * The server's ParseServiceName: the trimmed name split at dots into
     * exactly five parts, none blank. Parts keep their inner white space.
     */
    static std::optional<ServiceName> parse(const QString &service);
    //! The five parts, each trimmed, joined with dots.
    static QString compose(const QString &organization, const QString &businessDomain,
                           const QString &capabilityDomain, const QString &application,
                           const QString &role);

    bool hasAnyPart() const;
    bool hasAllParts() const;
    //! True when the parts are filled (a canonical five-part name).
    bool isStructured() const { return hasAllParts(); }
    //! The parts joined with dots; empty unless all five are set.
    QString composed() const;

    /*!
     * The server's NormalizeStructuredServiceIdentity: trims everything,
     * fills missing parts from a five-part name, requires all five parts
     * once any is set, composes the name when absent and rejects a name that
     * differs from the parts. Returns the server's message on failure.
     */
    ValidationError normalize();

    friend bool operator==(const ServiceName &, const ServiceName &) = default;
};

} // namespace stellmap
