#pragma once

#include <QObject>
#include <QString>

/*!
 * Where a profile's bearer token is kept between sessions, keyed by profile
 * name. Asynchronous: every read(), write() and remove() ends with exactly
 * one matching *Finished signal for the same profile, emitted later from the
 * event loop, never from inside the call (unless the store is destroyed
 * first, in which case nothing is emitted). Calls may overlap; their signals
 * can come in any order, so match them by profile.
 *
 * Implementations never log a token and never write one to a file.
 */
class TokenStore : public QObject
{
    Q_OBJECT

public:
    enum class Error
    {
        NoError,
        //! No token is stored for the profile (read only; remove() of nothing succeeds).
        NotFound,
        //! No secure store is available (no keychain service, access refused):
        //! the token can be kept for this session only.
        NoBackend,
        //! The store is there but the operation failed; the message says why.
        Failed,
    };
    Q_ENUM(Error)

    using QObject::QObject;

    //! The message that comes with NoBackend when no keychain service runs.
    static QString noBackendMessage();

    virtual void read(const QString &profile) = 0;
    virtual void write(const QString &profile, const QString &token) = 0;
    //! Forgets the token of \a profile; removing a token that is not there is not an error.
    virtual void remove(const QString &profile) = 0;

Q_SIGNALS:
    //! \a token is empty unless \a error is NoError; \a message is empty on success.
    void readFinished(const QString &profile, const QString &token, TokenStore::Error error,
                      const QString &message);
    void writeFinished(const QString &profile, TokenStore::Error error, const QString &message);
    void removeFinished(const QString &profile, TokenStore::Error error, const QString &message);
};
