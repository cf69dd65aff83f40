#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>

namespace stellmap {

/*!
 * Splits a JSON payload that arrives in pieces into the elements of its
 * top-level "instances" arrays and the rest (the skeleton, in which each
 * such array reads []), so that a snapshot of any size is decoded instance by
 * instance while it arrives and is never held whole.
 *
 * Only JSON's lexical structure is followed (strings, escapes, nesting,
 * commas between elements); the pieces themselves are validated by whoever
 * decodes them. A key written with escapes is not recognised, and its array
 * then simply stays in the skeleton.
 */
class PayloadSplitter
{
public:
    //! Called with each complete element; return false to stop splitting.
    using ElementHandler = std::function<bool(QByteArrayView element)>;

    //! Feeds the next bytes. False once the array syntax is broken or the handler said stop.
    bool feed(QByteArrayView bytes, const ElementHandler &element);
    //! The payload without the array elements; complete once all bytes were fed.
    const QByteArray &skeleton() const { return m_skeleton; }
    //! The bytes ended inside an instances array or one of its elements.
    bool isInsideArray() const { return m_state != State::Outside; }
    QString errorString() const { return m_error; }
    void reset();

private:
    enum class State
    {
        //! Skeleton bytes (everything outside the instances arrays).
        Outside,
        //! Inside an instances array, before an element (or its closing bracket).
        BeforeElement,
        //! Inside an element.
        InElement,
        //! After an element: a comma or the closing bracket must follow.
        AfterElement,
    };

    bool fail(const QString &message);
    //! Outside: follows the top-level object until an instances array opens.
    qsizetype scanOutside(const char *data, qsizetype size, qsizetype pos);
    bool endElement(const ElementHandler &element);

    State m_state = State::Outside;
    QByteArray m_skeleton;
    QByteArray m_element;
    QString m_error;
    // Lexical state, shared by the skeleton and the elements.
    bool m_inString = false;
    bool m_escape = false;
    //! Nesting depth outside the array; inside an element, relative to the element.
    int m_depth = 0;
    //! Skeleton: the last string at depth 1 (a key, when a colon follows); its start.
    qsizetype m_stringStart = -1;
    bool m_keyIsInstances = false;
    bool m_afterColon = false;
    //! The last string at depth 1 was "instances".
    bool m_lastStringIsInstances = false;
    //! A comma came after the last element (so another must follow).
    bool m_afterComma = false;
};

} // namespace stellmap
