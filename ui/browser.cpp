#include "browser.h"

#include "auditlog.h"
#include "auditlogdialog.h"
#include "mainwindow.h"
#include "operations.h"
#include "profiledialog.h"
#include "profilestore.h"
#include "tokenstore.h"
#include "workspace.h"

#include <QApplication>
#include <QDialog>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>

using namespace stellmap;

Browser::Browser(QSettings *settings, TokenStore *tokens, AuditLog *audit, QObject *parent)
    : QObject(parent)
    , m_store(std::make_unique<ProfileStore>(settings))
    , m_tokenStore(tokens)
    , m_audit(audit)
{
    if (m_tokenStore) {
        connect(m_tokenStore, &TokenStore::readFinished, this,
                [this](const QString &name, const QString &token, TokenStore::Error error,
                       const QString &message) { onTokenRead(name, token, int(error), message); });
        connect(m_tokenStore, &TokenStore::writeFinished, this,
                [this](const QString &name, TokenStore::Error error, const QString &message) {
                    onTokenWritten(name, int(error), message);
                });
    }
}

Browser::~Browser()
{
    // The window goes before the workspace it reads.
    m_window.reset();
    m_operations.reset();
    m_workspace.reset();
}

QList<Profile> Browser::profiles() const
{
    QList<Profile> all = m_store->load();
    if (!m_extra.name.isEmpty()) {
        all.removeIf([this](const Profile &p) { return p.name == m_extra.name; });
        all.prepend(m_extra);
    }
    return all;
}

bool Browser::open(const Profile &chosen)
{
    // The latest choice wins: a keychain answer for an earlier one is dropped.
    m_pendingOpen.reset();
    Profile profile = chosen;
    if (profile.token.isEmpty()) {
        // Settings hold no tokens: bring back the one given this session.
        profile.token = m_tokens.value(profile.name);
    }
    if (profile.token.isEmpty() && profile.tokenInKeychain && m_tokenStore) {
        m_pendingOpen = profile;
        if (!m_readsInFlight.contains(profile.name)) {
            m_readsInFlight.insert(profile.name);
            m_tokenStore->read(profile.name); // the open goes on in onTokenRead()
        }
        return true;
    }
    return openWithToken(profile);
}

void Browser::onTokenRead(const QString &name, const QString &token, int error,
                          const QString &message)
{
    m_readsInFlight.remove(name);
    if (!m_pendingOpen || m_pendingOpen->name != name) {
        return; // the user has moved on
    }
    QString why;
    switch (TokenStore::Error(error)) {
    case TokenStore::Error::NoError:
        m_pendingOpen->token = token;
        break;
    case TokenStore::Error::NotFound:
        why = QStringLiteral("No token for \"%1\" is in the keychain any more.").arg(name);
        break;
    case TokenStore::Error::NoBackend:
    case TokenStore::Error::Failed:
        why = QStringLiteral("The token of \"%1\" could not be read from the keychain: %2")
                  .arg(name, message);
        break;
    }
    // Without its stored token the profile would fail on every request: ask.
    if (m_pendingOpen->token.isEmpty()) {
        m_pendingOpen->askToken = true;
    }
    finishPendingOpen(why);
}

void Browser::finishPendingOpen(const QString &why)
{
    if (!m_pendingOpen) {
        return;
    }
    // A dialog of the current window is open (its owner would go with the window):
    // the switch waits until it is closed, then looks again.
    if (auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget())) {
        connect(
            dialog, &QDialog::finished, this,
            [this, why] { QTimer::singleShot(0, this, [this, why] { finishPendingOpen(why); }); },
            Qt::SingleShotConnection);
        return;
    }
    if (QApplication::activeModalWidget() || QApplication::activePopupWidget()) {
        // A menu or another kind of modal window: no signal says it closed.
        QTimer::singleShot(200, this, [this, why] { finishPendingOpen(why); });
        return;
    }
    const Profile profile = *std::exchange(m_pendingOpen, std::nullopt);
    if (!openWithToken(profile, why) && !m_window) {
        Q_EMIT nothingOpen();
    }
}

