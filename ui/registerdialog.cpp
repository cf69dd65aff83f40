#include "registerdialog.h"

#include "stellmapreply.h"
#include "ui_registerdialog.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStyledItemDelegate>
#include <QTableWidget>

#include <algorithm>
#include <functional>
#include <limits>
#include <utility>

using namespace stellmap;

namespace {

enum EndpointColumn
{
    NameColumn,
    ProtocolColumn,
    HostColumn,
    PortColumn,
    PathColumn,
    WeightColumn,
};

QString cellText(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text() : QString();
}

void setCell(QTableWidget *table, int row, int column, const QString &text)
{
    table->setItem(row, column, new QTableWidgetItem(text));
}

/*!
 * Cell editors that commit every keystroke, so a cell is checked as it is
 * typed, like the line edits, not only when the editor closes.
 */
class CommitAsYouTypeDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override
    {
        QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto *line = qobject_cast<QLineEdit *>(editor)) {
            connect(line, &QLineEdit::textEdited, this, [this, line] {
                Q_EMIT const_cast<CommitAsYouTypeDelegate *>(this)->commitData(line);
            });
        }
        return editor;
    }

    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        // The view writes each commit back into the open editor; rewriting
        // the same text would move the cursor to the end while typing.
        auto *line = qobject_cast<QLineEdit *>(editor);
        if (line && line->text() == index.data(Qt::EditRole).toString()) {
            return;
        }
        QStyledItemDelegate::setEditorData(editor, index);
    }
};

/*!
 * A port or weight cell: a whole number (the server's JSON decoder takes
 * integer literals only: 1.5 or 1e3 is a type error there, never a port).
 * Empty reads as 0, which the server's own rules then judge.
 */
bool readInteger(const QString &text, qint32 *value)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        *value = 0;
        return true;
    }
    static const QRegularExpression integer(QStringLiteral("^-?[0-9]+$"));
    if (!integer.match(trimmed).hasMatch()) {
        return false;
    }
    bool ok = false;
    *value = trimmed.toInt(&ok);
    return ok;
}

//! Key/value rows as typed; later duplicates are reported by duplicateKey().
StringMap readMap(const QTableWidget *table)
{
    StringMap map;
    for (int row = 0; row < table->rowCount(); ++row) {
        const QString key = cellText(table, row, 0);
        if (!key.trimmed().isEmpty() && !map.contains(key)) {
            map.insert(key, cellText(table, row, 1));
        }
    }
    return map;
}

/*!
 * Two rows whose keys are equal once trimmed would silently collapse into
 * one entry of the JSON object: refused here, since the server cannot see it.
 */
ValidationError duplicateKey(const QTableWidget *table, const QString &member)
{
    QHash<QString, int> rows;
    for (int row = 0; row < table->rowCount(); ++row) {
        const QString key = cellText(table, row, 0).trimmed();
        if (key.isEmpty()) {
            continue;
        }
        if (const auto it = rows.constFind(key); it != rows.cend()) {
            return {member + QLatin1Char('[') + QString::number(row) + QLatin1Char(']'),
                    QStringLiteral("key \"%1\" is already used in row %2").arg(key).arg(*it + 1)};
        }
        rows.insert(key, row);
    }
    return {};
}

//! Rows with a value but a blank key: the server drops them without a word.
QStringList droppedRows(const QTableWidget *table)
{
    QStringList rows;
    for (int row = 0; row < table->rowCount(); ++row) {
        if (cellText(table, row, 0).trimmed().isEmpty() &&
            !cellText(table, row, 1).trimmed().isEmpty()) {
            rows << QString::number(row + 1);
        }
    }
    return rows;
}

void fillMap(QTableWidget *table, const StringMap &map)
{
    table->setRowCount(0);
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        const int row = table->rowCount();
        table->insertRow(row);
        setCell(table, row, 0, it.key());
        setCell(table, row, 1, it.value());
    }
}

} // namespace

