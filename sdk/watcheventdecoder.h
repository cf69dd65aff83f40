#pragma once

#include "stringpool.h"
#include "watchevent.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace stellmap {

/*!
 * Decodes watch event payloads (the `data:` of one SSE event) into
 * WatchEvent values, fast: simdjson over the raw UTF-8, no JSON tree, and the
 * repeated texts (namespaces, services, label keys, zones, ...) shared through
 * a string pool, so a 100k-instance snapshot costs little more than its
 * strings.
 *
 * Lenient like Instance::fromJson(): absent members stay empty, mistyped ones
 * are ignored. Keep one decoder per stream: it reuses its buffers.
 */
class WatchEventDecoder
{
public:
    WatchEventDecoder();
    ~WatchEventDecoder();
    WatchEventDecoder(const WatchEventDecoder &) = delete;
    WatchEventDecoder &operator=(const WatchEventDecoder &) = delete;

    /*!
     * The event \a eventName carrying \a data. std::nullopt with an empty
     * \a error for events without a change (ping, heartbeat, keepalive);
     * std::nullopt with the reason for a payload that cannot be used. The
     * revision is the payload's, or \a lastEventId when that is 0 or absent.
     */
    std::optional<WatchEvent> decode(const QString &eventName, QByteArray data,
                                     const QString &lastEventId, QString *error);

private:
    //! Payloads above this are snapshots worth decoding instance by instance.
    static constexpr qsizetype SplitAbove = 1 << 20;

    std::optional<WatchEvent> decodeWhole(const QString &eventName, QByteArray data,
                                          const QString &lastEventId, QString *error);
    //! A snapshot whose instances array is [open, end) of \a data.
    std::optional<WatchEvent> decodeSplit(const QString &eventName, const QByteArray &data,
                                          qsizetype open, qsizetype end, const QString &lastEventId,
                                          QString *error);
    //! One instance object of a snapshot; false with the reason in \a error.
    bool decodeInstance(QByteArrayView json, Instance *instance, QString *error);

    struct Parser;
    std::unique_ptr<Parser> m_parser;
    StringPool m_pool;
};

} // namespace stellmap
