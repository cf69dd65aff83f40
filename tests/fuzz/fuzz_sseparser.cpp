// libFuzzer target: arbitrary bytes through SseParser (in chunks whose sizes
// come from the input itself) and every dispatched event through
// WatchEvent::fromSse. Nothing may crash, hang or grow without bound.
#include "sseparser.h"
#include "watchevent.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace stellmap;
    if (size == 0) {
        return 0;
    }
    // The first byte picks the chunk size: one byte at a time up to 255.
    const qsizetype chunk = qMax<qsizetype>(1, data[0]);
    const QByteArrayView input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    SseParser parser(1 << 16);
    QList<SseParser::Event> events;
    for (qsizetype pos = 0; pos < input.size(); pos += chunk) {
        if (!parser.feed(input.sliced(pos, qMin(chunk, input.size() - pos)), &events)) {
            break;
        }
    }
    parser.endOfStream();
    for (const SseParser::Event &event : std::as_const(events)) {
        QString error;
        const std::optional<WatchEvent> decoded =
            WatchEvent::fromSse(QString::fromUtf8(event.type), event.data,
                                QString::fromUtf8(event.lastEventId), &error);
        if (decoded) {
            (void)decoded->toJson();
        }
    }
    return 0;
}