RegisterDialog::RegisterDialog(const QStringList &namespaces, SendFunction send, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::RegisterDialog>())
    , m_send(std::move(send))
{
    m_ui->setupUi(this);
    m_ui->buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("&Register"));
    m_ui->namespaceName->addItems(namespaces);
    // Negative values are allowed in so the server's rule can explain them,
    // rather than a bound that silently changes a pre-filled value.
    m_ui->leaseTtl->setRange(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
    m_ui->leaseTtl->setValue(0);
    m_ui->preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    QHeaderView *header = m_ui->endpoints->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(HostColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(PathColumn, QHeaderView::Stretch);
    for (int column : {NameColumn, ProtocolColumn, PortColumn, WeightColumn}) {
        m_ui->endpoints->setColumnWidth(column, 90);
    }
    for (QTableWidget *table : {m_ui->labels, m_ui->metadata}) {
        table->horizontalHeader()->resizeSection(0, 150);
    }
    for (QTableWidget *table : {m_ui->endpoints, m_ui->labels, m_ui->metadata}) {
        table->setItemDelegate(new CommitAsYouTypeDelegate(table));
        table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
        connect(table, &QTableWidget::itemChanged, this, &RegisterDialog::edited);
    }
    // An endpoint is required: start with an empty row to fill in.
    addRow(m_ui->endpoints);

    connect(m_ui->addEndpoint, &QPushButton::clicked, this, [this] { addRow(m_ui->endpoints); });
    connect(m_ui->removeEndpoint, &QPushButton::clicked, this,
            [this] { removeSelectedRows(m_ui->endpoints); });
    connect(m_ui->addLabel, &QPushButton::clicked, this, [this] { addRow(m_ui->labels); });
    connect(m_ui->removeLabel, &QPushButton::clicked, this,
            [this] { removeSelectedRows(m_ui->labels); });
    connect(m_ui->addMetadata, &QPushButton::clicked, this, [this] { addRow(m_ui->metadata); });
    connect(m_ui->removeMetadata, &QPushButton::clicked, this,
            [this] { removeSelectedRows(m_ui->metadata); });

    // textEdited (not textChanged): only the user's typing syncs the other way,
    // so filling one side never echoes back into the other.
    connect(m_ui->service, &QLineEdit::textEdited, this, &RegisterDialog::serviceEdited);
    for (QLineEdit *part : {m_ui->organization, m_ui->businessDomain, m_ui->capabilityDomain,
                            m_ui->application, m_ui->role}) {
        connect(part, &QLineEdit::textEdited, this, &RegisterDialog::partEdited);
    }
    for (QLineEdit *edit :
         {m_ui->service, m_ui->organization, m_ui->businessDomain, m_ui->capabilityDomain,
          m_ui->application, m_ui->role, m_ui->instanceId, m_ui->zone}) {
        connect(edit, &QLineEdit::textChanged, this, &RegisterDialog::edited);
    }
    connect(m_ui->namespaceName, &QComboBox::editTextChanged, this, &RegisterDialog::edited);
    connect(m_ui->leaseTtl, &QSpinBox::valueChanged, this, [this] {
        if (!m_filling) {
            m_ttlOutOfRange = 0;
        }
        edited();
    });

    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &RegisterDialog::submit);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &RegisterDialog::reject);
    m_ui->service->setFocus();
    validate();
}

RegisterDialog::~RegisterDialog()
{
    // Deleting a pending reply aborts it without finished(): nothing calls back into us.
    delete m_reply.data();
}

void RegisterDialog::setRequest(const RegisterRequest &request)
{
    m_filling = true;
    m_ui->namespaceName->setEditText(request.key.namespaceName);
    const ServiceName &service = request.key.service;
    m_ui->organization->setText(service.organization);
    m_ui->businessDomain->setText(service.businessDomain);
    m_ui->capabilityDomain->setText(service.capabilityDomain);
    m_ui->application->setText(service.application);
    m_ui->role->setText(service.role);
    m_ui->service->setText(service.service);
    m_ui->instanceId->setText(request.key.instanceId);
    m_ui->zone->setText(request.zone);
    fillMap(m_ui->labels, request.labels);
    fillMap(m_ui->metadata, request.metadata);

    m_ui->endpoints->setRowCount(0);
    for (const Endpoint &endpoint : request.endpoints) {
        const int row = m_ui->endpoints->rowCount();
        m_ui->endpoints->insertRow(row);
        setCell(m_ui->endpoints, row, NameColumn, endpoint.name);
        setCell(m_ui->endpoints, row, ProtocolColumn, endpoint.protocol);
        setCell(m_ui->endpoints, row, HostColumn, endpoint.host);
        setCell(m_ui->endpoints, row, PortColumn, QString::number(endpoint.port));
        setCell(m_ui->endpoints, row, PathColumn, endpoint.path);
        // 0 is the server's "default weight"; an empty cell says the same.
        setCell(m_ui->endpoints, row, WeightColumn,
                endpoint.weight == 0 ? QString() : QString::number(endpoint.weight));
    }

    const qint64 ttl = request.leaseTtlSeconds;
    const qint64 lowest = m_ui->leaseTtl->minimum();
    const qint64 highest = m_ui->leaseTtl->maximum();
    m_ttlOutOfRange = ttl < lowest || ttl > highest ? ttl : 0;
    m_ui->leaseTtl->setValue(int(std::clamp(ttl, lowest, highest)));
    m_filling = false;

    // A request given by only one side of the service still shows both.
    if (service.service.isEmpty() && service.hasAnyPart()) {
        partEdited();
    } else if (!service.hasAnyPart()) {
        serviceEdited();
    }

    setWindowTitle(QStringLiteral("Duplicate instance"));
    m_ui->instanceId->setFocus(Qt::OtherFocusReason);
    m_ui->instanceId->selectAll();
    m_sendError.clear();
    validate();
}

