#pragma once

#include "registerrequest.h"
#include "validationerror.h"

#include <QDialog>
#include <QPointer>

#include <functional>
#include <memory>

class QTableWidget;

namespace stellmap {
class StellMapReply;
}

namespace Ui {
class RegisterDialog;
}

/*!
 * The register form: platform engineers register (or duplicate) an instance
 * by hand.
 *
 * Every edit is checked with RegisterRequest::normalize(), so the error shown
 * is the server's own text, prefixed with the form field it concerns; the
 * Register button stays disabled while the form is invalid. Port and weight
 * cells that are not whole numbers are named by row and column instead of
 * being read as 0. A name containing '/' gets a warning (the server stores it
 * but never sends watch events for it). A read-only preview shows the exact
 * JSON body that Register sends.
 *
 * Register disables the form, calls the send function and waits for the
 * reply: success accepts the dialog, failure keeps every input and shows
 * "<code>: <message>". Cancel (or Esc) while a reply is pending stops waiting
 * for it; the server may still apply the write.
 */
class RegisterDialog : public QDialog
{
    Q_OBJECT

public:
    /*!
     * Starts the register call for a request and returns its reply, which
     * stays owned by the caller's side (e.g. StellMapClient::registerInstance).
     * The dialog deletes the reply once it finished, or when it stops waiting.
     */
    using SendFunction =
        std::function<stellmap::StellMapReply *(const stellmap::RegisterRequest &)>;

    /*!
     * \a namespaces are offered in the namespace box (the API cannot list
     * namespaces; any other can be typed). An empty \a send makes Register
     * simply accept the dialog, for callers that send request() themselves.
     */
    RegisterDialog(const QStringList &namespaces, SendFunction send, QWidget *parent = nullptr);
    //! A pending reply is deleted, which aborts it without a finished() signal.
    ~RegisterDialog() override;

    /*!
     * Fills every field from \a request as given (not normalized) for
     * "Duplicate as new": the title becomes "Duplicate instance" and the
     * instance id gets the focus with its text selected, so it is changed
     * first.
     */
    void setRequest(const stellmap::RegisterRequest &request);
    /*!
     * What the form holds, normalized like the server would. Meaningful only
     * while validationError() is empty (a port cell that is not a number
     * reads as 0 here, but then validationError() names it).
     */
    stellmap::RegisterRequest request() const;
    /*!
     * The first problem that blocks Register, empty when there is none.
     * \c field is the request member (e.g. "endpoints[1].port", "service",
     * "labels[2]"), \c message the server's text where the server has a rule.
     */
    stellmap::ValidationError validationError() const;
    //! The non-blocking warning shown (e.g. a name containing '/'), empty when none.
    QString warningText() const;
    //! True from Register until the reply finished.
    bool isSending() const { return !m_reply.isNull(); }

public Q_SLOTS:
    //! Also stops waiting for a pending reply (deleting it aborts the call).
    void reject() override;

private:
    //! The form as typed; \a cellError gets the first number cell that is not a number.
    stellmap::RegisterRequest rawRequest(stellmap::ValidationError *cellError) const;
    /*!
     * The whole check: \a normalized gets the normalized request; returns the
     * first blocking problem; \a cellError tells whether it is a number cell.
     */
    stellmap::ValidationError check(stellmap::RegisterRequest *normalized,
                                    bool *cellError = nullptr) const;
    //! Refreshes the service parts from a typed full name (a plain name clears them).
    void serviceEdited();
    //! Recomposes the full name from the five parts.
    void partEdited();
    //! Any user edit: a failed send's message gives way to the form's own check.
    void edited();
    void validate();
    void submit();
    void finishSending(stellmap::StellMapReply *reply);
    void setSending(bool sending);
    void addRow(QTableWidget *table);
    void removeSelectedRows(QTableWidget *table);
    //! "Endpoint row 2, Port" for "endpoints[1].port": what the user sees.
    static QString fieldTitle(const QString &field);
    //! Outlines the widget of \a field (a ValidationError's field), and no other.
    void markField(const QString &field);

    std::unique_ptr<Ui::RegisterDialog> m_ui;
    SendFunction m_send;
    QPointer<stellmap::StellMapReply> m_reply;
    //! The last failed send, shown until the next edit.
    QString m_sendError;
    //! Where the focus was before sending disabled the form.
    QPointer<QWidget> m_focusBeforeSending;
    //! A lease TTL from setRequest() beyond the spin box, shown as a warning instead of clamped.
    qint64 m_ttlOutOfRange = 0;
    //! Set while the form itself changes fields, so the sync does not answer its own edits.
    bool m_filling = false;
};
