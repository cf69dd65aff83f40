#pragma once

#include <QAtomicInt>
#include <QByteArrayView>
#include <QString>

namespace stellmap {

/*!
 * An immutable text shared by reference count, kept both as UTF-8 (for
 * matching and writing JSON without conversion) and as a QString (for the
 * UI). InstanceRecord holds repeated texts (label keys and values, zones,
 * services, protocols) as pointers to these, and a TextPool makes equal
 * texts one object, so they cost one pointer per use.
 *
 * A null pointer stands for the empty text; the static helpers accept it.
 */
class SharedText
{
public:
    SharedText(const SharedText &) = delete;
    SharedText &operator=(const SharedText &) = delete;

    //! A new text holding one reference (the caller's); nullptr for empty \a utf8.
    static const SharedText *create(QByteArrayView utf8);

    void ref() const { m_ref.ref(); }
    //! Drops a reference; the last one deletes the text.
    void deref() const;
    //! More than one reference exists.
    bool isShared() const { return m_ref.loadRelaxed() > 1; }

    QByteArrayView utf8() const { return {bytes(), m_size}; }
    const QString &text() const { return m_text; }

    static QByteArrayView utf8(const SharedText *text)
    {
        return text ? text->utf8() : QByteArrayView();
    }
    static QString text(const SharedText *text) { return text ? text->m_text : QString(); }
    //! Same text: the same object, or equal bytes (texts of different pools).
    static bool equal(const SharedText *a, const SharedText *b)
    {
        return a == b || utf8(a) == utf8(b);
    }
    //! A reference to \a text (nullptr stays nullptr).
    static const SharedText *refed(const SharedText *text)
    {
        if (text) {
            text->ref();
        }
        return text;
    }
    static void release(const SharedText *text)
    {
        if (text) {
            text->deref();
        }
    }

private:
    SharedText(QByteArrayView utf8);
    ~SharedText() = default;
    const char *bytes() const { return reinterpret_cast<const char *>(this + 1); }

    mutable QAtomicInt m_ref{1};
    qsizetype m_size;
    QString m_text;
};

} // namespace stellmap
