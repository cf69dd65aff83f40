#include "apienvelope.h"

#include "jsonwriter.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace stellmap {

std::optional<ApiEnvelope> ApiEnvelope::fromJson(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject()) {
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    const QJsonValue code = object.value(QLatin1String("code"));
    if (!code.isString()) {
        return std::nullopt;
    }
    ApiEnvelope envelope;
    envelope.code = code.toString();
    envelope.message = object.value(QLatin1String("message")).toString();
    envelope.requestId = object.value(QLatin1String("requestId")).toString();
    const qint64 leaderId = object.value(QLatin1String("leaderId")).toInteger();
    envelope.leaderId = leaderId > 0 ? quint64(leaderId) : 0;
    envelope.leaderAddr = object.value(QLatin1String("leaderAddr")).toString();
    envelope.data = object.value(QLatin1String("data"));
    return envelope;
}

QByteArray ApiEnvelope::successJson(const QString &message)
{
    JsonWriter writer;
    writer.beginObject()
        .member(QLatin1String("code"), QStringLiteral("ok"))
        .optionalMember(QLatin1String("message"), message)
        .endObject()
        .newline();
    return writer.take();
}

QByteArray ApiEnvelope::successJson(const std::function<void(JsonWriter &)> &writeData)
{
    JsonWriter writer;
    writer.beginObject()
        .member(QLatin1String("code"), QStringLiteral("ok"))
        .key(QLatin1String("data"));
    writeData(writer);
    writer.endObject().newline();
    return writer.take();
}

QByteArray ApiEnvelope::errorJson(const QString &code, const QString &message, quint64 leaderId,
                                  const QString &leaderAddr)
{
    JsonWriter writer;
    writer.beginObject()
        .member(QLatin1String("code"), code)
        .member(QLatin1String("message"), message);
    if (leaderId != 0) {
        writer.key(QLatin1String("leaderId")).value(leaderId);
    }
    writer.optionalMember(QLatin1String("leaderAddr"), leaderAddr).endObject().newline();
    return writer.take();
}

} // namespace stellmap
