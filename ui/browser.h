#pragma once

#include "profile.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>

class MainWindow;
class Operations;
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

    /*!
     * Opens \a profile (saved or not) in a new window. A profile that asks
     * for a token and has none from this session prompts for it first; false
     * when the user cancels or the profile is invalid (the current window stays).
     */
    bool open(const Profile &profile);
    //! The saved profiles, plus \a extra (a demo or command-line one) first.
    void setExtraProfile(const Profile &extra) { m_extra = extra; }
    QList<Profile> profiles() const;
    //! Asks the user for a first profile; false when cancelled.
    bool askForProfile();

    MainWindow *window() const { return m_window.get(); }
    //! The profile in use, with its session token.
    const Profile &currentProfile() const { return m_current; }

private:
    void switchTo(const QString &name);
    void newProfile();
    void editProfile();
    //! Asks for \a profile's token; empty when cancelled.
    QString askToken(const Profile &profile);
    void offerProfiles();

    std::unique_ptr<ProfileStore> m_store;
    Profile m_extra;
    Profile m_current;
    //! Tokens given this session, by profile name (never written anywhere).
    QHash<QString, QString> m_tokens;
    // Destroyed window first, then operations, then the workspace they use.
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<Operations> m_operations;
    std::unique_ptr<MainWindow> m_window;
};
