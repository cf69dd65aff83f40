#include "instancefilterproxy.h"

#include "registrytreemodel.h"

#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>

using namespace stellmap;

InstanceFilterProxy::InstanceFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setAutoAcceptChildRows(false);
    // Dynamic: Qt 6.4 crashes inserting rows under recursive filtering without it
    // (tst_registrytreemodel's churn with zones found it). Its row-by-row refilter
    // of changed rows is what keeps a filtered view slow under an event storm.
    setDynamicSortFilter(true);
    // Only content changes refilter: the model's per-second countdown updates
    // (DisplayRole, ForegroundRole) never carry this role.
    setFilterRole(RegistryTreeModel::SearchTextRole);
    // Qt 6.4's recursive filtering misses rows that start to match under a
    // parent it had hidden, and content changes must refilter too: while a
    // filter is on, refilter after source changes, coalesced.
    m_refilter.setSingleShot(true);
    m_refilter.setInterval(RefilterDelayMs);
    connect(&m_refilter, &QTimer::timeout, this, &InstanceFilterProxy::invalidate);
    // Shown counts change only when rows come, go or the mapping is rebuilt.
    const auto forgetCounts = [this] {
        m_counts.clear();
        m_rollUps.clear();
    };
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
    QSortFilterProxyModel::setSourceModel(model);
    if (!model) {
        return;
    }
    const auto refilterLater = [this] {
        if (isFiltering() && !m_refilter.isActive()) {
            m_refilter.start();
        }
    };
    connect(model, &QAbstractItemModel::rowsInserted, this, refilterLater);
    connect(model, &QAbstractItemModel::dataChanged, this,
            [refilterLater](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                // Only content changes can change what matches (not countdowns or flashes).
                if (roles.isEmpty()) {
                    refilterLater();
                }
            });
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
    // A service that matches the text shows all its instances; a selector only matches instances.
    setAutoAcceptChildRows(!m_words.isEmpty());
    // A full invalidate, not invalidateFilter(): Qt 6.4 updates existing recursive
    // mappings row by row, 5 s for one keystroke at 100k instances; rebuilt lazily
    // it takes 0.1 s (bench-treemodel).
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
    invalidate(); // see setFilterText()
}

bool InstanceFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!isFiltering()) {
        return true;
    }
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const int kind = index.data(RegistryTreeModel::KindRole).toInt();
    if (kind == RegistryTreeModel::NamespaceKind) {
        return false; // shown when something inside matches
    }
    if (kind == RegistryTreeModel::ServiceKind || kind == RegistryTreeModel::GroupKind) {
        // Zone and selector are about instances; a service matches free text by its name.
        if (m_words.isEmpty() || !m_zone.isEmpty()) {
            return false;
        }
        const QString text = index.data(RegistryTreeModel::SearchTextRole).toString();
        return std::all_of(m_words.cbegin(), m_words.cend(), [&text](const Word &word) {
            return text.contains(word.text, Qt::CaseInsensitive);
        });
    }
    const auto *model = static_cast<const RegistryTreeModel *>(sourceModel());
    const InstanceRecord instance = model->instance(index);
    if (!instance) {
        return false;
    }
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

int InstanceFilterProxy::countOf(const QModelIndex &parent) const
{
    // Painted count cells ask for this on every repaint; the walk is done once
    // per change of what is shown.
    const void *key = mapToSource(parent).internalPointer();
    const auto cached = m_counts.constFind(key);
    if (cached != m_counts.cend()) {
        return *cached;
    }
    int count = 0;
    const int rows = rowCount(parent);
    for (int row = 0; row < rows; ++row) {
        const QModelIndex child = index(row, 0, parent);
        count += child.data(RegistryTreeModel::KindRole).toInt() == RegistryTreeModel::InstanceKind
                     ? 1
                     : countOf(child);
    }
    m_counts.insert(key, count);
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
