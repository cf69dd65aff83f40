#include "instancedetails.h"

#include <QAction>
#include <QClipboard>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QMap>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using stellmap::Endpoint;
using stellmap::Instance;
using stellmap::StringMap;

namespace {

// The value a cell copies when its display is abbreviated (multi-line values, "—").
constexpr int CopyTextRole = Qt::UserRole + 2;
constexpr int MaxVisibleRows = 12;
constexpr int MaxTooltipChars = 2000;

const QColor DiffersBackground(0xff, 0xe0, 0x99);
const QColor DiffersForeground(0x40, 0x2a, 0x00);
const QColor ExpiredColor(0xb0, 0x00, 0x20);

QString cellCopyText(const QTableWidgetItem *item)
{
    const QVariant raw = item->data(CopyTextRole);
    return raw.isValid() ? raw.toString() : item->text();
}

// Spreadsheet convention: a cell holding a tab, newline or quote is quoted,
// so a multi-cell paste keeps its shape.
QString tsvCell(const QString &text)
{
    if (!text.contains(QLatin1Char('\t')) && !text.contains(QLatin1Char('\n')) &&
        !text.contains(QLatin1Char('"'))) {
        return text;
    }
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// Selected cells, or the whole table when nothing is selected, by row then column.
QMap<int, QMap<int, QString>> cellsToCopy(const QTableWidget *table)
{
    QMap<int, QMap<int, QString>> rows;
    const QList<QTableWidgetItem *> selected = table->selectedItems();
    if (!selected.isEmpty()) {
        for (const QTableWidgetItem *item : selected) {
            rows[item->row()][item->column()] = cellCopyText(item);
        }
        return rows;
    }
    for (int row = 0; row < table->rowCount(); ++row) {
        for (int column = 0; column < table->columnCount(); ++column) {
            if (const QTableWidgetItem *item = table->item(row, column)) {
                rows[row][column] = cellCopyText(item);
            }
        }
    }
    return rows;
}

QString selectionAsTsv(const QTableWidget *table)
{
    const QMap<int, QMap<int, QString>> rows = cellsToCopy(table);
    // One cell is copied verbatim: that is the value the user wants to paste.
    if (rows.size() == 1 && rows.first().size() == 1) {
        return rows.first().first();
    }
    QStringList lines;
    for (const QMap<int, QString> &cells : rows) {
        QStringList fields;
        for (const QString &cell : cells) {
            fields.append(tsvCell(cell));
        }
        lines.append(fields.join(QLatin1Char('\t')));
    }
    return lines.join(QLatin1Char('\n'));
}

QString selectionAsKeyValue(const QTableWidget *table)
{
    const QMap<int, QMap<int, QString>> rows = cellsToCopy(table);
    QStringList lines;
    for (auto it = rows.begin(); it != rows.end(); ++it) {
        const QTableWidgetItem *key = table->item(it.key(), 0);
        const QTableWidgetItem *value = table->item(it.key(), 1);
        if (key && value) {
            lines.append(cellCopyText(key) + QLatin1Char('=') + cellCopyText(value));
        }
    }
    return lines.join(QLatin1Char('\n'));
}

QTableWidgetItem *readOnlyItem(const QString &value, bool multiLine = false)
{
    // Multi-line values (e.g. JSON in metadata) stay on one table line; the
    // tooltip and the copy keep the real text.
    QString display = value;
    if (!multiLine) {
        display.replace(QLatin1Char('\n'), QStringLiteral(" \u21b5 "));
    }
    auto *item = new QTableWidgetItem(display);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (display != value) {
        item->setData(CopyTextRole, value);
    }
    if (value.size() > 40 || display != value) {
        item->setToolTip(value.left(MaxTooltipChars));
    }
    return item;
}

QTableWidgetItem *numberItem(qint64 number)
{
    QTableWidgetItem *item = readOnlyItem(QString::number(number));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QLabel *sectionHeader(const QString &text)
{
    auto *label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    label->setFont(font);
    label->setContentsMargins(0, 10, 0, 2);
    return label;
}

// A label for registry data: plain text (never rich text from the server), selectable.
QLabel *valueLabel()
{
    auto *label = new QLabel;
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QLabel *noteLabel(const QString &text)
{
    auto *label = new QLabel(text);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

// Tables sit in the page's scroll area, so they are as tall as their rows
// (up to a limit) instead of scrolling inside a scroll area.
void fitTableHeight(QTableWidget *table)
{
    int height = table->horizontalHeader()->sizeHint().height() + 2 * table->frameWidth();
    const int rows = std::min(table->rowCount(), MaxVisibleRows);
    for (int row = 0; row < rows; ++row) {
        height += table->rowHeight(row);
    }
    if (table->horizontalScrollBarPolicy() != Qt::ScrollBarAlwaysOff &&
        table->horizontalScrollBar()->maximum() > 0) {
        height += table->horizontalScrollBar()->sizeHint().height();
    }
    table->setFixedHeight(height);
}

QString formatDuration(qint64 seconds)
{
    if (seconds < 60) {
        return InstanceDetails::tr("%1 s").arg(seconds);
    }
    if (seconds < 3600) {
        return InstanceDetails::tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    }
    if (seconds < 86400) {
        return InstanceDetails::tr("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
    }
    return InstanceDetails::tr("%1 d %2 h").arg(seconds / 86400).arg(seconds % 86400 / 3600);
}

// Local time for reading, relative to the server's now for judging.
QString timeText(qint64 unix, qint64 serverNow)
{
    if (unix <= 0) {
        return InstanceDetails::tr("unknown");
    }
    const QString local = QDateTime::fromSecsSinceEpoch(unix).toLocalTime().toString(
        QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const qint64 delta = serverNow - unix;
    // The server clock is known to about a second (HTTP dates): "in 1 s" is noise.
    const QString relative =
        delta >= -1 ? InstanceDetails::tr("%1 ago").arg(formatDuration(qMax<qint64>(0, delta)))
                    : InstanceDetails::tr("in %1").arg(formatDuration(-delta));
    return local + QLatin1String("  (") + relative + QLatin1Char(')');
}

QString timeToolTip(qint64 unix)
{
    if (unix <= 0) {
        return QString();
    }
    return QDateTime::fromSecsSinceEpoch(unix, Qt::UTC).toString(Qt::ISODate) +
           QLatin1String("  (Unix ") + QString::number(unix) + QLatin1Char(')');
}

// Re-indents the compact JSON the SDK writes. Unlike QJsonDocument it keeps
// the server's member order, so the text reads like the server's answer.
QString indentedJson(const QByteArray &compact)
{
    QByteArray out;
    out.reserve(compact.size() * 2);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    const auto newline = [&] {
        out += '\n';
        out += QByteArray(depth * 4, ' ');
    };
    for (qsizetype i = 0; i < compact.size(); ++i) {
        const char c = compact.at(i);
        if (inString) {
            out += c;
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            out += c;
            const char next = i + 1 < compact.size() ? compact.at(i + 1) : '\0';
            if (next == '}' || next == ']') {
                out += next;
                ++i;
            } else {
                ++depth;
                newline();
            }
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        default:
            out += c;
        }
    }
    return QString::fromUtf8(out);
}

// Hosts differ between instances by design; the rest of an endpoint should not.
QString endpointShape(const Endpoint &endpoint)
{
    QString text;
    if (!endpoint.name.isEmpty() && endpoint.name != endpoint.protocol) {
        text += endpoint.name + QLatin1Char('=');
    }
    text += endpoint.protocol + QLatin1String("://*:") + QString::number(endpoint.port);
    if (!endpoint.path.isEmpty()) {
        if (!endpoint.path.startsWith(QLatin1Char('/'))) {
            text += QLatin1Char('/');
        }
        text += endpoint.path;
    }
    if (endpoint.weight != 0 && endpoint.weight != stellmap::DefaultEndpointWeight) {
        text += QLatin1String("?weight=") + QString::number(endpoint.weight);
    }
    return text;
}

} // namespace

InstanceDetails::InstanceDetails(QWidget *parent)
    : QWidget(parent)
{
    m_stack = new QStackedWidget(this);
    m_emptyPage = createEmptyPage();
    m_instancePage = createInstancePage();
    m_servicePage = createServicePage();
    m_stack->addWidget(m_emptyPage);
    m_stack->addWidget(m_instancePage);
    m_stack->addWidget(m_servicePage);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    m_leaseTimer.setInterval(1000);
    connect(&m_leaseTimer, &QTimer::timeout, this, &InstanceDetails::updateLease);
    clear();
}

QWidget *InstanceDetails::createEmptyPage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    m_hint = noteLabel(QString());
    m_hint->setObjectName(QStringLiteral("hintLabel"));
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_hint);
    return page;
}

QWidget *InstanceDetails::createInstancePage()
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(4);

    // Header: the id to copy, then what it belongs to.
    m_instanceIdLabel = valueLabel();
    m_instanceIdLabel->setObjectName(QStringLiteral("instanceIdLabel"));
    QFont idFont = m_instanceIdLabel->font();
    idFont.setPointSizeF(idFont.pointSizeF() * 1.6);
    idFont.setBold(true);
    m_instanceIdLabel->setFont(idFont);
    layout->addWidget(m_instanceIdLabel);

    auto *where = new QHBoxLayout;
    where->setSpacing(6);
    m_serviceLabel = valueLabel();
    m_serviceLabel->setObjectName(QStringLiteral("serviceLabel"));
    m_namespaceLabel = valueLabel();
    m_namespaceLabel->setObjectName(QStringLiteral("namespaceLabel"));
    m_revisionLabel = noteLabel(QString());
    m_revisionLabel->setObjectName(QStringLiteral("revisionLabel"));
    m_revisionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    where->addWidget(noteLabel(tr("service")));
    where->addWidget(m_serviceLabel);
    where->addSpacing(16);
    where->addWidget(noteLabel(tr("namespace")));
    where->addWidget(m_namespaceLabel);
    where->addStretch(1);
    layout->addLayout(where);
    layout->addWidget(m_revisionLabel);

    m_watchWarning = new QLabel;
    m_watchWarning->setObjectName(QStringLiteral("watchWarning"));
    m_watchWarning->setTextFormat(Qt::PlainText);
    m_watchWarning->setWordWrap(true);
    QPalette warningPalette = m_watchWarning->palette();
    warningPalette.setColor(QPalette::WindowText, ExpiredColor);
    m_watchWarning->setPalette(warningPalette);
    layout->addWidget(m_watchWarning);

    // Identity and lease side by side: both are short forms.
    auto *columns = new QHBoxLayout;
    auto *identityColumn = new QVBoxLayout;
    identityColumn->addWidget(sectionHeader(tr("Identity")));
    m_identityForm = new QFormLayout;
    m_identityForm->setLabelAlignment(Qt::AlignLeft);
    m_identityForm->setHorizontalSpacing(16);
    const QStringList partNames = {tr("Organization"), tr("Business domain"),
                                   tr("Capability domain"), tr("Application"), tr("Role")};
    for (const QString &name : partNames) {
        QLabel *value = valueLabel();
        m_partLabels.append(value);
        m_identityForm->addRow(name, value);
    }
    m_plainServiceNote = noteLabel(tr("plain service name (not structured)"));
    m_identityForm->addRow(tr("Parts"), m_plainServiceNote);
    m_zoneLabel = valueLabel();
    m_zoneLabel->setObjectName(QStringLiteral("zoneLabel"));
    m_identityForm->addRow(tr("Zone"), m_zoneLabel);
    identityColumn->addLayout(m_identityForm);
    identityColumn->addStretch(1);

    auto *leaseColumn = new QVBoxLayout;
    leaseColumn->addWidget(sectionHeader(tr("Lease")));
    auto *leaseForm = new QFormLayout;
    leaseForm->setHorizontalSpacing(16);
    m_leaseLabel = valueLabel();
    m_leaseLabel->setObjectName(QStringLiteral("leaseLabel"));
    QFont leaseFont = m_leaseLabel->font();
    leaseFont.setBold(true);
    m_leaseLabel->setFont(leaseFont);
    m_ttlLabel = valueLabel();
    m_ttlLabel->setObjectName(QStringLiteral("ttlLabel"));
    m_registeredLabel = valueLabel();
    m_registeredLabel->setObjectName(QStringLiteral("registeredLabel"));
    m_heartbeatLabel = valueLabel();
    m_heartbeatLabel->setObjectName(QStringLiteral("heartbeatLabel"));
    // The times wrap before "(… ago)" in a narrow pane.
    m_registeredLabel->setWordWrap(true);
    m_heartbeatLabel->setWordWrap(true);
    leaseForm->addRow(tr("Status"), m_leaseLabel);
    leaseForm->addRow(tr("TTL"), m_ttlLabel);
    leaseForm->addRow(tr("Registered at"), m_registeredLabel);
    leaseForm->addRow(tr("Last heartbeat"), m_heartbeatLabel);
    leaseColumn->addLayout(leaseForm);
    leaseColumn->addStretch(1);

    columns->addLayout(identityColumn, 1);
    // Not setSpacing(): nested layouts would inherit it as their row spacing.
    columns->addSpacing(24);
    columns->addLayout(leaseColumn, 1);
    layout->addLayout(columns);

    const QStringList keyValue = {tr("Key"), tr("Value")};
    layout->addWidget(sectionHeader(tr("Labels")));
    m_noLabels = noteLabel(tr("no labels"));
    layout->addWidget(m_noLabels);
    m_labelsTable = createTable(QStringLiteral("labelsTable"), keyValue, true);
    layout->addWidget(m_labelsTable);

    layout->addWidget(sectionHeader(tr("Metadata")));
    m_noMetadata = noteLabel(tr("no metadata"));
    layout->addWidget(m_noMetadata);
    m_metadataTable = createTable(QStringLiteral("metadataTable"), keyValue, true);
    layout->addWidget(m_metadataTable);

    layout->addWidget(sectionHeader(tr("Endpoints")));
    m_noEndpoints = noteLabel(tr("no endpoints"));
    layout->addWidget(m_noEndpoints);
    m_endpointsTable = createTable(
        QStringLiteral("endpointsTable"),
        {tr("Name"), tr("Protocol"), tr("Host"), tr("Port"), tr("Path"), tr("Weight"), tr("URL")},
        false);
    m_endpointsTable->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    // A URL cut in the middle hides its host: cut paths at the end instead.
    m_endpointsTable->setTextElideMode(Qt::ElideRight);
    // Room for the scroll bar only while the columns do not fit.
    connect(m_endpointsTable->horizontalScrollBar(), &QScrollBar::rangeChanged, m_endpointsTable,
            [this] { fitTableHeight(m_endpointsTable); });
    layout->addWidget(m_endpointsTable);

    layout->addWidget(sectionHeader(tr("Raw JSON")));
    m_rawJson = new QPlainTextEdit;
    m_rawJson->setObjectName(QStringLiteral("rawJson"));
    m_rawJson->setReadOnly(true);
    m_rawJson->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_rawJson->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_rawJson->setMinimumHeight(m_rawJson->fontMetrics().lineSpacing() * 16);
    layout->addWidget(m_rawJson, 1);

    m_instanceScroll = new QScrollArea;
    m_instanceScroll->setObjectName(QStringLiteral("instanceScroll"));
    m_instanceScroll->setWidgetResizable(true);
    m_instanceScroll->setFrameShape(QFrame::NoFrame);
    m_instanceScroll->setWidget(content);
    return m_instanceScroll;
}

QWidget *InstanceDetails::createServicePage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(12, 12, 12, 12);

    m_serviceTitle = valueLabel();
    m_serviceTitle->setObjectName(QStringLiteral("serviceTitle"));
    QFont titleFont = m_serviceTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_serviceTitle->setFont(titleFont);
    // Wrapping, so a long service name does not set the pane's minimum width.
    m_serviceTitle->setWordWrap(true);
    layout->addWidget(m_serviceTitle);
    QLabel *legend = noteLabel(tr("Highlighted cells differ from the most common value in "
                                  "their row; endpoints are compared without their host."));
    legend->setWordWrap(true);
    layout->addWidget(legend);

    m_serviceTable = createTable(QStringLiteral("serviceTable"), {}, false);
    // Row names (label keys) are the point of this table.
    m_serviceTable->verticalHeader()->setVisible(true);
    m_serviceTable->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_serviceTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_serviceTable->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_serviceTable, 1);
    return page;
}

QTableWidget *InstanceDetails::createTable(const QString &objectName, const QStringList &headers,
                                           bool keyValueCopy)
{
    auto *table = new QTableWidget(0, int(headers.size()));
    table->setObjectName(objectName);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table->horizontalHeader()->setHighlightSections(false);
    table->setAlternatingRowColors(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table->setSelectionBehavior(QAbstractItemView::SelectItems);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideMiddle);
    table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto *copy = new QAction(tr("Copy"), table);
    copy->setObjectName(QStringLiteral("copyAction"));
    copy->setShortcut(QKeySequence::Copy);
    // Only the focused table copies; other tables and the JSON view keep their own Ctrl+C.
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, table,
            [table] { QGuiApplication::clipboard()->setText(selectionAsTsv(table)); });
    table->addAction(copy);
    if (keyValueCopy) {
        auto *copyKeyValue = new QAction(tr("Copy as key=value"), table);
        copyKeyValue->setObjectName(QStringLiteral("copyKeyValueAction"));
        connect(copyKeyValue, &QAction::triggered, table,
                [table] { QGuiApplication::clipboard()->setText(selectionAsKeyValue(table)); });
        table->addAction(copyKeyValue);
    }
    return table;
}

