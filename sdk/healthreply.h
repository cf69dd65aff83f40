#pragma once

#include "healthstatus.h"
#include "stellmapreply.h"

namespace stellmap {

//! Reply of a health check of one node: its id and whom it sees as leader.
class HealthReply : public StellMapReply
{
    Q_OBJECT

public:
    explicit HealthReply(QObject *parent)
        : StellMapReply(parent)
    {}

    const HealthStatus &health() const { return m_health; }

protected:
    bool readData(const ApiEnvelope &envelope, QString *error) override;

private:
    HealthStatus m_health;
};

} // namespace stellmap
