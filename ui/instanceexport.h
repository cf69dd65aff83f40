#pragma once

#include "instance.h"

#include <QList>
#include <QString>
#include <QStringList>

/*!
 * Instances as text for the clipboard and for files: the server's JSON, CSV
 * for spreadsheets, or `stellmap-cli register` commands that recreate them.
 */
class InstanceExport
{
public:
    //! One instance as the server writes it; several as a JSON array.
    static QString toJson(const QList<stellmap::Instance> &instances);
    //! Always a JSON array (for files), one instance per line.
    static QString toJsonArray(const QList<stellmap::Instance> &instances);
    /*!
     * RFC 4180 CSV with a header row: namespace, service, instanceId, zone,
     * endpoints (CLI form, space-separated), labels and metadata (k=v;...),
     * leaseTtlSeconds, registeredAt and lastHeartbeat (UTC ISO 8601).
     */
    static QString toCsv(const QList<stellmap::Instance> &instances);
    /*!
     * One `stellmap-cli register` command per instance, quoted for a POSIX
     * shell, against \a servers (user info dropped). An instance the flags
     * cannot carry exactly (a '=' in a label key, an endpoint path without
     * '/') is given as its JSON body on standard input (a here-document).
     * Never a token: the CLI reads $STELLMAP_TOKEN.
     */
    static QString toCliCommands(const QList<stellmap::Instance> &instances,
                                 const QStringList &servers);
    //! True when the register flags recreate \a instance exactly.
    static bool flagsCarry(const stellmap::Instance &instance);
    //! \a word as one POSIX shell word (single-quoted unless plainly safe).
    static QString shellQuote(const QString &word);
};
