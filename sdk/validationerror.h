#pragma once

#include <QString>

namespace stellmap {

/*!
 * A request or filter refused before anything is sent.
 *
 * \c message is the text the StellMap server itself would answer (so a user
 * sees the same words whether the client or the server refused), \c field
 * names the offending input, e.g. "endpoints[1].port" or "selector".
 */
struct ValidationError
{
    QString field;
    QString message;

    bool isError() const { return !message.isEmpty(); }
    explicit operator bool() const { return isError(); }
    //! "field: message", for logs and command-line output.
    QString toString() const;

    //! The server's text for a negative leaseTtlSeconds (register and heartbeat).
    static QString negativeLeaseTtl();
};

} // namespace stellmap
