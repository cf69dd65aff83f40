#pragma once

#include <QSet>
#include <QString>

namespace stellmap {

/*!
 * Interns strings so equal texts share one allocation: a registry repeats
 * the same label keys and values, zones, services and protocols across
 * thousands of instances. Texts no longer used outside the pool are dropped
 * as the pool grows, so churn (pids, build ids) does not accumulate.
 */
class StringPool
{
public:
    //! The pooled copy of \a text (shares its data).
    QString intern(const QString &text);
    //! Drops texts that only the pool still holds.
    void prune();
    qsizetype size() const { return m_strings.size(); }

private:
    QSet<QString> m_strings;
    qsizetype m_pruneAt = 1024;
};

} // namespace stellmap
