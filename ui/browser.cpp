#include "browser.h"

#include "mainwindow.h"
#include "operations.h"
#include "profiledialog.h"
#include "profilestore.h"
#include "workspace.h"

#include <QInputDialog>
#include <QMessageBox>

Browser::Browser(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_store(std::make_unique<ProfileStore>(settings))
{}

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
    Profile profile = chosen;
    if (profile.token.isEmpty()) {
        // Settings hold no tokens: bring back the one given this session.
        profile.token = m_tokens.value(profile.name);
    }
    if (profile.askToken && profile.token.isEmpty()) {
        profile.token = askToken(profile);
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
    if (!profile.demo) {
        m_store->setLastUsed(profile.name);
    }
    m_window->show();
    m_workspace->start();
    window.reset(); // the old window, its operations, then its workspace
    operations.reset();
    workspace.reset();
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

QString Browser::askToken(const Profile &profile)
{
    QInputDialog dialog(m_window.get());
    dialog.setObjectName(QStringLiteral("tokenPrompt"));
    dialog.setWindowTitle(QStringLiteral("Token for %1").arg(profile.name));
    dialog.setLabelText(QStringLiteral("Bearer token for \"%1\" (%2).\n"
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
    QList<Profile> saved = m_store->load();
    saved.removeIf([&](const Profile &p) { return p.name == created.name; });
    saved.append(created);
    m_store->save(saved);
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
    if (!m_current.demo) {
        QList<Profile> saved = m_store->load();
        saved.removeIf([&](const Profile &p) { return p.name == m_current.name; });
        saved.append(edited);
        m_store->save(saved);
    } else {
        edited.demo = true; // the demo registry's profile stays unsaved
        m_extra = edited;
    }
    open(edited);
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