bool Browser::openWithToken(Profile profile, const QString &why)
{
    if (profile.askToken && profile.token.isEmpty()) {
        profile.token = askToken(profile, why);
        if (profile.token.isEmpty()) {
            offerProfiles(); // the switcher goes back to the profile still in use
            return false;
        }
    }
    stellmap::ValidationError error;
    const stellmap::ClientOptions options = profile.clientOptions(&error);
    if (error) {
        QMessageBox::warning(
            m_window.get(), QStringLiteral("StellMap Browser"),
            QStringLiteral("Profile \"%1\": %2").arg(profile.name, error.toString()));
        offerProfiles();
        return false;
    }
    // The new window is up before the old one goes, so the application never
    // sees its last window close.
    auto workspace = std::make_unique<Workspace>(options, profile.namespaces);
    auto operations = std::make_unique<Operations>(workspace.get(), profile);
    auto window = std::make_unique<MainWindow>(workspace.get(), profile.name, operations.get());
    if (m_window) {
        m_window->saveLayout();
        window->setGeometry(m_window->geometry());
        if (profile.name == m_current.name) {
            window->setSearchText(m_window->searchText()); // the same profile, edited
        }
    }
    std::swap(m_window, window);
    std::swap(m_operations, operations);
    std::swap(m_workspace, workspace);
    m_current = profile;
    if (!profile.token.isEmpty()) {
        m_tokens.insert(profile.name, profile.token); // session only, never saved
    }
    offerProfiles();
    // Queued: each of these replaces the window that is still emitting the signal.
    connect(m_window.get(), &MainWindow::profileSelected, this, &Browser::switchTo,
            Qt::QueuedConnection);
    connect(m_window.get(), &MainWindow::newProfileRequested, this, &Browser::newProfile,
            Qt::QueuedConnection);
    connect(m_window.get(), &MainWindow::editProfileRequested, this, &Browser::editProfile,
            Qt::QueuedConnection);
    connect(m_window.get(), &MainWindow::forgetTokenRequested, this, &Browser::forgetToken,
            Qt::QueuedConnection);
    connect(m_window.get(), &MainWindow::deleteProfileRequested, this, &Browser::deleteProfile,
            Qt::QueuedConnection);
    connect(m_window.get(), &MainWindow::auditLogRequested, this, &Browser::showAuditLog);
    if (m_audit) {
        const QString name = profile.name;
        connect(m_operations.get(), &Operations::recorded, this,
                [this, name](const Operations::Result &result) {
                    // Renewals that worked are the bulk and say nothing new; failures do.
                    if (result.action == QLatin1String("keep-alive") && result.ok()) {
                        return;
                    }
                    AuditEntry entry;
                    entry.time = QDateTime::currentDateTimeUtc();
                    entry.profile = name;
                    entry.server = result.server;
                    entry.action = result.action;
                    entry.namespaceName = result.ref.namespaceName;
                    entry.service = result.ref.service;
                    entry.instanceId = result.ref.instanceId;
                    entry.result = result.code;
                    entry.message = result.ok() ? QString() : result.message;
                    entry.requestId = result.requestId;
                    entry.maybeApplied = result.maybeApplied;
                    QString error;
                    if (!m_audit->append(entry, &error) && m_window) {
                        m_window->statusBar()->showMessage(
                            QStringLiteral("Audit log: %1").arg(error), 15000);
                    }
                });
    }
    if (!profile.demo) {
        m_store->setLastUsed(profile.name);
    }
    m_window->show();
    m_workspace->start();
    // The old window, its operations, then its workspace go once control is back in
    // the event loop this runs from: a dialog of the old window that is still closing
    // (its exec() not yet returned) is never deleted under its own feet.
    if (window) {
        window->hide();
        disconnect(window.get(), nullptr, this, nullptr);
        window.release()->deleteLater();
    }
    if (operations) {
        operations.release()->deleteLater();
    }
    if (workspace) {
        workspace.release()->deleteLater();
    }
    return true;
}

