#pragma once

#include "profile.h"

#include <QList>

class QSettings;

/*!
 * Profiles kept in QSettings (group "profiles"), never with their tokens,
 * plus the name of the one used last.
 */
class ProfileStore
{
public:
    explicit ProfileStore(QSettings *settings);

    QList<Profile> load() const;
    void save(const QList<Profile> &profiles);
    QString lastUsed() const;
    void setLastUsed(const QString &name);

private:
    QSettings *m_settings;
};
