#include "profiledialog.h"

#include "ui_profiledialog.h"

#include <QFileDialog>
#include <QPushButton>
#include <QRegularExpression>

namespace {

QStringList splitList(const QString &text)
{
    return text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
}

} // namespace

ProfileDialog::ProfileDialog(const Profile &profile, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ProfileDialog>())
{
    m_ui->setupUi(this);
    m_ui->name->setText(profile.name);
    m_ui->servers->setPlainText(profile.servers.join(QLatin1Char('\n')));
    m_ui->namespaces->setText(profile.namespaces.join(QLatin1String(", ")));
    m_ui->caFile->setText(profile.caFile);
    m_ui->token->setText(profile.token);
    if (profile.tokenInKeychain && profile.token.isEmpty()) {
        m_ui->token->setPlaceholderText(QStringLiteral("kept in the OS keychain; type to replace"));
    }
    m_ui->askToken->setChecked(profile.askToken);
    m_ui->readOnly->setChecked(profile.readOnly);
    m_ui->production->setChecked(profile.production);
    connect(m_ui->browseCa, &QToolButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, QStringLiteral("CA certificates"), QString(),
                                         QStringLiteral("PEM (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty()) {
            m_ui->caFile->setText(file);
        }
    });
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->name, &QLineEdit::textChanged, this, &ProfileDialog::validate);
    connect(m_ui->servers, &QPlainTextEdit::textChanged, this, &ProfileDialog::validate);
    connect(m_ui->namespaces, &QLineEdit::textChanged, this, &ProfileDialog::validate);
    connect(m_ui->caFile, &QLineEdit::textChanged, this, &ProfileDialog::validate);
    validate();
}

ProfileDialog::~ProfileDialog() = default;

Profile ProfileDialog::profile() const
{
    Profile profile;
    profile.name = m_ui->name->text().trimmed();
    profile.servers = splitList(m_ui->servers->toPlainText());
    profile.namespaces = splitList(m_ui->namespaces->text());
    profile.caFile = m_ui->caFile->text().trimmed();
    profile.token = m_ui->token->text();
    profile.askToken = m_ui->askToken->isChecked();
    profile.readOnly = m_ui->readOnly->isChecked();
    profile.production = m_ui->production->isChecked();
    return profile;
}

void ProfileDialog::validate()
{
    const stellmap::ValidationError error = profile().validate();
    m_ui->error->setText(error.toString());
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(!error);
}