void InstanceDetails::showInstance(const Instance &instance, quint64 changeRevision)
{
    // An update of the shown instance keeps what the user is looking at.
    const bool update =
        m_instance && m_instance->key == instance.key && m_stack->currentWidget() == m_instancePage;
    const std::optional<Instance> previous = std::exchange(m_instance, instance);

    const stellmap::InstanceKey &key = instance.key;
    m_instanceIdLabel->setText(key.instanceId);
    m_serviceLabel->setText(key.service.service);
    m_namespaceLabel->setText(key.namespaceName);
    m_revisionLabel->setText(tr("revision of last change: %1").arg(changeRevision));
    const QString warning = key.watchabilityWarning();
    m_watchWarning->setText(warning);
    m_watchWarning->setVisible(!warning.isEmpty());

    const stellmap::ServiceName &service = key.service;
    const QStringList parts = {service.organization, service.businessDomain,
                               service.capabilityDomain, service.application, service.role};
    const bool structured = service.isStructured();
    for (int i = 0; i < m_partLabels.size(); ++i) {
        m_partLabels[i]->setText(parts.value(i));
        m_identityForm->setRowVisible(i, structured);
    }
    m_identityForm->setRowVisible(int(m_partLabels.size()), !structured);
    m_zoneLabel->setText(instance.zone.isEmpty() ? tr("(none)") : instance.zone);

    if (!update || previous->labels != instance.labels) {
        fillStringMap(m_labelsTable, m_noLabels, instance.labels);
    }
    if (!update || previous->metadata != instance.metadata) {
        fillStringMap(m_metadataTable, m_noMetadata, instance.metadata);
    }
    if (!update || previous->endpoints != instance.endpoints) {
        fillEndpoints(instance.endpoints);
    }

    m_ttlLabel->setText(
        instance.leaseTtlSeconds > 0
            ? formatDuration(instance.leaseTtlSeconds)
            : tr("%1 (server default)").arg(formatDuration(instance.effectiveLeaseTtl())));
    m_registeredLabel->setToolTip(timeToolTip(instance.registeredAtUnix));
    m_heartbeatLabel->setToolTip(timeToolTip(instance.lastHeartbeatUnix));
    updateLease();

    // A heartbeat changes the JSON; keep the reader's place and selection in it.
    const QTextCursor cursor = m_rawJson->textCursor();
    const int jsonScroll = m_rawJson->verticalScrollBar()->value();
    const int jsonHScroll = m_rawJson->horizontalScrollBar()->value();
    m_rawJson->setPlainText(indentedJson(instance.toJson()));
    if (update) {
        QTextCursor restored = m_rawJson->textCursor();
        const int end = m_rawJson->document()->characterCount() - 1;
        restored.setPosition(std::min(cursor.anchor(), end));
        restored.setPosition(std::min(cursor.position(), end), QTextCursor::KeepAnchor);
        m_rawJson->setTextCursor(restored);
        m_rawJson->verticalScrollBar()->setValue(jsonScroll);
        m_rawJson->horizontalScrollBar()->setValue(jsonHScroll);
    } else {
        m_instanceScroll->verticalScrollBar()->setValue(0);
    }

    m_stack->setCurrentWidget(m_instancePage);
    updateTimer();
}