void Browser::offerProfiles()
{
    if (!m_window) {
        return;
    }
    QStringList names;
    for (const Profile &p : profiles()) {
        names.append(p.name);
    }
    if (!names.contains(m_current.name)) {
        names.prepend(m_current.name);
    }
    m_window->setProfiles(names, m_current.name);
}

QString Browser::askToken(const Profile &profile, const QString &why)
{
    QInputDialog dialog(m_window.get());
    dialog.setObjectName(QStringLiteral("tokenPrompt"));
    dialog.setWindowTitle(QStringLiteral("Token for %1").arg(profile.name));
    dialog.setLabelText((why.isEmpty() ? QString() : why + QLatin1String("\n\n")) +
                        QStringLiteral("Bearer token for \"%1\" (%2).\n"
                                       "Kept in memory for this session only, never saved.")
                            .arg(profile.name, profile.servers.join(QLatin1String(", "))));
    dialog.setTextEchoMode(QLineEdit::Password);
    if (dialog.exec() != QDialog::Accepted) {
        return {};
    }
    return dialog.textValue().trimmed();
}

void Browser::switchTo(const QString &name)
{
    for (const Profile &profile : profiles()) {
        if (profile.name == name) {
            open(profile);
            return;
        }
    }
}

void Browser::newProfile()
{
    Profile blank;
    blank.servers = {QStringLiteral("http://127.0.0.1:8080")};
    Profile created;
    {
        // The dialog is gone before open() replaces the window it sits on.
        ProfileDialog dialog(blank, m_window.get());
        if (dialog.exec() != QDialog::Accepted) {
            return;
        }
        created = dialog.profile();
    }
    saveProfile(created, QString());
    rememberToken(created);
    open(created);
}

void Browser::editProfile()
{
    Profile edited;
    {
        // The dialog is gone before open() replaces the window it sits on.
        ProfileDialog dialog(m_current, m_window.get());
        if (dialog.exec() != QDialog::Accepted) {
            return;
        }
        edited = dialog.profile();
    }
    // The box showed the token in use: what it holds now is the token.
    const bool sameToken = edited.token == m_current.token && edited.name == m_current.name;
    edited.tokenInKeychain = sameToken && m_current.tokenInKeychain;
    if (!m_current.demo) {
        saveProfile(edited, m_current.name);
    } else {
        edited.demo = true; // the demo registry's profile stays unsaved
        m_extra = edited;
    }
    if (!sameToken) {
        // The old session token and keychain entry must not follow another name or be kept.
        m_tokens.remove(m_current.name);
        if (m_current.tokenInKeychain && m_tokenStore) {
            m_tokenStore->remove(m_current.name);
        }
        rememberToken(edited);
    }
    open(edited);
}

void Browser::saveProfile(const Profile &profile, const QString &replacing)
{
    QList<Profile> saved = m_store->load();
    saved.removeIf([&](const Profile &p) {
        return p.name == profile.name || (!replacing.isEmpty() && p.name == replacing);
    });
    saved.append(profile);
    m_store->save(saved);
}

void Browser::rememberToken(const Profile &profile)
{
    if (profile.token.isEmpty()) {
        return;
    }
    m_tokens.insert(profile.name, profile.token); // this session, whatever the keychain says
    if (m_tokenStore && !profile.demo) {
        m_tokenStore->write(profile.name, profile.token);
    }
}

