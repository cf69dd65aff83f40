#pragma once

#include "profile.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <optional>

#include <memory>

class MainWindow;
class Operations;
class TokenStore;

namespace stellmap {
class AuditLog;
}
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
    /*!
     * \a tokens keeps tokens between sessions (the OS keychain; nullptr:
     * session only). \a audit records every write (nullptr: none).
     */
    Browser(QSettings *settings, TokenStore *tokens, stellmap::AuditLog *audit,
            QObject *parent = nullptr);
    ~Browser() override;

    /*!
     * Opens \a profile (saved or not) in a new window. Its token comes from
     * the profile, this session, or the keychain (read first, so the window
     * may open a moment later); a profile that asks for a token and has none
     * prompts for it. False when the user cancels or the profile is invalid
     * (the current window stays).
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

Q_SIGNALS:
    //! A profile could not be opened and no window is left (the application may quit).
    void nothingOpen();

private:
    void switchTo(const QString &name);
    void newProfile();
    void editProfile();
    //! Asks for \a profile's token; empty when cancelled.
    QString askToken(const Profile &profile, const QString &why = QString());
    //! open() once the token question is settled.
    bool openWithToken(Profile profile, const QString &why = QString());
    //! Opens the pending profile once no dialog of the current window is open.
    void finishPendingOpen(const QString &why);
    void onTokenRead(const QString &name, const QString &token, int error, const QString &message);
    //! Keeps \a profile's token in the keychain, or for this session if the user agrees.
    void rememberToken(const Profile &profile);
    void onTokenWritten(const QString &name, int error, const QString &message);
    void forgetToken();
    void deleteProfile();
    void saveProfile(const Profile &profile, const QString &replacing);
    void showAuditLog();
    void offerProfiles();

    std::unique_ptr<ProfileStore> m_store;
    TokenStore *m_tokenStore;
    stellmap::AuditLog *m_audit;
    //! The profile the user chose last, while its token is read from the keychain.
    std::optional<Profile> m_pendingOpen;
    //! Profiles whose keychain read has not answered yet.
    QSet<QString> m_readsInFlight;
    Profile m_extra;
    Profile m_current;
    //! Tokens given this session, by profile name (never written anywhere).
    QHash<QString, QString> m_tokens;
    // Destroyed window first, then operations, then the workspace they use.
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<Operations> m_operations;
    std::unique_ptr<MainWindow> m_window;
};
