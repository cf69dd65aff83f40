#pragma once

#include "instancerecord.h"
#include "labelselector.h"

#include <QHash>
#include <QSortFilterProxyModel>
#include <QTimer>

/*!
 * The browser's search box over a RegistryTreeModel: free text (every word
 * must occur in the service, instance id, zone, a host or a label) or, when
 * the text uses selector syntax (=, !=, !key, in (...), notin (...)), a label
 * selector read exactly as the server reads it. Matching instances stay
 * visible with their service and namespace (recursive filtering); a service
 * whose name matches shows all its instances.
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
    //! How long source changes gather before one refilter while filtering.
    static constexpr int RefilterDelayMs = 250;

    //! Free text: a word found in the service, id, zone, a host, or a label key or value.
    static bool containsWord(const stellmap::InstanceRecord &instance, const Word &word);

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

    QString m_text;
    QList<Word> m_words;
    std::optional<stellmap::LabelSelector> m_selector;
    QString m_zone;
    QByteArray m_zoneUtf8;
    QTimer m_refilter;
    //! By source node (the root is nullptr), until rows change.
    mutable QHash<const void *, int> m_counts;
    mutable QHash<const void *, RollUp> m_rollUps;
};
