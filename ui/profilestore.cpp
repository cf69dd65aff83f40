#include "profilestore.h"

#include <QSettings>

ProfileStore::ProfileStore(QSettings *settings)
    : m_settings(settings)
{}

QList<Profile> ProfileStore::load() const
{
    QList<Profile> profiles;
    const int count = m_settings->beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        Profile profile;
        profile.name = m_settings->value(QStringLiteral("name")).toString();
        profile.servers = m_settings->value(QStringLiteral("servers")).toStringList();
        profile.namespaces = m_settings->value(QStringLiteral("namespaces")).toStringList();
        profile.caFile = m_settings->value(QStringLiteral("caFile")).toString();
        profile.askToken = m_settings->value(QStringLiteral("askToken")).toBool();
        profile.readOnly = m_settings->value(QStringLiteral("readOnly")).toBool();
        profile.tokenInKeychain = m_settings->value(QStringLiteral("tokenInKeychain")).toBool();
        profile.production = m_settings->value(QStringLiteral("production")).toBool();
        if (!profile.name.isEmpty()) {
            profiles.append(profile);
        }
    }
    m_settings->endArray();
    return profiles;
}

void ProfileStore::save(const QList<Profile> &profiles)
{
    m_settings->remove(QStringLiteral("profiles"));
    m_settings->beginWriteArray(QStringLiteral("profiles"));
    int index = 0;
    for (const Profile &profile : profiles) {
        if (profile.demo) {
            continue;
        }
        m_settings->setArrayIndex(index++);
        m_settings->setValue(QStringLiteral("name"), profile.name);
        m_settings->setValue(QStringLiteral("servers"), profile.servers);
        m_settings->setValue(QStringLiteral("namespaces"), profile.namespaces);
        m_settings->setValue(QStringLiteral("caFile"), profile.caFile);
        m_settings->setValue(QStringLiteral("askToken"), profile.askToken);
        m_settings->setValue(QStringLiteral("readOnly"), profile.readOnly);
        m_settings->setValue(QStringLiteral("tokenInKeychain"), profile.tokenInKeychain);
        m_settings->setValue(QStringLiteral("production"), profile.production);
        // The token is deliberately not written.
    }
    m_settings->endArray();
    m_settings->sync();
}

QString ProfileStore::lastUsed() const
{
    return m_settings->value(QStringLiteral("lastProfile")).toString();
}

void ProfileStore::setLastUsed(const QString &name)
{
    m_settings->setValue(QStringLiteral("lastProfile"), name);
    m_settings->sync(); // the next start must find it even if this one ends abruptly
}
