#include "textpool.h"

namespace stellmap {

TextPool::~TextPool()
{
    for (const auto &entry : m_texts) {
        entry.second->deref();
    }
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
    if (m_texts.size() >= m_pruneAt) {
        prune();
        m_pruneAt = qMax<size_t>(4096, m_texts.size() * 2);
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
