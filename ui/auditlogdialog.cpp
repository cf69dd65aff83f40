#include "auditlogdialog.h"

#include "auditlog.h"
#include "auditlogmodel.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

using namespace stellmap;

AuditLogDialog::AuditLogDialog(AuditLog *log, QWidget *parent)
    : QDialog(parent)
    , m_log(log)
    , m_model(new AuditLogModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setWindowTitle(QStringLiteral("Audit log"));
    setModal(false);
    resize(1000, 520);

    m_model->setCapacity(MaxEntries);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(
        QStringLiteral("Filter: profile, action, service, instance, result, message…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("entries"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);

    m_pathLabel = new QLabel(this);
    m_pathLabel->setObjectName(QStringLiteral("path"));
    m_pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pathLabel->setText(QDir::toNativeSeparators(log->path()));
    m_pathLabel->setToolTip(
        QStringLiteral("Older records: %1").arg(QDir::toNativeSeparators(log->rotatedPath())));
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("count"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *reloadButton =
        buttons->addButton(QStringLiteral("&Reload"), QDialogButtonBox::ActionRole);
    reloadButton->setObjectName(QStringLiteral("reload"));
    connect(reloadButton, &QPushButton::clicked, this, &AuditLogDialog::reload);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    auto *status = new QHBoxLayout;
    status->addWidget(m_pathLabel, 1);
    status->addWidget(m_countLabel);
    layout->addLayout(status);
    layout->addWidget(buttons);

    const auto updateCount = [this] {
        m_countLabel->setText(m_proxy->rowCount() == m_model->rowCount()
                                  ? QStringLiteral("%1 records").arg(m_model->rowCount())
                                  : QStringLiteral("%1 of %2 records")
                                        .arg(m_proxy->rowCount())
                                        .arg(m_model->rowCount()));
    };
    connect(m_proxy, &QAbstractItemModel::modelReset, this, updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, updateCount);
    connect(log, &AuditLog::appended, m_model, &AuditLogModel::prepend);

    reload();
    m_view->resizeColumnsToContents();
}

void AuditLogDialog::reload()
{
    m_model->setEntries(m_log->read(MaxEntries));
}