void Browser::onTokenWritten(const QString &name, int error, const QString &message)
{
    if (TokenStore::Error(error) == TokenStore::Error::NoError) {
        QList<Profile> saved = m_store->load();
        for (Profile &profile : saved) {
            if (profile.name == name) {
                profile.tokenInKeychain = true; // a mark only: the token stays in the keychain
            }
        }
        m_store->save(saved);
        if (m_current.name == name) {
            m_current.tokenInKeychain = true;
        }
        return;
    }
    // Never the insecure fallback: the token stays in memory, or goes if the user says so.
    bool keep = true;
    {
        // Gone before open() may replace the window it sits on.
        QMessageBox box(
            QMessageBox::Warning, QStringLiteral("Token not saved"),
            QStringLiteral("The token of \"%1\" could not be saved: %2").arg(name, message),
            QMessageBox::NoButton, m_window.get());
        box.setObjectName(QStringLiteral("tokenNotSaved"));
        QPushButton *keepButton =
            box.addButton(QStringLiteral("Keep it for this session only"), QMessageBox::AcceptRole);
        box.addButton(QStringLiteral("Forget it now"), QMessageBox::DestructiveRole);
        box.setDefaultButton(keepButton);
        box.exec();
        keep = box.clickedButton() == keepButton;
    }
    if (!keep) {
        m_tokens.remove(name);
        if (m_current.name == name) {
            m_current.token.clear();
            open(m_current); // reconnect without it
        }
    }
}

void Browser::forgetToken()
{
    const QString name = m_current.name;
    m_tokens.remove(name);
    if (m_tokenStore) {
        m_tokenStore->remove(name);
    }
    QList<Profile> saved = m_store->load();
    for (Profile &profile : saved) {
        if (profile.name == name) {
            profile.tokenInKeychain = false;
        }
    }
    m_store->save(saved);
    m_current.token.clear();
    m_current.tokenInKeychain = false;
    open(m_current);
}

void Browser::deleteProfile()
{
    const QString name = m_current.name;
    if (m_current.demo) {
        QMessageBox::information(m_window.get(), QStringLiteral("Delete profile"),
                                 QStringLiteral("The demo profile is not saved: there is nothing "
                                                "to delete."));
        return;
    }
    QMessageBox box(QMessageBox::Question, QStringLiteral("Delete profile"),
                    QStringLiteral("Delete the profile \"%1\"%2? Its servers, namespaces and "
                                   "settings are forgotten.")
                        .arg(name, m_current.tokenInKeychain
                                       ? QStringLiteral(" and its token in the keychain")
                                       : QString()),
                    QMessageBox::Cancel, m_window.get());
    box.setObjectName(QStringLiteral("deleteProfileConfirm"));
    box.addButton(QStringLiteral("Delete"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() == QMessageBox::Cancel) {
        return;
    }
    QList<Profile> saved = m_store->load();
    saved.removeIf([&](const Profile &p) { return p.name == name; });
    m_store->save(saved);
    m_tokens.remove(name);
    if (m_tokenStore) {
        m_tokenStore->remove(name);
    }
    if (m_store->lastUsed() == name) {
        m_store->setLastUsed(QString());
    }
    if (!saved.isEmpty()) {
        open(saved.first());
    } else if (!m_extra.name.isEmpty()) {
        open(m_extra);
    } else {
        offerProfiles(); // nothing else to show: this window stays, unsaved
    }
}

void Browser::showAuditLog()
{
    if (!m_audit || !m_window) {
        return;
    }
    auto *dialog = new AuditLogDialog(m_audit, m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

bool Browser::askForProfile()
{
    const QList<Profile> saved = m_store->load();
    for (const Profile &profile : saved) {
        if (profile.name == m_store->lastUsed()) {
            return open(profile);
        }
    }
    if (!saved.isEmpty()) {
        return open(saved.first());
    }
    Profile first;
    first.name = QStringLiteral("local");
    first.servers = {QStringLiteral("http://127.0.0.1:8080")};
    first.namespaces = {QStringLiteral("prod")};
    ProfileDialog dialog(first);
    dialog.setWindowTitle(QStringLiteral("Connect to a StellMap cluster"));
    if (dialog.exec() != QDialog::Accepted) {
        return false;
    }
    m_store->save({dialog.profile()});
    return open(dialog.profile());
}
