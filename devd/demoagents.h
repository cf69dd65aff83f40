#pragma once

#include "registerrequest.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <random>
#include <vector>

namespace stellmap {

class RegistryStore;

/*!
 * The demo registry of `stellmap-devd --demo`: three namespaces, ~45 services
 * of three organizations (five-part names and a few plain ones), a few
 * hundred instances with zones, labels, metadata and endpoints, all from a
 * fixed seed. Each instance has an in-process agent that heartbeats at a
 * third of its TTL and re-registers when its heartbeat is refused, as real
 * registrars do. With a churn rate the agents also restart, change labels,
 * scale out and in, and let leases lapse.
 */
class DemoAgents : public QObject
{
    Q_OBJECT

public:
    DemoAgents(RegistryStore *store, quint32 seed, QObject *parent = nullptr);

    //! Registers every demo instance and starts heartbeating.
    void start(double churnPerSecond);

private:
    struct Agent
    {
        RegisterRequest request;
        qint64 nextHeartbeatMs = 0;
        qint64 resumeAtMs = -1; // >= 0: away until then (restart or lapse)
        bool retired = false;
    };

    void buildAgents();
    Agent makeAgent(const QString &namespaceName, int serviceIndex, int ordinal);
    void tick();
    void churnOnce();
    void registerAgent(Agent &agent);
    qint64 heartbeatPeriodMs(const Agent &agent);

    RegistryStore *m_store;
    std::mt19937 m_random;
    std::vector<Agent> m_agents;
    size_t m_initialAgents = 0;
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_churnPerSecond = 0;
    double m_churnDebt = 0;
    qint64 m_lastTickMs = 0;
    int m_nextOrdinal = 1000;
};

} // namespace stellmap
