// libFuzzer target: arbitrary bytes through SseParser (in chunks whose sizes
// come from the input itself) and every dispatched event through the watch
// event decoder, twice: whole, and streamed piece by piece as a WatchSession
// streams a large payload (SseParser data sink + PayloadSplitter). Nothing may
// crash, hang or grow without bound, and both ways must decode alike.
#include "sseparser.h"
#include "watchevent.h"
#include "watcheventdecoder.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace stellmap;
    if (size < 2) {
        return 0;
    }
    // The first byte picks the chunk size (one byte at a time up to 255), the
    // second the size above which event data is streamed.
    const qsizetype chunk = qMax<qsizetype>(1, data[0]);
    const qsizetype streamAbove = data[1];
    const QByteArrayView input(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));

    SseParser whole(1 << 16);
    QList<SseParser::Event> events;
    SseParser streaming(1 << 16);
    WatchEventDecoder streamDecoder;
    QList<QByteArray> streamedResults; // decoded as each streamed event ends, in order
    const auto resultOf = [](const std::optional<WatchEvent> &event, const QString &error) {
        return event ? event->toJson() : QByteArray("error:") + error.toUtf8();
    };
    streaming.setDataSink(
        streamAbove, [&](QByteArrayView bytes) { streamDecoder.streamData(bytes); },
        [&](const SseParser::Event &event) {
            QString error;
            const std::optional<WatchEvent> result =
                streamDecoder.finishStream(event.type, event.lastEventId, &error);
            streamedResults.append(resultOf(result, error));
        });
    QList<SseParser::Event> streamedEvents;
    for (qsizetype pos = 0; pos < input.size(); pos += chunk) {
        const QByteArrayView piece = input.sliced(pos, qMin(chunk, input.size() - pos));
        const bool wholeOk = whole.feed(piece, &events);
        const bool streamOk = streaming.feed(piece, &streamedEvents);
        if (!wholeOk || !streamOk) {
            break;
        }
    }
    whole.endOfStream();
    streaming.endOfStream();

    WatchEventDecoder decoder;
    QList<QByteArray> decoded;
    for (const SseParser::Event &event : std::as_const(events)) {
        QString error;
        const std::optional<WatchEvent> result =
            decoder.decode(event.type, event.data, event.lastEventId, &error);
        decoded.append(resultOf(result, error));
    }
    // Streamed events must be the same events, decoded to the same result (the
    // limit may stop one parser a little earlier than the other: compare the common part).
    const qsizetype common = qMin(events.size(), streamedEvents.size());
    qsizetype nextStreamed = 0;
    for (qsizetype i = 0; i < common; ++i) {
        const SseParser::Event &event = streamedEvents.at(i);
        QByteArray got;
        if (event.streamed) {
            got = streamedResults.value(nextStreamed++);
        } else {
            QString error;
            got = resultOf(streamDecoder.decode(event.type, event.data, event.lastEventId, &error),
                           error);
        }
        // Both fail, or both decode to the same event (error texts may differ).
        const bool failed = got.startsWith("error:");
        if (failed != decoded.at(i).startsWith("error:") || (!failed && got != decoded.at(i))) {
            std::abort();
        }
    }
    return 0;
}
