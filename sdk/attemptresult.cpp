#include "attemptresult.h"

namespace stellmap {

namespace {

//! A short, single-line excerpt of a non-JSON body: an HTML page's title, or its first words.
QString excerpt(const QByteArray &body)
{
    QString text = QString::fromUtf8(body).simplified();
    const qsizetype titleStart = text.indexOf(QLatin1String("<title>"), 0, Qt::CaseInsensitive);
    const qsizetype titleEnd = text.indexOf(QLatin1String("</title>"), 0, Qt::CaseInsensitive);
    if (titleStart >= 0 && titleEnd > titleStart) {
        text = text.mid(titleStart + 7, titleEnd - titleStart - 7).trimmed();
    }
    constexpr qsizetype MaxChars = 160;
    if (text.size() > MaxChars) {
        text = text.left(MaxChars) + QChar(0x2026);
    }
    return text.isEmpty() ? QStringLiteral("(empty body)") : text;
}

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3) + QLatin1String(" s");
}

} // namespace

AttemptResult AttemptResult::failure(ClientError error, const QString &code, const QString &message)
{
    AttemptResult result;
    result.outcome = error == ClientError::Aborted ? Outcome::Aborted : Outcome::NotSent;
    result.error = error;
    result.code = code;
    result.message = message;
    return result;
}

AttemptResult AttemptResult::classify(const Input &in)
{
    AttemptResult result;
    result.httpStatus = in.httpStatus;
    result.serverDate = in.serverDate;
    const auto set = [&](Outcome outcome, ClientError error, const QString &code,
                         const QString &message) {
        result.outcome = outcome;
        result.error = error;
        result.code = code;
        result.message = message;
        return result;
    };

    if (in.tooLarge) {
        result.serverFault = true;
        return set(Outcome::AnswerLost, ClientError::Unavailable,
                   QStringLiteral("invalid_response"),
                   QStringLiteral("the answer from %1 is larger than %2 bytes and was refused")
                       .arg(in.server)
                       .arg(in.maxResponseBytes));
    }
    if (in.timedOut) {
        return set(in.requestSent ? Outcome::AnswerLost : Outcome::NotSent,
                   ClientError::Unavailable, QStringLiteral("timeout"),
                   in.requestSent ? QStringLiteral("no answer from %1 within %2")
                                        .arg(in.server, seconds(in.timeoutMs))
                                  : QStringLiteral("could not reach %1 within %2%3")
                                        .arg(in.server, seconds(in.timeoutMs),
                                             // A plain-http port never answers a TLS hello.
                                             in.server.startsWith(QLatin1String("https:"))
                                                 ? QStringLiteral(" (if that port serves plain "
                                                                  "http, use http://)")
                                                 : QString()));
    }
    // Qt's codes below 100 are transport failures; with an HTTP status they cut the answer off.
    const bool transportError =
        in.networkError != QNetworkReply::NoError &&
        int(in.networkError) < int(QNetworkReply::ProxyConnectionRefusedError);
    if (in.networkError == QNetworkReply::OperationCanceledError) {
        return set(Outcome::Aborted, ClientError::Aborted, QStringLiteral("aborted"),
                   QStringLiteral("the request was aborted"));
    }
    if (in.networkError == QNetworkReply::SslHandshakeFailedError) {
        const QString why =
            in.sslErrors.isEmpty() ? in.networkErrorString : in.sslErrors.join(QLatin1String("; "));
        return set(Outcome::NotSent, ClientError::Unavailable, QStringLiteral("tls"),
                   QStringLiteral("TLS to %1 failed: %2 (certificates are always verified; "
                                  "trust a private CA with a CA file)")
                       .arg(in.server, why));
    }
    if (in.httpStatus == 0 || transportError) {
        if (in.httpStatus == 0 && in.networkError == QNetworkReply::NoError) {
            return set(Outcome::AnswerLost, ClientError::Unavailable,
                       QStringLiteral("invalid_response"),
                       QStringLiteral("%1 answered without an HTTP status").arg(in.server));
        }
        const bool sent = in.requestSent || in.httpStatus != 0;
        return set(
            sent ? Outcome::AnswerLost : Outcome::NotSent, ClientError::Unavailable,
            QStringLiteral("unavailable"),
            QStringLiteral("%1: %2%3")
                .arg(in.server, in.networkErrorString,
                     in.httpStatus != 0 ? QStringLiteral(" (the answer was cut off)") : QString()));
    }

    const int status = in.httpStatus;
    const bool clientError = status >= 400 && status < 500;
    const bool serverError = status >= 500;
    result.envelope = ApiEnvelope::fromJson(in.body);
    if (result.envelope) {
        const ApiEnvelope &envelope = *result.envelope;
        result.requestId = envelope.requestId;
        if (status >= 200 && status < 300 && envelope.isOk()) {
            return set(Outcome::Ok, ClientError::NoError, envelope.code, envelope.message);
        }
        const QString message =
            envelope.message.isEmpty() ? QStringLiteral("HTTP %1").arg(status) : envelope.message;
        if (envelope.code == QLatin1String("not_leader")) {
            return set(Outcome::NotLeader, ClientError::NotLeader, envelope.code, message);
        }
        result.serverFault = !clientError;
        return set(Outcome::Answered,
                   clientError ? ClientError::Rejected : ClientError::Unavailable, envelope.code,
                   message);
    }

    result.rawBody = in.body;
    if (status >= 300 && status < 400) {
        return set(Outcome::Answered, ClientError::Unavailable, QStringLiteral("redirect"),
                   QStringLiteral("%1 redirected (HTTP %2) to \"%3\"; redirects are not followed, "
                                  "so the token only goes to configured servers: configure the "
                                  "target as a server if it is one")
                       .arg(in.server)
                       .arg(status)
                       .arg(QString::fromUtf8(in.location)));
    }
    if (!clientError && !serverError) {
        result.serverFault = true;
        return set(Outcome::Answered, ClientError::Unavailable, QStringLiteral("invalid_response"),
                   QStringLiteral("HTTP %1 from %2 is not a StellMap answer: %3")
                       .arg(status)
                       .arg(in.server, excerpt(in.body)));
    }
    result.serverFault = serverError;
    const QString reason =
        in.reasonPhrase.isEmpty() ? QString() : QLatin1Char(' ') + in.reasonPhrase;
    return set(Outcome::Answered, clientError ? ClientError::Rejected : ClientError::Unavailable,
               QStringLiteral("http_%1").arg(status),
               QStringLiteral("HTTP %1%2 from %3, not a StellMap answer: %4")
                   .arg(status)
                   .arg(reason, in.server, excerpt(in.body)));
}

} // namespace stellmap
