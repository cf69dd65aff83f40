#include "textpool.h"

#include "instancerecord_p.h"

namespace stellmap {

TextPool::~TextPool()
{
    for (const auto &entry : m_identities) {
        entry.second->deref();
    }
    for (const auto &entry : m_texts) {
        entry.second->deref();
    }
}

const SharedIdentity *TextPool::internIdentity(const QByteArrayView (&parts)[7])
{
    m_key.clear();
    bool empty = true;
    for (const QByteArrayView part : parts) {
        const auto size = quint32(part.size());
        m_key.append(reinterpret_cast<const char *>(&size), sizeof size);
        m_key.append(part.data(), size_t(part.size()));
        empty = empty && part.isEmpty();
    }
    if (empty) {
        return nullptr;
    }
    const auto found = m_identities.find(std::string_view(m_key));
    if (found != m_identities.end()) {
        found->second->ref.ref();
        return found->second;
    }
    auto *identity = new SharedIdentity;
    for (int i = 0; i < SharedIdentity::PartCount; ++i) {
        identity->parts[i] = intern(parts[i]);
    }
    identity->key = m_key;
    m_identities.emplace(std::string_view(identity->key), identity);
    identity->ref.ref(); // the caller's; creation's reference is the pool's
    return identity;
}

const SharedText *TextPool::intern(QByteArrayView utf8)
{
    if (utf8.isEmpty()) {
        return nullptr;
    }
    const std::string_view key(utf8.data(), size_t(utf8.size()));
    const auto found = m_texts.find(key);
    if (found != m_texts.end()) {
        found->second->ref();
        return found->second;
    }
    if (m_texts.size() + m_identities.size() >= m_pruneAt) {
        prune();
        m_pruneAt = qMax<size_t>(4096, (m_texts.size() + m_identities.size()) * 2);
    }
    const SharedText *text = SharedText::create(utf8);
    const QByteArrayView own = text->utf8();
    m_texts.emplace(std::string_view(own.data(), size_t(own.size())), text);
    text->ref(); // the caller's; creation's reference is the pool's
    return text;
}

const SharedText *TextPool::intern(const QString &text)
{
    return text.isEmpty() ? nullptr : intern(QByteArrayView(text.toUtf8()));
}

void TextPool::prune()
{
    for (auto it = m_identities.begin(); it != m_identities.end();) {
        if (it->second->ref.loadRelaxed() == 1) {
            const SharedIdentity *identity = it->second;
            it = m_identities.erase(it);
            identity->deref(); // releases its texts, which the loop below may then drop
        } else {
            ++it;
        }
    }
    for (auto it = m_texts.begin(); it != m_texts.end();) {
        if (!it->second->isShared()) {
            const SharedText *text = it->second;
            it = m_texts.erase(it);
            text->deref();
        } else {
            ++it;
        }
    }
}

} // namespace stellmap