RegisterRequest RegisterDialog::rawRequest(ValidationError *cellError) const
{
    RegisterRequest request;
    request.key.namespaceName = m_ui->namespaceName->currentText();
    request.key.service = ServiceName{m_ui->service->text(),        m_ui->organization->text(),
                                      m_ui->businessDomain->text(), m_ui->capabilityDomain->text(),
                                      m_ui->application->text(),    m_ui->role->text()};
    request.key.instanceId = m_ui->instanceId->text();
    request.zone = m_ui->zone->text();
    request.labels = readMap(m_ui->labels);
    request.metadata = readMap(m_ui->metadata);
    request.leaseTtlSeconds = m_ttlOutOfRange != 0 ? m_ttlOutOfRange : m_ui->leaseTtl->value();

    *cellError = {};
    const QTableWidget *table = m_ui->endpoints;
    for (int row = 0; row < table->rowCount(); ++row) {
        Endpoint endpoint;
        endpoint.name = cellText(table, row, NameColumn);
        endpoint.protocol = cellText(table, row, ProtocolColumn);
        endpoint.host = cellText(table, row, HostColumn);
        endpoint.path = cellText(table, row, PathColumn);
        const QString port = cellText(table, row, PortColumn);
        const QString weight = cellText(table, row, WeightColumn);
        const QString field = QStringLiteral("endpoints[%1].").arg(row);
        if (!readInteger(port, &endpoint.port) && !*cellError) {
            *cellError = {field + QLatin1String("port"),
                          QStringLiteral("\"%1\" is not a port: enter a whole number from 1 to "
                                         "65535")
                              .arg(port.trimmed())};
        }
        if (!readInteger(weight, &endpoint.weight) && !*cellError) {
            *cellError = {field + QLatin1String("weight"),
                          QStringLiteral("\"%1\" is not a weight: enter a whole number of 0 or "
                                         "more (empty or 0 means 100)")
                              .arg(weight.trimmed())};
        }
        request.endpoints << endpoint;
    }
    return request;
}

RegisterRequest RegisterDialog::request() const
{
    RegisterRequest request;
    check(&request);
    return request;
}

ValidationError RegisterDialog::validationError() const
{
    RegisterRequest request;
    return check(&request);
}

ValidationError RegisterDialog::check(RegisterRequest *normalized, bool *cellError) const
{
    // A cell that is not a number is what the server's JSON decoder would
    // refuse before any of its rules, so it comes first.
    ValidationError error;
    *normalized = rawRequest(&error);
    const ValidationError ruleError = normalized->normalize();
    if (cellError) {
        *cellError = error.isError();
    }
    if (error) {
        return error;
    }
    if (ruleError) {
        return ruleError;
    }
    if ((error = duplicateKey(m_ui->labels, QStringLiteral("labels")))) {
        return error;
    }
    return duplicateKey(m_ui->metadata, QStringLiteral("metadata"));
}

QString RegisterDialog::warningText() const
{
    return m_ui->warning->text();
}

void RegisterDialog::serviceEdited()
{
    if (m_filling) {
        return;
    }
    m_filling = true;
    const std::optional<ServiceName> parsed = ServiceName::parse(m_ui->service->text());
    // The server fills the parts from a five-part name exactly like this
    // (inner white space kept), so what the form shows is what it derives.
    m_ui->organization->setText(parsed ? parsed->organization : QString());
    m_ui->businessDomain->setText(parsed ? parsed->businessDomain : QString());
    m_ui->capabilityDomain->setText(parsed ? parsed->capabilityDomain : QString());
    m_ui->application->setText(parsed ? parsed->application : QString());
    m_ui->role->setText(parsed ? parsed->role : QString());
    m_filling = false;
    validate();
}

