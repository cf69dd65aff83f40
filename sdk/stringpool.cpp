#include "stringpool.h"

namespace stellmap {

QString StringPool::intern(const QString &text)
{
    if (text.isEmpty()) {
        return QString();
    }
    const auto found = m_strings.constFind(text);
    if (found != m_strings.cend()) {
        return *found;
    }
    if (m_strings.size() >= m_pruneAt) {
        prune();
        m_pruneAt = qMax<qsizetype>(1024, m_strings.size() * 2);
    }
    m_strings.insert(text);
    return text;
}

void StringPool::prune()
{
    // isDetached(): nobody but the pool references the text any more.
    for (auto it = m_strings.begin(); it != m_strings.end();) {
        if (it->isDetached()) {
            it = m_strings.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace stellmap
