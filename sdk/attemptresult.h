#pragma once

#include "apienvelope.h"
#include "stellmapreply.h"

#include <QByteArray>
#include <QDateTime>
#include <QNetworkReply>
#include <QString>

#include <optional>

namespace stellmap {

/*!
 * One HTTP attempt's outcome, classified for retry decisions and for the
 * user. AttemptResult::classify() is the one place that turns Qt network
 * errors, HTTP statuses and (non-)JSON bodies into error kinds and codes.
 */
struct AttemptResult
{
    enum class Outcome
    {
        //! 2xx with {"code":"ok"}.
        Ok,
        //! 503 not_leader; leaderAddr may be empty (no leader).
        NotLeader,
        //! The request never reached a server (refused, no route, TLS failure).
        NotSent,
        //! The request was sent but no answer came (closed, timed out).
        AnswerLost,
        //! The server (or a proxy) answered, and it is final for this server.
        Answered,
        Aborted,
    };

    //! What the network layer saw of one attempt.
    struct Input
    {
        QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
        QString networkErrorString;
        int httpStatus = 0;
        QString reasonPhrase;
        QByteArray body;
        QByteArray location;
        QDateTime serverDate;
        //! The request went out (QNetworkReply::requestSent()).
        bool requestSent = false;
        //! The attempt's timer ran out (the reply was aborted for it).
        bool timedOut = false;
        int timeoutMs = 0;
        //! The body exceeded ClientOptions::maxResponseBytes.
        bool tooLarge = false;
        qint64 maxResponseBytes = 0;
        //! Certificate problems reported during the TLS handshake.
        QStringList sslErrors;
        //! The server's URL as shown to the user.
        QString server;
    };

    Outcome outcome = Outcome::Answered;
    ClientError error = ClientError::NoError;
    QString code;
    QString message;
    int httpStatus = 0;
    QString requestId;
    QByteArray rawBody;
    QDateTime serverDate;
    std::optional<ApiEnvelope> envelope;
    //! A 5xx or answer a read may take to another server.
    bool serverFault = false;

    static AttemptResult classify(const Input &input);
    //! A failure the client itself decided on (no answer involved).
    static AttemptResult failure(ClientError error, const QString &code, const QString &message);
};

} // namespace stellmap
