#include "instancefilterproxy.h"

#include "registrytreemodel.h"

#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>

using namespace stellmap;

InstanceFilterProxy::InstanceFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // Parents are shown by the counts kept here, children of a matching service by judge().
    setRecursiveFilteringEnabled(false);
    setAutoAcceptChildRows(false);
    setDynamicSortFilter(true);
    // Only content changes refilter: the model's countdown ticks and flashes never
    // carry this role (its roll-ups do, so parents follow their children).
    setFilterRole(RegistryTreeModel::SearchTextRole);
    // Roll-ups of shown rows change only when rows come, go or the mapping is rebuilt.
    const auto forgetCounts = [this] { m_rollUps.clear(); };
    connect(this, &QAbstractItemModel::rowsInserted, this, forgetCounts);
    connect(this, &QAbstractItemModel::rowsRemoved, this, forgetCounts);
    connect(this, &QAbstractItemModel::rowsMoved, this, forgetCounts);
    connect(this, &QAbstractItemModel::layoutChanged, this, forgetCounts);
    connect(this, &QAbstractItemModel::modelReset, this, forgetCounts);
}

void InstanceFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    if (sourceModel()) {
        disconnect(sourceModel(), nullptr, this, nullptr);
    }
    // Connected before QSortFilterProxyModel connects its own handlers, so these
    // run first: the counts are current whenever it asks filterAcceptsRow().
    if (model) {
        connect(model, &QAbstractItemModel::rowsInserted, this,
                &InstanceFilterProxy::onRowsInserted);
        connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                &InstanceFilterProxy::onRowsAboutToBeRemoved);
        connect(model, &QAbstractItemModel::dataChanged, this, &InstanceFilterProxy::onDataChanged);
        connect(model, &QAbstractItemModel::modelReset, this, &InstanceFilterProxy::rebuild);
        connect(model, &QAbstractItemModel::layoutChanged, this, &InstanceFilterProxy::rebuild);
    }
    QSortFilterProxyModel::setSourceModel(model);
    rebuild();
}

bool InstanceFilterProxy::looksLikeSelector(const QString &text)
{
    // "key in (...)" / "key notin (...)" anywhere in a comma list, or a word then in/notin.
    static const QRegularExpression setOperator(
        QStringLiteral("(^|,)\\s*[^\\s,]+\\s+(not)?in(\\s|\\(|$)"),
        QRegularExpression::CaseInsensitiveOption);
    const QString trimmed = text.trimmed();
    return trimmed.contains(QLatin1Char('=')) || trimmed.startsWith(QLatin1Char('!')) ||
           setOperator.match(trimmed).hasMatch();
}

QString InstanceFilterProxy::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (looksLikeSelector(trimmed)) {
        QString error;
        LabelSelector selector = LabelSelector::parse(trimmed, &error);
        if (!error.isEmpty()) {
            return error;
        }
        m_words.clear();
        m_selector = std::move(selector);
    } else {
        m_selector.reset();
        m_words.clear();
        for (const QString &word :
             trimmed.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
            m_words.append(Word(word));
        }
    }
    m_text = trimmed;
    rebuild();
    // A full invalidate, not invalidateFilter(): Qt 6.4 updates existing mappings row by
    // row (seconds at 100k instances); rebuilt lazily it costs little.
    invalidate();
    return QString();
}

void InstanceFilterProxy::setZone(const QString &zone)
{
    if (zone == m_zone) {
        return;
    }
    m_zone = zone;
    m_zoneUtf8 = zone.toUtf8();
    rebuild();
    invalidate(); // see setFilterText()
}

// --- judging

InstanceFilterProxy::Word::Word(const QString &text)
    : text(text)
    , lowerUtf8(text.toLower().toUtf8())
{
    ascii =
        std::all_of(lowerUtf8.cbegin(), lowerUtf8.cend(), [](char c) { return uchar(c) < 0x80; });
}

bool InstanceFilterProxy::Word::foundIn(QByteArrayView utf8) const
{
    // ASCII words are searched in the UTF-8 bytes, folding ASCII letters only; a
    // text with other characters is asked again as a QString when that finds
    // nothing (a few characters fold to ASCII letters, e.g. the Kelvin sign).
    if (ascii) {
        const qsizetype m = lowerUtf8.size();
        const char *needle = lowerUtf8.constData();
        bool other = false;
        for (qsizetype i = 0; i < utf8.size(); ++i) {
            other = other || uchar(utf8[i]) >= 0x80;
            if (i + m > utf8.size()) {
                continue;
            }
            qsizetype k = 0;
            while (k < m) {
                const char c = utf8[i + k];
                if ((c >= 'A' && c <= 'Z' ? char(c | 0x20) : c) != needle[k]) {
                    break;
                }
                ++k;
            }
            if (k == m) {
                return true;
            }
        }
        if (!other) {
            return false;
        }
    }
    return QString::fromUtf8(utf8).contains(text, Qt::CaseInsensitive);
}