void InstanceDetails::fillStringMap(QTableWidget *table, QLabel *emptyLabel, const StringMap &map)
{
    table->clearContents();
    table->setRowCount(int(map.size()));
    int row = 0;
    // QMap iterates in key order: the table is sorted by key.
    for (auto it = map.begin(); it != map.end(); ++it, ++row) {
        table->setItem(row, 0, readOnlyItem(it.key()));
        table->setItem(row, 1, readOnlyItem(it.value()));
    }
    // Keys are short; the value gets the rest, but a very long key may not take it all.
    table->resizeColumnToContents(0);
    table->setColumnWidth(0, std::clamp(table->columnWidth(0), 120, 320));
    fitTableHeight(table);
    table->setVisible(!map.isEmpty());
    emptyLabel->setVisible(map.isEmpty());
}

void InstanceDetails::fillEndpoints(const QList<Endpoint> &endpoints)
{
    QTableWidget *table = m_endpointsTable;
    table->clearContents();
    table->setRowCount(int(endpoints.size()));
    for (int row = 0; row < endpoints.size(); ++row) {
        const Endpoint &endpoint = endpoints.at(row);
        table->setItem(row, 0, readOnlyItem(endpoint.name));
        table->setItem(row, 1, readOnlyItem(endpoint.protocol));
        table->setItem(row, 2, readOnlyItem(endpoint.host));
        table->setItem(row, 3, numberItem(endpoint.port));
        table->setItem(row, 4, readOnlyItem(endpoint.path));
        QTableWidgetItem *weight = numberItem(endpoint.weight);
        if (endpoint.weight == 0) {
            weight->setText(tr("0 (default %1)").arg(stellmap::DefaultEndpointWeight));
            weight->setData(CopyTextRole, QStringLiteral("0"));
        }
        table->setItem(row, 5, weight);
        table->setItem(row, 6, readOnlyItem(endpoint.url()));
    }
    table->resizeColumnsToContents();
    fitTableHeight(table);
    table->setVisible(!endpoints.isEmpty());
    m_noEndpoints->setVisible(endpoints.isEmpty());
}

