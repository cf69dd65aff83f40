#pragma once

#include <QObject>
#include <QTimer>

#include <functional>

class QWidget;

/*!
 * Answers modal dialogs in widget tests. A modal dialog runs its own event
 * loop, so the test cannot act after exec() returns; this looks for the
 * active modal widget named \a objectName from inside that loop and hands it
 * to \a answer, once per appearance, until destroyed.
 */
class ModalDialogHandler : public QObject
{
public:
    ModalDialogHandler(const QString &objectName, std::function<void(QWidget *)> answer);

    //! How many times the dialog appeared and was answered.
    int count() const { return m_count; }

private:
    QString m_objectName;
    std::function<void(QWidget *)> m_answer;
    QTimer m_poll;
    int m_count = 0;
    QWidget *m_last = nullptr;
};
