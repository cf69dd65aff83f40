#include "browser.h"

#include "mainwindow.h"
#include "profiledialog.h"
#include "profilestore.h"
#include "workspace.h"

#include <QMessageBox>

Browser::Browser(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_store(std::make_unique<ProfileStore>(settings))
{}

Browser::~Browser()
{
    // The window goes before the workspace it reads.
    m_window.reset();
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

void Browser::open(const Profile &profile)
{
    stellmap::ValidationError error;
    const stellmap::ClientOptions options = profile.clientOptions(&error);
    if (error) {
        QMessageBox::warning(
            m_window.get(), QStringLiteral("StellMap Browser"),
            QStringLiteral("Profile \"%1\": %2").arg(profile.name, error.toString()));
        return;
    }
    // The new window is up before the old one goes, so the application never
    // sees its last window close.
    auto workspace = std::make_unique<Workspace>(options, profile.namespaces);
    auto window = std::make_unique<MainWindow>(workspace.get(), profile.name);
    if (m_window) {
        m_window->saveLayout();
        window->setGeometry(m_window->geometry());
    }
    std::swap(m_window, window);
    std::swap(m_workspace, workspace);
    m_current = profile;
    if (!profile.token.isEmpty()) {
        m_tokens.insert(profile.name, profile.token); // session only, never saved
    }
    QStringList names;
    for (const Profile &p : profiles()) {
        names.append(p.name);
    }
    if (!names.contains(profile.name)) {
        names.prepend(profile.name);
    }
    m_window->setProfiles(names, profile.name);
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
    window.reset(); // the old window, then its workspace
    workspace.reset();
}

void Browser::switchTo(const QString &name)
{
    for (Profile profile : profiles()) {
        if (profile.name == name) {
            // Settings hold no tokens: bring back the one given this session.
            if (profile.token.isEmpty()) {
                profile.token = m_tokens.value(name);
            }
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
            open(profile);
            return true;
        }
    }
    if (!saved.isEmpty()) {
        open(saved.first());
        return true;
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
    open(dialog.profile());
    return true;
}
