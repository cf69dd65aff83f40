#pragma once

#include "clientoptions.h"

#include <QList>
#include <QString>
#include <QStringList>

/*!
 * A connection profile: where a cluster is and which namespaces to watch
 * (there is no API that lists namespaces). The token is never part of what
 * is stored; it lives in memory for the session (the keychain comes later).
 */
struct Profile
{
    QString name;
    QStringList servers;
    QStringList namespaces;
    QString caFile;
    //! Session only: never written to settings or logs.
    QString token;
    //! A token for this profile was saved in the OS keychain (a mark, not the token).
    bool tokenInKeychain = false;
    //! Ask for the token when the profile opens (the token itself is never saved).
    bool askToken = false;
    //! No write action is offered anywhere (browse only).
    bool readOnly = false;
    //! Production: a hard drain needs the namespace typed to confirm; red band in the toolbar.
    bool production = false;
    //! Started by --demo with its own registry: not saved.
    bool demo = false;

    //! The client options, or a validation error naming the field.
    stellmap::ClientOptions clientOptions(stellmap::ValidationError *error) const;
    //! Name, at least one server and one namespace; then clientOptions().
    stellmap::ValidationError validate() const;

    friend bool operator==(const Profile &, const Profile &) = default;
};
