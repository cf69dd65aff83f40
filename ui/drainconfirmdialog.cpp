#include "drainconfirmdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

using namespace stellmap;

DrainConfirmDialog::DrainConfirmDialog(const QList<Instance> &instances, bool production,
                                       QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("drainConfirm"));
    setWindowTitle(QStringLiteral("Drain %1 instance(s)").arg(instances.size()));
    QStringList namespaces;
    for (const Instance &instance : instances) {
        if (!namespaces.contains(instance.key.namespaceName)) {
            namespaces.append(instance.key.namespaceName);
        }
    }
    std::sort(namespaces.begin(), namespaces.end());

    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        QStringLiteral("<b>Deregister these %1 instance(s)?</b> Clients stop being offered them "
                       "at once. If an instance's own agent still runs, it may register it again "
                       "after its next heartbeat fails; the browser watches for that for a minute "
                       "and tells you. To keep an instance registered but marked, use "
                       "<i>Soft drain</i> instead.")
            .arg(instances.size()));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *table = new QTableWidget(int(instances.size()), 5);
    table->setObjectName(QStringLiteral("drainList"));
    table->setHorizontalHeaderLabels({QStringLiteral("Namespace"), QStringLiteral("Service"),
                                      QStringLiteral("Instance"), QStringLiteral("Zone"),
                                      QStringLiteral("Endpoints")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (int row = 0; row < instances.size(); ++row) {
        const Instance &instance = instances.at(row);
        QStringList endpoints;
        for (const Endpoint &endpoint : instance.endpoints) {
            endpoints.append(endpoint.url());
        }
        const QStringList cells = {instance.key.namespaceName, instance.key.service.service,
                                   instance.key.instanceId, instance.zone,
                                   endpoints.join(QLatin1String(", "))};
        for (int column = 0; column < cells.size(); ++column) {
            table->setItem(row, column, new QTableWidgetItem(cells.at(column)));
        }
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_drain = buttons->addButton(QStringLiteral("Drain %1").arg(instances.size()),
                                 QDialogButtonBox::DestructiveRole);
    m_drain->setObjectName(QStringLiteral("drainButton"));
    m_drain->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true); // Enter never drains
    connect(m_drain, &QPushButton::clicked, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    if (production) {
        m_required = namespaces.join(QLatin1String(", "));
        auto *warning = new QLabel(
            QStringLiteral("<span style='color:#b00020'><b>Production profile.</b></span> "
                           "Type <b>%1</b> to confirm:")
                .arg(m_required.toHtmlEscaped()));
        m_typed = new QLineEdit;
        m_typed->setObjectName(QStringLiteral("confirmNamespace"));
        m_typed->setPlaceholderText(m_required);
        layout->addWidget(warning);
        layout->addWidget(m_typed);
        m_drain->setEnabled(false);
        // Once the namespace is typed, Enter drains: typing it was the deliberate step.
        QPushButton *cancel = buttons->button(QDialogButtonBox::Cancel);
        connect(m_typed, &QLineEdit::textChanged, this, [this, cancel](const QString &text) {
            const bool confirmed = text == m_required;
            m_drain->setEnabled(confirmed);
            m_drain->setDefault(confirmed);
            cancel->setDefault(!confirmed);
        });
        m_typed->setFocus();
    }
    layout->addWidget(buttons);
    resize(760, qMin(520, 220 + int(instances.size()) * 26));
}
