#include "sharedtext.h"

#include <cstring>
#include <new>

namespace stellmap {

SharedText::SharedText(QByteArrayView utf8)
    : m_size(utf8.size())
    , m_text(QString::fromUtf8(utf8))
{
    char *target = reinterpret_cast<char *>(this + 1);
    std::memcpy(target, utf8.data(), size_t(utf8.size()));
    target[utf8.size()] = '\0';
}

const SharedText *SharedText::create(QByteArrayView utf8)
{
    if (utf8.isEmpty()) {
        return nullptr;
    }
    // The bytes live right after the object, in the same allocation.
    void *memory = ::operator new(sizeof(SharedText) + size_t(utf8.size()) + 1);
    return new (memory) SharedText(utf8);
}

void SharedText::deref() const
{
    if (!m_ref.deref()) {
        this->~SharedText();
        ::operator delete(const_cast<SharedText *>(this));
    }
}

} // namespace stellmap