bool InstanceFilterProxy::containsWord(const InstanceRecord &instance, const Word &word)
{
    if (word.foundIn(instance.serviceUtf8()) || word.foundIn(instance.instanceIdUtf8()) ||
        word.foundIn(instance.zoneUtf8())) {
        return true;
    }
    for (int i = 0; i < instance.endpointCount(); ++i) {
        if (word.foundIn(instance.endpointHostUtf8(i))) {
            return true;
        }
    }
    for (int i = 0; i < instance.labelCount(); ++i) {
        if (word.foundIn(instance.labelKeyUtf8(i)) || word.foundIn(instance.labelValueUtf8(i))) {
            return true;
        }
    }
    return false;
}

bool InstanceFilterProxy::matches(const InstanceRecord &instance) const
{
    if (!m_zone.isEmpty() && instance.zoneUtf8() != QByteArrayView(m_zoneUtf8)) {
        return false;
    }
    if (m_selector && !m_selector->matches(instance)) {
        return false;
    }
    // The instance's own bytes: no string built per row (100k rows per keystroke).
    return std::all_of(m_words.cbegin(), m_words.cend(),
                       [&instance](const Word &word) { return containsWord(instance, word); });
}

bool InstanceFilterProxy::nameMatches(const QModelIndex &source) const
{
    // Free text only (zone and selector are about instances), by the service's full
    // name or a group's own name.
    if (m_words.isEmpty() || !m_zone.isEmpty()) {
        return false;
    }
    const QString text = source.data(RegistryTreeModel::SearchTextRole).toString();
    return std::all_of(m_words.cbegin(), m_words.cend(), [&text](const Word &word) {
        return text.contains(word.text, Qt::CaseInsensitive);
    });
}

bool InstanceFilterProxy::judge(const QModelIndex &source) const
{
    const auto *model = static_cast<const RegistryTreeModel *>(sourceModel());
    const InstanceRecord record = model->instance(source);
    auto state = m_instances.find(source.internalPointer());
    if (state != m_instances.end() && state->record.isSameObject(record)) {
        return state->shown;
    }
    bool shown = record && matches(record);
    // Under a service or group whose name matches, every instance shows.
    for (QModelIndex up = source.parent(); !shown && up.isValid() && up.parent().isValid();
         up = up.parent()) {
        shown = nameMatches(up);
    }
    if (state == m_instances.end()) {
        m_instances.insert(source.internalPointer(), {record, shown});
        if (shown) {
            addShown(source.parent(), 1);
        }
    } else {
        const bool was = std::exchange(state->shown, shown);
        state->record = record;
        if (was != shown) {
            addShown(source.parent(), shown ? 1 : -1);
        }
    }
    return shown;
}

void InstanceFilterProxy::addShown(QModelIndex source, int delta) const
{
    for (; source.isValid(); source = source.parent()) {
        m_shownBelow[source.internalPointer()] += delta;
    }
}

bool InstanceFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!isFiltering()) {
        return true;
    }
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (index.data(RegistryTreeModel::KindRole).toInt() == RegistryTreeModel::InstanceKind) {
        return judge(index);
    }
    return m_shownBelow.value(index.internalPointer()) > 0 ||
           (sourceParent.isValid() && nameMatches(index));
}

// --- bookkeeping

void InstanceFilterProxy::rebuild()
{
    m_instances.clear();
    m_shownBelow.clear();
    QAbstractItemModel *model = sourceModel();
    if (!model || !isFiltering()) {
        return;
    }
    for (int row = 0; row < model->rowCount(); ++row) {
        track(model->index(row, 0), false);
    }
}

int InstanceFilterProxy::track(const QModelIndex &source)
{
    // Whether a service or group above matches by name, worked out on the way down.
    bool named = false;
    for (QModelIndex up = source.parent(); !named && up.isValid() && up.parent().isValid();
         up = up.parent()) {
        named = nameMatches(up);
    }
    return track(source, named);
}

int InstanceFilterProxy::track(const QModelIndex &source, bool named)
{
    if (source.data(RegistryTreeModel::KindRole).toInt() == RegistryTreeModel::InstanceKind) {
        const auto *model = static_cast<const RegistryTreeModel *>(sourceModel());
        const InstanceRecord record = model->instance(source);
        const bool shown = named || (record && matches(record));
        m_instances.insert(source.internalPointer(), {record, shown});
        return shown ? 1 : 0;
    }
    const bool namedBelow = named || (source.parent().isValid() && nameMatches(source));
    int shown = 0;
    const int rows = sourceModel()->rowCount(source);
    for (int row = 0; row < rows; ++row) {
        shown += track(sourceModel()->index(row, 0, source), namedBelow);
    }
    m_shownBelow.insert(source.internalPointer(), shown);
    return shown;
}

