#pragma once

#include "instance.h"

#include <QByteArray>

namespace stellmap {

/*!
 * One applied entry of the registry's log, like a Raft log entry: every
 * entry takes the next index (the revision), also entries that change no
 * instance (a leader's empty entry, a membership change).
 */
struct RegistryChange
{
    enum class Op
    {
        Put,
        Delete,
        Noop
    };

    quint64 revision = 0;
    Op op = Op::Noop;
    //! "/registry/<namespace>/<service>/<instanceId>"
    QByteArray key;
    //! Put only: the stored instance.
    Instance value;
    //! Noop only: the term of the leader that wrote it (0: a membership entry of term 1).
    quint64 term = 0;
};

} // namespace stellmap
