#pragma once

#include "instance.h"
#include "registrychange.h"

#include <QFile>
#include <QString>

#include <map>

namespace stellmap {

/*!
 * The durable state of stellmap-devd (--state FILE): a JSON-lines journal.
 *
 * The first line names the format with the revision and term of the compact
 * form that follows: one {"op":"item",...} line per live instance. Every
 * later line is one applied change ({"revision":N,"op":"put","key":...,
 * "instance":{...}}, "delete" or "noop"), revisions strictly increasing.
 * A change reaches the kernel (unbuffered write) before the write is
 * acknowledged, so an acknowledged write survives kill -9; a failed append is
 * cut off again so it cannot come back later. On open the journal is replayed
 * and rewritten compactly (temporary file + rename, the old journal kept in
 * use if that fails); a torn last line (a write cut off by a crash, never
 * acknowledged) is dropped, any other damage is refused and the file is left
 * untouched.
 */
class StateFile
{
public:
    using Items = std::map<QByteArray, Instance>;

    //! Loads \a path (a missing or empty file is an empty registry) and compacts it.
    bool open(const QString &path, Items *items, quint64 *revision, quint64 *term, QString *error);
    //! Appends one change and flushes it to the kernel.
    bool append(const RegistryChange &change, QString *error);
    //! Rewrites the journal as the current state when it has grown well past it.
    bool compactIfLarge(const Items &items, quint64 revision, quint64 term, QString *error);

private:
    bool rewrite(const Items &items, quint64 revision, quint64 term, QString *error);

    QString m_path;
    QFile m_file;
    qint64 m_records = 0;
    qint64 m_nextCompaction = 10000;
};

} // namespace stellmap
