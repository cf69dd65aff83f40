#pragma once

#include "instance.h"
#include "watchevent.h"

#include <QList>
#include <QRandomGenerator>

/*!
 * The issue-8 workload, deterministic for a seed: instances with 3 labels,
 * 3 metadata entries and 3 endpoints spread over five-part services, and a
 * stream of events in the mix 80 % heartbeat upserts, 10 % label changes,
 * 5 % deletes, 5 % new instances.
 */
class BenchData
{
public:
    explicit BenchData(int instances, int services = 500, quint32 seed = 42);

    //! The instance numbered \a index (its data drawn from the generator).
    stellmap::Instance makeInstance(int index);
    //! The first snapshot: instances 0 .. count-1.
    QList<stellmap::Instance> snapshot();
    //! The next event of the mix, revisions counting up from the snapshot's.
    stellmap::WatchEvent nextEvent();
    quint64 snapshotRevision() const { return 1000; }

    //! This process's /proc/self/status field in KiB ("VmRSS:", "VmHWM:"), -1 if unknown.
    static qint64 statusKb(const char *field);

private:
    int m_count;
    int m_services;
    QRandomGenerator m_random;
    QList<stellmap::Instance> m_known;
    int m_next;
    quint64 m_revision;
    int m_eventIndex = 0;
};