void RegisterDialog::partEdited()
{
    if (m_filling) {
        return;
    }
    m_filling = true;
    const ServiceName parts = ServiceName::fromParts(
        m_ui->organization->text(), m_ui->businessDomain->text(), m_ui->capabilityDomain->text(),
        m_ui->application->text(), m_ui->role->text());
    // Incomplete parts leave the name empty: the server then names the missing parts.
    m_ui->service->setText(parts.composed());
    m_filling = false;
    validate();
}

void RegisterDialog::markField(const QString &field)
{
    // The field the message is about is outlined, so the eye finds it in the form.
    const QString head = field.section(QLatin1Char('['), 0, 0).section(QLatin1Char('.'), 0, 0);
    const std::pair<const char *, QWidget *> fields[] = {
        {"namespace", m_ui->namespaceName},
        {"service", m_ui->service},
        {"organization", m_ui->organization},
        {"businessDomain", m_ui->businessDomain},
        {"capabilityDomain", m_ui->capabilityDomain},
        {"application", m_ui->application},
        {"role", m_ui->role},
        {"instanceId", m_ui->instanceId},
        {"zone", m_ui->zone},
        {"leaseTtlSeconds", m_ui->leaseTtl},
        {"endpoints", m_ui->endpoints},
        {"labels", m_ui->labels},
        {"metadata", m_ui->metadata},
    };
    for (const auto &[name, widget] : fields) {
        const bool marked = head == QLatin1String(name);
        widget->setProperty("invalid", marked);
        widget->setStyleSheet(marked ? QStringLiteral("border: 2px solid #b00020;") : QString());
    }
}

QString RegisterDialog::fieldTitle(const QString &field)
{
    static const QRegularExpression indexed(
        QStringLiteral("^(endpoints|labels|metadata)\\[(\\d+)\\](?:\\.(\\w+))?$"));
    if (const QRegularExpressionMatch match = indexed.match(field); match.hasMatch()) {
        const QString row = QString::number(match.captured(2).toInt() + 1);
        if (match.captured(1) == QLatin1String("endpoints")) {
            QString column = match.captured(3);
            if (!column.isEmpty()) {
                column[0] = column[0].toUpper();
            }
            return QStringLiteral("Endpoint row %1, %2").arg(row, column);
        }
        return match.captured(1) == QLatin1String("labels")
                   ? QStringLiteral("Labels row %1").arg(row)
                   : QStringLiteral("Metadata row %1").arg(row);
    }
    if (field == QLatin1String("namespace")) {
        return QStringLiteral("Namespace");
    }
    if (field == QLatin1String("service")) {
        return QStringLiteral("Service");
    }
    if (field == QLatin1String("instanceId")) {
        return QStringLiteral("Instance ID");
    }
    if (field == QLatin1String("leaseTtlSeconds")) {
        return QStringLiteral("Lease TTL");
    }
    if (field == QLatin1String("endpoints")) {
        return QStringLiteral("Endpoints");
    }
    return field;
}

void RegisterDialog::edited()
{
    if (!m_filling) {
        m_sendError.clear(); // the form changed since the failed send: judge it again
    }
    validate();
}