void InstanceDetails::showService(const QList<Instance> &instances)
{
    m_instance.reset();

    QString serviceName;
    QString namespaceName;
    if (!instances.isEmpty()) {
        serviceName = instances.first().key.service.service;
        namespaceName = instances.first().key.namespaceName;
    }
    const QString count =
        instances.size() == 1 ? tr("1 instance") : tr("%1 instances").arg(instances.size());
    m_serviceTitle->setText(instances.isEmpty()
                                ? tr("No instances")
                                : serviceName + QStringLiteral("  \u2014  ") + count +
                                      QLatin1String("  (") + tr("namespace %1").arg(namespaceName) +
                                      QLatin1Char(')'));

    QStringList labelKeys;
    for (const Instance &instance : instances) {
        for (auto it = instance.labels.begin(); it != instance.labels.end(); ++it) {
            labelKeys.append(it.key());
        }
    }
    labelKeys.sort();
    labelKeys.removeDuplicates();

    // Fixed rows first, so they are always in the same place.
    struct Cell
    {
        QString value;
        QString toolTip;
        bool present = true;
    };
    QList<QString> rowNames = {tr("zone"), tr("endpoints")};
    QList<QList<Cell>> rows(2);
    for (const Instance &instance : instances) {
        rows[0].append({instance.zone, QString(), true});
        QStringList shapes;
        QStringList urls;
        for (const Endpoint &endpoint : instance.endpoints) {
            shapes.append(endpointShape(endpoint));
            urls.append(endpoint.url());
        }
        shapes.sort(); // the order of endpoints is no difference
        rows[1].append({shapes.join(QLatin1Char('\n')), urls.join(QLatin1Char('\n')), true});
    }
    for (const QString &key : std::as_const(labelKeys)) {
        rowNames.append(key);
        QList<Cell> cells;
        for (const Instance &instance : instances) {
            const auto it = instance.labels.constFind(key);
            cells.append(it == instance.labels.constEnd() ? Cell{QString(), QString(), false}
                                                          : Cell{*it, QString(), true});
        }
        rows.append(cells);
    }

    QTableWidget *table = m_serviceTable;
    table->clear();
    table->setRowCount(int(rows.size()));
    table->setColumnCount(int(instances.size()));
    for (int column = 0; column < instances.size(); ++column) {
        const Instance &instance = instances.at(column);
        auto *header = new QTableWidgetItem(instance.key.instanceId);
        header->setToolTip(instance.key.instanceId);
        table->setHorizontalHeaderItem(column, header);
    }
    for (int row = 0; row < rows.size(); ++row) {
        auto *header = new QTableWidgetItem(rowNames.at(row));
        if (row < 2) {
            // Not label keys: set apart in case a label is called "zone".
            QFont font = header->font();
            font.setItalic(true);
            header->setFont(font);
        }
        table->setVerticalHeaderItem(row, header);

        const QList<Cell> &cells = rows.at(row);
        // Absence is a value too: a label most instances lack marks the few that have it.
        const QString absent = QStringLiteral("\u0000absent");
        QHash<QString, int> counts;
        for (const Cell &cell : cells) {
            ++counts[cell.present ? cell.value : absent];
        }
        int best = 0;
        QString bestValue;
        int bestCount = 0; // how many values share the top count
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            if (it.value() > best) {
                best = it.value();
                bestValue = it.key();
                bestCount = 1;
            } else if (it.value() == best) {
                ++bestCount;
            }
        }
        // With a tie there is no majority to agree with, so every cell stands out.
        const bool tie = bestCount > 1;
        for (int column = 0; column < cells.size(); ++column) {
            const Cell &cell = cells.at(column);
            QTableWidgetItem *item = nullptr;
            if (!cell.present) {
                item = readOnlyItem(QStringLiteral("\u2014"));
                item->setData(CopyTextRole, QString());
            } else if (cell.value.isEmpty()) {
                item = readOnlyItem(tr("(none)"));
                item->setData(CopyTextRole, QString());
            } else {
                item = readOnlyItem(cell.value, row == 1); // one endpoint a line
            }
            if (!cell.toolTip.isEmpty()) {
                item->setToolTip(cell.toolTip);
            }
            const bool differs = tie || counts.value(cell.present ? cell.value : absent) != best;
            item->setData(DiffersRole, differs);
            if (differs) {
                item->setBackground(DiffersBackground);
                item->setForeground(DiffersForeground);
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
                if (!tie) {
                    const QString common = bestValue == absent   ? tr("(not set)")
                                           : bestValue.isEmpty() ? tr("(none)")
                                                                 : bestValue;
                    item->setToolTip(
                        (item->toolTip().isEmpty() ? QString()
                                                   : item->toolTip() + QLatin1Char('\n')) +
                        tr("most common: %1 (%2 of %3)").arg(common).arg(best).arg(cells.size()));
                }
            }
            table->setItem(row, column, item);
        }
    }
    table->resizeColumnsToContents();
    if (table->rowCount() > 1) {
        table->resizeRowToContents(1); // the endpoints, one a line
    }
    for (int column = 0; column < table->columnCount(); ++column) {
        table->setColumnWidth(column, std::min(table->columnWidth(column), 360));
    }

    m_stack->setCurrentWidget(m_servicePage);
    updateTimer();
}

