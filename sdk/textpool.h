#pragma once

#include "sharedtext.h"

#include <QByteArrayView>
#include <QString>

#include <string_view>
#include <unordered_map>

namespace stellmap {

struct SharedIdentity;

/*!
 * Makes equal texts one SharedText: a registry repeats the same label keys
 * and values, zones, services and protocols across thousands of instances.
 * The pool holds a reference to each text; texts nobody else uses any more
 * are dropped as the pool grows, so churn (build ids, timestamps in labels)
 * does not accumulate. Not thread-safe: one pool per thread.
 */
class TextPool
{
public:
    TextPool() = default;
    ~TextPool();
    TextPool(const TextPool &) = delete;
    TextPool &operator=(const TextPool &) = delete;

    /*!
     * The pooled text equal to \a utf8, with a reference for the caller
     * (release it with SharedText::release()); nullptr for the empty text.
     */
    const SharedText *intern(QByteArrayView utf8);
    const SharedText *intern(const QString &text);
    /*!
     * The pooled identity of these seven parts (namespace, service,
     * organization, business domain, capability domain, application, role),
     * with a reference for the caller; nullptr when all are empty.
     */
    const SharedIdentity *internIdentity(const QByteArrayView (&parts)[7]);
    //! Drops texts that only the pool still holds.
    void prune();
    qsizetype size() const { return qsizetype(m_texts.size()); }

private:
    //! Keys view the texts' own bytes.
    std::unordered_map<std::string_view, const SharedText *> m_texts;
    //! Keys view the identities' own keys.
    std::unordered_map<std::string_view, const SharedIdentity *> m_identities;
    std::string m_key;
    size_t m_pruneAt = 4096;
};

} // namespace stellmap