void RegisterDialog::validate()
{
    if (m_filling) {
        return; // one check once the form is consistent again
    }
    RegisterRequest normalized;
    bool cellError = false;
    const ValidationError error = check(&normalized, &cellError);

    QStringList warnings;
    QStringList slashed;
    if (normalized.key.namespaceName.contains(QLatin1Char('/'))) {
        slashed << QStringLiteral("Namespace");
    }
    if (normalized.key.service.service.contains(QLatin1Char('/'))) {
        slashed << QStringLiteral("Service");
    }
    if (normalized.key.instanceId.contains(QLatin1Char('/'))) {
        slashed << QStringLiteral("Instance ID");
    }
    if (!slashed.isEmpty()) {
        // The server keys watch events by namespace/service/instanceId and
        // drops any change whose key does not split into exactly three parts.
        warnings << QStringLiteral("%1 %2 '/': the instance can be registered and found by a "
                                   "query, but the server never sends watch events for it (watch "
                                   "keys are namespace/service/instanceId), so live views such as "
                                   "this browser's tree will not show it.")
                        .arg(slashed.join(QLatin1String(" and ")), slashed.size() == 1
                                                                       ? QStringLiteral("contains")
                                                                       : QStringLiteral("contain"));
    }
    for (const auto &[table, title] : {std::pair{m_ui->labels, QStringLiteral("Labels")},
                                       std::pair{m_ui->metadata, QStringLiteral("Metadata")}}) {
        const QStringList rows = droppedRows(table);
        if (!rows.isEmpty()) {
            warnings << QStringLiteral("%1 row %2 %3 a value but no key: the server drops it.")
                            .arg(title, rows.join(QLatin1String(", ")),
                                 rows.size() == 1 ? QStringLiteral("has") : QStringLiteral("have"));
        }
    }
    if (m_ttlOutOfRange != 0) {
        warnings << QStringLiteral("The lease TTL of %1 s does not fit this form; it is sent as "
                                   "given until you change it.")
                        .arg(m_ttlOutOfRange);
    }
    m_ui->warning->setText(warnings.join(QLatin1Char('\n')));

    if (!m_sendError.isEmpty()) {
        m_ui->error->setText(m_sendError);
    } else {
        m_ui->error->setText(error ? fieldTitle(error.field) + QLatin1String(": ") + error.message
                                   : QString());
    }
    markField(error ? error.field : QString());

    // A cell that is not a number has no JSON form: showing it as 0 would
    // be the silent change the check exists to prevent.
    const QString json = cellError ? QString() : QString::fromUtf8(normalized.toJson());
    if (m_ui->preview->toPlainText() != json) {
        m_ui->preview->setPlainText(json);
    }
    // Greyed while invalid: nothing is sent then.
    m_ui->preview->setEnabled(!error);
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(!error && !isSending());
}

void RegisterDialog::submit()
{
    if (isSending() || validationError()) {
        return; // Enter on a disabled Register, or a second press
    }
    if (!m_send) {
        accept();
        return;
    }
    StellMapReply *reply = m_send(request());
    if (!reply) {
        m_sendError = QStringLiteral("not sent");
        validate();
        return;
    }
    m_reply = reply;
    // finished() always comes from the event loop, so connecting now misses nothing.
    connect(reply, &StellMapReply::finished, this, [this, reply] { finishSending(reply); });
    setSending(true);
}

void RegisterDialog::finishSending(StellMapReply *reply)
{
    if (reply != m_reply) {
        return; // a reply we stopped waiting for
    }
    m_reply = nullptr;
    reply->deleteLater();
    if (reply->error() == ClientError::NoError) {
        accept();
        return;
    }
    m_sendError = reply->code() + QLatin1String(": ") + reply->errorString();
    if (reply->maybeApplied()) {
        m_sendError += QStringLiteral("\nThe instance may be registered anyway; check before "
                                      "retrying (registering again replaces it).");
    }
    setSending(false);
}

void RegisterDialog::setSending(bool sending)
{
    QPushButton *ok = m_ui->buttons->button(QDialogButtonBox::Ok);
    if (sending) {
        m_focusBeforeSending = focusWidget();
        m_ui->error->clear();
    }
    ok->setText(sending ? QStringLiteral("Registering…") : QStringLiteral("&Register"));
    m_ui->formArea->setEnabled(!sending);
    ok->setEnabled(!sending);
    if (!sending) {
        validate();
        if (m_focusBeforeSending && m_focusBeforeSending->isEnabled()) {
            m_focusBeforeSending->setFocus();
        }
    }
}

void RegisterDialog::reject()
{
    if (isSending()) {
        // The write may already be on its way; deleting the reply only stops waiting.
        delete m_reply.data();
        setSending(false); // ready again should the caller show the dialog once more
    }
    QDialog::reject();
}

void RegisterDialog::addRow(QTableWidget *table)
{
    const int row = table->rowCount();
    QSignalBlocker blocker(table); // one check after the row is complete
    table->insertRow(row);
    for (int column = 0; column < table->columnCount(); ++column) {
        setCell(table, row, column, QString());
    }
    blocker.unblock();
    if (table->isVisible()) {
        table->setFocus();
        table->setCurrentCell(row, 0);
        table->editItem(table->item(row, 0));
    }
    edited();
}

void RegisterDialog::removeSelectedRows(QTableWidget *table)
{
    QList<int> rows;
    for (const QModelIndex &index : table->selectionModel()->selectedIndexes()) {
        if (!rows.contains(index.row())) {
            rows << index.row();
        }
    }
    if (rows.isEmpty() && table->currentRow() >= 0) {
        rows << table->currentRow();
    }
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    for (int row : rows) {
        table->removeRow(row);
    }
    edited();
}