void InstanceDetails::clear()
{
    showNote(tr("Select an instance to see its labels, metadata and endpoints"));
}

void InstanceDetails::showNote(const QString &note)
{
    m_instance.reset();
    m_hint->setText(note);
    m_stack->setCurrentWidget(m_emptyPage);
    updateTimer();
}

void InstanceDetails::setServerClockOffsetMs(qint64 offsetMs)
{
    m_clockOffsetMs = offsetMs;
    updateLease();
}

void InstanceDetails::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateLease(); // the countdown stood still while hidden
    updateTimer();
}

void InstanceDetails::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_leaseTimer.stop();
}

qint64 InstanceDetails::serverNowUnix() const
{
    return (QDateTime::currentMSecsSinceEpoch() + m_clockOffsetMs) / 1000;
}

void InstanceDetails::updateLease()
{
    if (!m_instance) {
        return;
    }
    const Instance &instance = *m_instance;
    const qint64 now = serverNowUnix();
    m_registeredLabel->setText(timeText(instance.registeredAtUnix, now));
    m_heartbeatLabel->setText(instance.lastHeartbeatUnix > 0
                                  ? timeText(instance.lastHeartbeatUnix, now)
                                  : tr("none yet (the lease runs from registration)"));

    QString status;
    bool expired = false;
    const qint64 expiresAt = instance.expiresAtUnix();
    if (instance.leaseStartUnix() <= 0) {
        status = tr("no lease times known");
    } else if (expiresAt <= 0) {
        // The sum wrapped around, which the server reads as expired.
        status = tr("expired (TTL out of range)");
        expired = true;
    } else if (instance.isAlive(now)) {
        // Never more than the TTL: the clock estimate may be a second behind.
        status = tr("lease left %1")
                     .arg(formatDuration(qMin(expiresAt - now, instance.effectiveLeaseTtl())));
    } else {
        status = tr("expired %1 ago").arg(formatDuration(now - expiresAt));
        expired = true;
    }
    m_leaseLabel->setText(status);
    m_leaseLabel->setToolTip(tr("by the server's clock; runs out at %1")
                                 .arg(expiresAt > 0 ? timeToolTip(expiresAt) : tr("unknown")));
    QPalette palette = this->palette();
    if (expired) {
        palette.setColor(QPalette::WindowText, ExpiredColor);
    }
    m_leaseLabel->setPalette(palette);
}

void InstanceDetails::updateTimer()
{
    const bool run = isVisible() && m_instance && m_stack->currentWidget() == m_instancePage;
    if (run && !m_leaseTimer.isActive()) {
        m_leaseTimer.start();
    } else if (!run) {
        m_leaseTimer.stop();
    }
}
