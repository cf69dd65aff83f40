#pragma once

#include "instancerecord.h"
#include "labelselector.h"

#include <QHash>
#include <QSortFilterProxyModel>

/*!
 * The browser's search box over a RegistryTreeModel: free text (every word
 * must occur in the service, instance id, zone, a host or a label) or, when
 * the text uses selector syntax (=, !=, !key, in (...), notin (...)), a label
 * selector read exactly as the server reads it, and a zone. Matching
 * instances stay visible with their service, groups and namespace; a service
 * or group whose name matches the words shows all its instances.
 *
 * Built for event storms at registry scale: which instances match, and how
 * many match under every node, is kept up to date from the source model's
 * own signals (handled before QSortFilterProxyModel's), so every
 * filterAcceptsRow() is a lookup and a change refilters only its own row and
 * its ancestors. QSortFilterProxyModel's recursive filtering (which scans
 * whole subtrees, and in Qt 6.4 misses rows that start to match under a
 * hidden parent) is not used: the counts do its job.
 */
class InstanceFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit InstanceFilterProxy(QObject *parent = nullptr);

    /*!
     * Filters by \a text. Returns the server's error message for a selector
     * that does not parse (the filter is then left as it was), else empty.
     */
    QString setFilterText(const QString &text);
    void setZone(const QString &zone);
    QString zone() const { return m_zone; }
    //! The search text in force (the last one that was valid).
    QString filterText() const { return m_text; }
    void setSourceModel(QAbstractItemModel *model) override;
    //! While filtering, a service's or namespace's count reads "shown / total".
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool isFiltering() const { return !m_words.isEmpty() || m_selector || !m_zone.isEmpty(); }
    //! True when \a text would be read as a label selector.
    static bool looksLikeSelector(const QString &text);
    //! Instance rows currently shown.
    int shownInstances() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    //! A free-text word, ready to be looked for in UTF-8.
    struct Word
    {
        explicit Word(const QString &text);
        bool foundIn(QByteArrayView utf8) const;

        QString text;
        QByteArray lowerUtf8;
        bool ascii = true;
    };
    //! What is known of an instance row.
    struct InstanceState
    {
        //! The record it was judged on (held, so its identity cannot be reused).
        stellmap::InstanceRecord record;
        bool shown = false;
    };

    //! Free text: a word found in the service, id, zone, a host, or a label key or value.
    static bool containsWord(const stellmap::InstanceRecord &instance, const Word &word);
    //! The instance itself matches (zone, selector, words).
    bool matches(const stellmap::InstanceRecord &instance) const;
    //! A service or group whose name matches the words.
    bool nameMatches(const QModelIndex &source) const;
    //! Whether the instance at \a source is shown: judged again if its record changed.
    bool judge(const QModelIndex &source) const;
    //! Adds \a delta to the shown count of \a source and its ancestors.
    void addShown(QModelIndex source, int delta) const;

    //! Shown instances under a node.
    int countOf(const QModelIndex &parent) const;
    //! Health and zones of the shown instances under a node (painted rows only).
    struct RollUp
    {
        int health[3] = {0, 0, 0};
        QStringList zones;
        //! When it was added up: health moves on with the clock.
        qint64 second = 0;
    };
    const RollUp &rollUpOf(const QModelIndex &parent) const;

    // The bookkeeping, from the source model's signals.
    void rebuild();
    //! Judges the subtree at \a source; returns the instances shown in it.
    int track(const QModelIndex &source);
    //! The same, \a named: a service or group above matches by name.
    int track(const QModelIndex &source, bool named);
    //! Forgets the subtree at \a source; returns the instances it showed.
    int untrack(const QModelIndex &source);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                       const QList<int> &roles);

    QString m_text;
    QList<Word> m_words;
    std::optional<stellmap::LabelSelector> m_selector;
    QString m_zone;
    QByteArray m_zoneUtf8;
    //! By source node (an index's internal pointer): instance rows...
    mutable QHash<const void *, InstanceState> m_instances;
    //! ...and how many shown instances every other row has under it.
    mutable QHash<const void *, int> m_shownBelow;
    //! Roll-ups by proxy row's source node, until rows change.
    mutable QHash<const void *, RollUp> m_rollUps;
};
