#pragma once

#include "instancerecord.h"
#include "jsonwriter.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace stellmap {

/*!
 * The server's label selector: a Kubernetes-style subset (key, !key, key=value,
 * key==value, key!=value, key in (v1,v2), key notin (v1,v2)) joined by
 * top-level commas, all requirements AND-combined, plus the legacy
 * `label=key=value` equality filters.
 *
 * parse() accepts exactly what the server accepts and reports the server's
 * message for what it refuses, so a filter can be checked as it is typed.
 */
class LabelSelector
{
public:
    enum class Operator
    {
        Exists,
        NotExists,
        Equals,
        NotEquals,
        In,
        NotIn
    };

    struct Requirement
    {
        QString key;
        Operator op = Operator::Exists;
        QStringList values;

        bool matches(const StringMap &labels) const;
        friend bool operator==(const Requirement &, const Requirement &) = default;
    };

    /*!
     * Parses the values of the repeatable `selector` and `label` query
     * parameters. Selector errors are reported before label errors, each with
     * the server's text; on error the returned selector is empty.
     */
    static LabelSelector parse(const QStringList &selectors, const QStringList &legacyLabels,
                               QString *error);
    //! Convenience for one selector expression.
    static LabelSelector parse(const QString &selector, QString *error);

    bool isEmpty() const { return m_requirements.isEmpty(); }
    const QList<Requirement> &requirements() const { return m_requirements; }
    //! True when every requirement holds for \a labels.
    bool matches(const StringMap &labels) const;
    //! The same for an instance's labels, compared as UTF-8 (no QStrings built).
    bool matches(const InstanceRecord &record) const;

private:
    //! The requirements as UTF-8, for matches(InstanceRecord).
    struct Compiled
    {
        QByteArray key;
        Operator op = Operator::Exists;
        QList<QByteArray> values;
    };
    void compile();

    QList<Requirement> m_requirements;
    QList<Compiled> m_compiled;
};

} // namespace stellmap
