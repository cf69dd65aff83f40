#pragma once

#include "profile.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>

class MainWindow;
class ProfileStore;
class QSettings;
class Workspace;

/*!
 * The application: the profiles, and the window and workspace of the one in
 * use. Switching profiles replaces both; the old connections close.
 */
class Browser : public QObject
{
    Q_OBJECT

public:
    Browser(QSettings *settings, QObject *parent = nullptr);
    ~Browser() override;

    //! Opens \a profile (saved or not) in a new window.
    void open(const Profile &profile);
    //! The saved profiles, plus \a extra (a demo or command-line one) first.
    void setExtraProfile(const Profile &extra) { m_extra = extra; }
    QList<Profile> profiles() const;
    //! Asks the user for a first profile; false when cancelled.
    bool askForProfile();

private:
    void switchTo(const QString &name);
    void newProfile();
    void editProfile();

    std::unique_ptr<ProfileStore> m_store;
    Profile m_extra;
    Profile m_current;
    //! Tokens given this session, by profile name (never written anywhere).
    QHash<QString, QString> m_tokens;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<MainWindow> m_window;
};
