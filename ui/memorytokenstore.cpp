#include "memorytokenstore.h"

// The work is done at once (so calls apply in order), the answer is queued:
// callers may connect after calling and never see a signal inside their call.

void MemoryTokenStore::read(const QString &profile)
{
    const auto found = m_tokens.constFind(profile);
    const QString token = found == m_tokens.cend() ? QString() : *found;
    const Error error = found == m_tokens.cend() ? Error::NotFound : Error::NoError;
    QMetaObject::invokeMethod(
        this,
        [this, profile, token, error] {
            Q_EMIT readFinished(profile, token, error,
                                error == Error::NotFound
                                    ? QStringLiteral("no token is kept for \"%1\"").arg(profile)
                                    : QString());
        },
        Qt::QueuedConnection);
}

void MemoryTokenStore::write(const QString &profile, const QString &token)
{
    m_tokens.insert(profile, token);
    QMetaObject::invokeMethod(
        this, [this, profile] { Q_EMIT writeFinished(profile, Error::NoError, QString()); },
        Qt::QueuedConnection);
}

void MemoryTokenStore::remove(const QString &profile)
{
    m_tokens.remove(profile);
    QMetaObject::invokeMethod(
        this, [this, profile] { Q_EMIT removeFinished(profile, Error::NoError, QString()); },
        Qt::QueuedConnection);
}
