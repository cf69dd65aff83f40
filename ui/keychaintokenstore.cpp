#include "keychaintokenstore.h"

#include <qt6keychain/keychain.h>

#include <QDBusConnection>
#include <QDBusConnectionInterface>

namespace {

// Whether a keychain service is on the session bus. Asked only after a job
// failed with OtherError: libsecret reports a missing bus or secret service
// as a plain D-Bus/GIO error, which is "no keychain" to the user.
bool keychainServiceRunning()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface()) {
        return false;
    }
    for (const char *name : {"org.freedesktop.secrets", "org.kde.kwalletd5", "org.kde.kwalletd6"}) {
        if (bus.interface()->isServiceRegistered(QString::fromLatin1(name))) {
            return true;
        }
    }
    return false;
}

} // namespace

QString KeychainTokenStore::serviceName()
{
    return QStringLiteral("StellMap Browser");
}

void KeychainTokenStore::configure(QKeychain::Job *job, const QString &profile)
{
    job->setKey(profile);
    // Never the plaintext QSettings store QtKeychain falls back to otherwise.
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
}

KeychainTokenStore::Outcome KeychainTokenStore::outcomeOf(const QKeychain::Job *job,
                                                          const QString &profile)
{
    switch (job->error()) {
    case QKeychain::NoError:
        return {};
    case QKeychain::EntryNotFound:
        return {Error::NotFound,
                QStringLiteral("no token is stored in the keychain for \"%1\"").arg(profile)};
    case QKeychain::NoBackendAvailable:
        return {Error::NoBackend, noBackendMessage()};
    case QKeychain::AccessDeniedByUser:
        return {Error::NoBackend,
                QStringLiteral("access to the keychain was refused: the token can be kept for "
                               "this session only")};
    case QKeychain::OtherError:
        if (!keychainServiceRunning()) {
            return {Error::NoBackend, noBackendMessage()};
        }
        break;
    case QKeychain::AccessDenied: // e.g. a locked collection whose unlock prompt failed
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NotImplemented:
        break;
    }
    // The service runs but would not take it: most often no default keyring exists or
    // it is locked. Say that first; the service's own words follow for the curious.
    return {Error::Failed,
            QStringLiteral("the keychain service refused it; is a default keyring (\"login\") "
                           "set up and unlocked? (%1)")
                .arg(job->errorString())};
}

// Jobs have no parent: deleting a job while libsecret still works on it
// would leave libsecret's callback a dangling pointer, so each job runs to
// its end and deletes itself. The connections use this store as context: a
// store that is gone is not called back.

void KeychainTokenStore::read(const QString &profile)
{
    auto *job = new QKeychain::ReadPasswordJob(serviceName());
    configure(job, profile);
    connect(job, &QKeychain::Job::finished, this, [this, profile](QKeychain::Job *finished) {
        const Outcome outcome = outcomeOf(finished, profile);
        const QString token = outcome.error == Error::NoError
                                  ? static_cast<QKeychain::ReadPasswordJob *>(finished)->textData()
                                  : QString();
        Q_EMIT readFinished(profile, token, outcome.error, outcome.message);
    });
    job->start(); // queued: finished() never comes inside this call
}

void KeychainTokenStore::write(const QString &profile, const QString &token)
{
    auto *job = new QKeychain::WritePasswordJob(serviceName());
    configure(job, profile);
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, this, [this, profile](QKeychain::Job *finished) {
        const Outcome outcome = outcomeOf(finished, profile);
        Q_EMIT writeFinished(profile, outcome.error, outcome.message);
    });
    job->start();
}

void KeychainTokenStore::remove(const QString &profile)
{
    auto *job = new QKeychain::DeletePasswordJob(serviceName());
    configure(job, profile);
    connect(job, &QKeychain::Job::finished, this, [this, profile](QKeychain::Job *finished) {
        Outcome outcome = outcomeOf(finished, profile);
        if (outcome.error == Error::NotFound) {
            outcome = {}; // nothing to remove: what was asked for is true
        }
        Q_EMIT removeFinished(profile, outcome.error, outcome.message);
    });
    job->start();
}
