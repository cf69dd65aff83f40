#include "modaldialoghandler.h"

#include <QApplication>
#include <QWidget>

ModalDialogHandler::ModalDialogHandler(const QString &objectName,
                                       std::function<void(QWidget *)> answer)
    : m_objectName(objectName)
    , m_answer(std::move(answer))
{
    m_poll.setInterval(5);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        QWidget *dialog = QApplication::activeModalWidget();
        if (!dialog || dialog == m_last || dialog->objectName() != m_objectName) {
            return;
        }
        // Keys sent before the dialog is active would go to the window below it.
        if (!dialog->isActiveWindow()) {
            dialog->activateWindow();
            return;
        }
        m_last = dialog; // answer each appearance once, even if it stays up a moment
        connect(dialog, &QObject::destroyed, this, [this] { m_last = nullptr; });
        ++m_count;
        m_answer(dialog);
    });
    m_poll.start();
}
