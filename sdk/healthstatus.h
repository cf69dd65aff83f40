#pragma once

#include <QByteArray>
#include <QString>

class QJsonObject;

namespace stellmap {

class JsonWriter;

//! The data of /healthz ("ok") and /readyz ("ready"): who leads, who answered.
struct HealthStatus
{
    QString status;
    quint64 leaderId = 0;
    quint64 localNodeId = 0;
    //! host:port of the leader's public API; empty without a leader.
    QString leaderAddr;

    static HealthStatus fromJson(const QJsonObject &data);
    void writeJson(JsonWriter &writer) const;

    friend bool operator==(const HealthStatus &, const HealthStatus &) = default;
};

} // namespace stellmap
