#pragma once

#include "tokenstore.h"

namespace QKeychain {
class Job;
}

/*!
 * Tokens in the operating system's keychain through QtKeychain: the Secret
 * Service (gnome-keyring, KeePassXC, ...) or KWallet on Linux, Keychain on
 * macOS, Credential Manager on Windows. Entries are named serviceName() with
 * the profile name as key.
 *
 * QtKeychain's plaintext fallback (a token in a QSettings file when no
 * keychain runs) is always off: without a keychain every call answers
 * NoBackend with noBackendMessage(), and the caller decides to keep the
 * token in memory instead (MemoryTokenStore).
 */
class KeychainTokenStore : public TokenStore
{
    Q_OBJECT

public:
    //! "StellMap Browser": what the keychain shows as the owner of the entries.
    static QString serviceName();

    using TokenStore::TokenStore;

    void read(const QString &profile) override;
    void write(const QString &profile, const QString &token) override;
    void remove(const QString &profile) override;

private:
    struct Outcome
    {
        Error error = Error::NoError;
        QString message;
    };
    static void configure(QKeychain::Job *job, const QString &profile);
    static Outcome outcomeOf(const QKeychain::Job *job, const QString &profile);
};
