#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <functional>
#include <optional>

namespace stellmap {

class JsonWriter;

/*!
 * The JSON envelope of every API answer:
 * {"code":"ok","message":...,"data":...,"requestId":...} on success,
 * {"code":"bad_request","message":...,"leaderId":..,"leaderAddr":..} on error.
 */
struct ApiEnvelope
{
    QString code;
    QString message;
    QString requestId;
    quint64 leaderId = 0;
    //! host:port without a scheme; empty while the cluster has no leader.
    QString leaderAddr;
    //! Undefined when the answer had no "data" member.
    QJsonValue data = QJsonValue(QJsonValue::Undefined);

    bool isOk() const { return code == QLatin1String("ok"); }

    /*!
     * Lenient reading: std::nullopt when \a body is not a JSON object with a
     * string "code" (a proxy's HTML page, a plain-text 502, ...).
     */
    static std::optional<ApiEnvelope> fromJson(const QByteArray &body);

    //! {"code":"ok","message":...}\n exactly as the server writes it.
    static QByteArray successJson(const QString &message);
    //! {"code":"ok","data":...}\n with the data written by \a writeData.
    static QByteArray successJson(const std::function<void(JsonWriter &)> &writeData);
    //! The server's error envelope; leaderId/leaderAddr only when set.
    static QByteArray errorJson(const QString &code, const QString &message, quint64 leaderId = 0,
                                const QString &leaderAddr = QString());
};

} // namespace stellmap
