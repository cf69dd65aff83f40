#pragma once

#include "payloadsplitter.h"
#include "watchevent.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace stellmap {

/*!
 * Decodes watch event payloads (the `data:` of one SSE event) into
 * WatchEvent values, fast: simdjson over the raw UTF-8, no JSON tree, and the
 * instances built straight into compact InstanceRecords whose repeated texts
 * (namespaces, services, label keys, zones, ...) are shared through a
 * TextPool, so a 100k-instance snapshot costs little more than its strings.
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
    std::optional<WatchEvent> decode(QByteArrayView eventName, QByteArray data,
                                     QByteArrayView lastEventId, QString *error);

    /*!
     * The payload of one event in pieces as it arrives (see
     * SseParser::setDataSink()): a snapshot's instances are decoded as soon
     * as each is complete, so the payload is never held whole.
     * finishStream() then works like decode() on the whole payload.
     */
    void streamData(QByteArrayView bytes);
    std::optional<WatchEvent> finishStream(QByteArrayView eventName, QByteArrayView lastEventId,
                                           QString *error);
    //! Forgets a payload that will not be finished (the stream ended).
    void discardStream();

    //! Payloads above this are worth decoding instance by instance.
    static constexpr qsizetype StreamAbove = 1 << 20;

private:
    std::optional<WatchEvent> decodeWhole(QByteArrayView eventName, QByteArray data,
                                          QByteArrayView lastEventId, QString *error);
    //! One instance object of a snapshot; false with the reason in \a error.
    bool decodeInstance(QByteArrayView json, InstanceRecord *instance, QString *error);
    //! \a json is one valid JSON value.
    bool isJson(QByteArrayView json);

    struct Parser;
    std::unique_ptr<Parser> m_parser;
    PayloadSplitter m_splitter;
    QList<InstanceRecord> m_streamed;
    QString m_streamError;
};

} // namespace stellmap