int InstanceFilterProxy::untrack(const QModelIndex &source)
{
    const void *key = source.internalPointer();
    const auto instance = m_instances.constFind(key);
    if (instance != m_instances.cend()) {
        const int shown = instance->shown ? 1 : 0;
        m_instances.erase(instance);
        return shown;
    }
    const int rows = sourceModel()->rowCount(source);
    for (int row = 0; row < rows; ++row) {
        untrack(sourceModel()->index(row, 0, source));
    }
    return int(m_shownBelow.take(key));
}

void InstanceFilterProxy::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (!isFiltering()) {
        return;
    }
    int shown = 0;
    for (int row = first; row <= last; ++row) {
        shown += track(sourceModel()->index(row, 0, parent));
    }
    if (shown) {
        addShown(parent, shown);
    }
}

void InstanceFilterProxy::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (!isFiltering()) {
        return;
    }
    int shown = 0;
    for (int row = first; row <= last; ++row) {
        shown += untrack(sourceModel()->index(row, 0, parent));
    }
    if (shown) {
        addShown(parent, -shown);
    }
}

void InstanceFilterProxy::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                        const QList<int> &roles)
{
    // Content changes of instances (labels, zone, endpoints) may change what matches.
    if (!isFiltering() ||
        (!roles.isEmpty() && !roles.contains(RegistryTreeModel::SearchTextRole))) {
        return;
    }
    const QModelIndex parent = topLeft.parent();
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const QModelIndex index = sourceModel()->index(row, 0, parent);
        if (index.data(RegistryTreeModel::KindRole).toInt() == RegistryTreeModel::InstanceKind) {
            judge(index);
        }
    }
}

// --- counts

int InstanceFilterProxy::countOf(const QModelIndex &parent) const
{
    // Kept up to date by the bookkeeping (or the model's own counts when all
    // is shown): no walk over the shown rows.
    const auto countAt = [this](const QModelIndex &source) {
        return isFiltering()
                   ? m_shownBelow.value(source.internalPointer())
                   : source.siblingAtColumn(RegistryTreeModel::CountColumn).data().toInt();
    };
    if (parent.isValid()) {
        return countAt(mapToSource(parent));
    }
    int count = 0;
    QAbstractItemModel *model = sourceModel();
    for (int row = 0; model && row < model->rowCount(); ++row) {
        count += countAt(model->index(row, 0));
    }
    return count;
}

const InstanceFilterProxy::RollUp &InstanceFilterProxy::rollUpOf(const QModelIndex &parent) const
{
    // Asked for painted rows only, and added up again at most once a second.
    const qint64 second = QDateTime::currentSecsSinceEpoch();
    const void *key = mapToSource(parent).internalPointer();
    const auto cached = m_rollUps.constFind(key);
    if (cached != m_rollUps.cend() && cached->second == second) {
        return *cached;
    }
    RollUp rollUp;
    rollUp.second = second;
    const auto addZone = [&rollUp](const QString &zone) {
        if (!zone.isEmpty() && !rollUp.zones.contains(zone)) {
            rollUp.zones.append(zone);
        }
    };
    const int rows = rowCount(parent);
    for (int row = 0; row < rows; ++row) {
        const QModelIndex child = index(row, 0, parent);
        if (child.data(RegistryTreeModel::KindRole).toInt() == RegistryTreeModel::InstanceKind) {
            ++rollUp.health[qBound(0, child.data(RegistryTreeModel::HealthRole).toInt(), 2)];
            addZone(child.siblingAtColumn(RegistryTreeModel::ZoneColumn).data().toString());
            continue;
        }
        const RollUp &below = rollUpOf(child);
        for (int h = 0; h < 3; ++h) {
            rollUp.health[h] += below.health[h];
        }
        for (const QString &zone : below.zones) {
            addZone(zone);
        }
    }
    rollUp.zones.sort();
    return *m_rollUps.insert(key, rollUp);
}

QVariant InstanceFilterProxy::data(const QModelIndex &index, int role) const
{
    if (role == Qt::DisplayRole && isFiltering() &&
        index.data(RegistryTreeModel::KindRole).toInt() != RegistryTreeModel::InstanceKind) {
        // Roll-ups of what the filter shows, not of everything under the row.
        const QModelIndex name = index.siblingAtColumn(0);
        switch (index.column()) {
        case RegistryTreeModel::CountColumn:
            return QStringLiteral("%1 / %2")
                .arg(countOf(name))
                .arg(QSortFilterProxyModel::data(index, role).toInt());
        case RegistryTreeModel::ZoneColumn:
            if (index.data(RegistryTreeModel::KindRole).toInt() !=
                RegistryTreeModel::NamespaceKind) {
                return rollUpOf(name).zones.join(QLatin1String(", "));
            }
            break;
        case RegistryTreeModel::HealthColumn:
            if (index.data(RegistryTreeModel::KindRole).toInt() !=
                RegistryTreeModel::NamespaceKind) {
                return RegistryTreeModel::healthText(rollUpOf(name).health);
            }
            break;
        default:
            break;
        }
    }
    return QSortFilterProxyModel::data(index, role);
}

int InstanceFilterProxy::shownInstances() const
{
    return countOf(QModelIndex());
}
