#pragma once

#include "instance.h"

#include <QDialog>

class QLineEdit;
class QPushButton;

/*!
 * Asks before a hard drain, listing exactly what will be deregistered. In a
 * production profile the namespace(s) must be typed before the button works.
 */
class DrainConfirmDialog : public QDialog
{
    Q_OBJECT

public:
    DrainConfirmDialog(const QList<stellmap::Instance> &instances, bool production,
                       QWidget *parent = nullptr);

    //! What must be typed in production ("prod", or "prod, staging"); empty otherwise.
    QString requiredText() const { return m_required; }

private:
    QString m_required;
    QLineEdit *m_typed = nullptr;
    QPushButton *m_drain = nullptr;
};
