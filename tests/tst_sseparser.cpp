// SseParser against the HTML standard's event-stream rules, each stream fed
// whole, one byte at a time, and split at every position.
#include "sseparser.h"

#include <QTest>

using namespace stellmap;

using Events = QList<SseParser::Event>;

namespace {

//! "type|data|id" per event; data uses \n for line breaks.
QStringList describe(const Events &events)
{
    QStringList out;
    for (const SseParser::Event &event : events) {
        out.append(QString::fromUtf8(event.type + '|' + event.data + '|' + event.lastEventId));
    }
    return out;
}

QStringList expect(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *item : items) {
        out.append(QString::fromUtf8(item));
    }
    return out;
}

} // namespace

class TstSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void retry_data();
    void retry();
    void limits();
    void streamedEventsKeepTheLimit();
    void endOfStreamDiscardsPartialEvent();
    void lastEventIdSurvivesReconnect();
};

void TstSseParser::parse_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QStringList>("events");
    QTest::newRow("two events back to back")
        << QByteArray("id: 1\nevent: upsert\ndata: {\"first\"}\n\nid: 2\nevent: delete\ndata: "
                      "{\"second\"}\n\n")
        << expect({"upsert|{\"first\"}|1", "delete|{\"second\"}|2"});
    QTest::newRow("server framing")
        << QByteArray("id: 42\nevent: upsert\ndata: {\"revision\":42}\n\n")
        << expect({"upsert|{\"revision\":42}|42"});
    QTest::newRow("CRLF") << QByteArray("id: 1\r\nevent: a\r\ndata: x\r\n\r\n")
                          << expect({"a|x|1"});
    QTest::newRow("CR only") << QByteArray("id: 1\revent: a\rdata: x\r\r") << expect({"a|x|1"});
    QTest::newRow("mixed line ends") << QByteArray("data: a\r\n\rdata: b\n\r\ndata: c\r\r\n")
                                     << expect({"message|a|", "message|b|", "message|c|"});
    QTest::newRow("leading BOM") << QByteArray("\xEF\xBB\xBF"
                                               "data: x\n\n")
                                 << expect({"message|x|"});
    QTest::newRow("BOM only at the start") << QByteArray("data: x\n\n\xEF\xBB\xBF"
                                                         "data: y\n\n")
                                           << expect({"message|x|"});
    QTest::newRow("comments and keepalive")
        << QByteArray(": keepalive\n\n:\n: x\ndata: y\n\n") << expect({"message|y|"});
    QTest::newRow("multi-line data")
        << QByteArray("data: a\ndata:\ndata:  b\n\n") << expect({"message|a\n\n b|"});
    QTest::newRow("no space after colon") << QByteArray("data:x\nevent:e\n\n") << expect({"e|x|"});
    QTest::newRow("field without colon") << QByteArray("data\n\n") << expect({"message||"});
    QTest::newRow("empty data is not dispatched")
        << QByteArray("event: a\n\ndata: b\n\n") << expect({"message|b|"});
    QTest::newRow("unknown fields ignored")
        << QByteArray("foo: bar\nData: no\ndata: yes\n\n") << expect({"message|yes|"});
    QTest::newRow("id persists to later events")
        << QByteArray("id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n")
        << expect({"message|a|7", "message|b|7", "message|c|"});
    QTest::newRow("id with NUL ignored")
        << QByteArray("id: 5\ndata: a\n\nid: 6") + '\0' + QByteArray("x\ndata: b\n\n")
        << expect({"message|a|5", "message|b|5"});
    QTest::newRow("UTF-8 payload")
        << QByteArray("data: {\"zone\":\"z\xC3\xBCrich \xE2\x82\xAC \xF0\x9F\x9A\x80\"}\n\n")
        << expect({"message|{\"zone\":\"z\xC3\xBCrich \xE2\x82\xAC \xF0\x9F\x9A\x80\"}|"});
    QTest::newRow("event type resets after dispatch")
        << QByteArray("event: a\ndata: 1\n\ndata: 2\n\n") << expect({"a|1|", "message|2|"});
    QTest::newRow("truncated last event is not delivered")
        << QByteArray("data: a\n\ndata: b\n") << expect({"message|a|"});
}

void TstSseParser::parse()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, events);

    SseParser whole;
    Events out;
    QVERIFY(whole.feed(stream, &out));
    QCOMPARE(describe(out), events);

    SseParser bytewise;
    out.clear();
    for (char byte : stream) {
        QVERIFY(bytewise.feed(QByteArrayView(&byte, 1), &out));
    }
    QCOMPARE(describe(out), events);

    for (qsizetype split = 1; split < stream.size(); ++split) {
        SseParser parser;
        out.clear();
        QVERIFY(parser.feed(QByteArrayView(stream).first(split), &out));
        QVERIFY(parser.feed(QByteArrayView(stream).sliced(split), &out));
        QVERIFY2(describe(out) == events, qPrintable(QStringLiteral("split at %1").arg(split)));
    }

    // With a data sink, data above one byte is passed on as it arrives: the
    // sink's bytes are exactly the data the event would have carried.
    for (qsizetype split = 0; split < stream.size(); ++split) {
        SseParser parser;
        QByteArray sunk;
        QList<QByteArray> ended; // each streamed event's data, taken when it ends
        parser.setDataSink(
            1, [&sunk](QByteArrayView bytes) { sunk.append(bytes); },
            [&](const SseParser::Event &) { ended.append(std::exchange(sunk, QByteArray())); });
        Events fed;
        QVERIFY(parser.feed(QByteArrayView(stream).first(split), &fed));
        QVERIFY(parser.feed(QByteArrayView(stream).sliced(split), &fed));
        out.clear();
        for (SseParser::Event event : std::as_const(fed)) {
            if (event.streamed) {
                QVERIFY(event.data.isEmpty());
                event.data = ended.takeFirst();
            }
            out.append(event);
        }
        QVERIFY(ended.isEmpty());
        QVERIFY2(describe(out) == events,
                 qPrintable(QStringLiteral("streamed, split at %1").arg(split)));
    }
}

void TstSseParser::retry_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<qint64>("retry");
    QTest::newRow("digits") << QByteArray("retry: 3000\n\n") << qint64(3000);
    QTest::newRow("not digits") << QByteArray("retry: 3000\nretry: 1e3\nretry: -1\n\n")
                                << qint64(3000);
    QTest::newRow("empty") << QByteArray("retry: 10\nretry:\n\n") << qint64(10);
}

void TstSseParser::retry()
{
    QFETCH(QByteArray, stream);
    QFETCH(qint64, retry);
    SseParser parser;
    Events out;
    QVERIFY(parser.feed(stream, &out));
    QCOMPARE(parser.retryMs().value_or(-1), retry);
    QVERIFY(out.isEmpty());
}

void TstSseParser::limits()
{
    // An endless line: refused at the limit, not buffered forever.
    SseParser parser(1024);
    Events out;
    const QByteArray chunk(100, 'x');
    bool ok = true;
    int fed = 0;
    while (ok && fed < 100) {
        ok = parser.feed(chunk, &out);
        ++fed;
    }
    QVERIFY(!ok);
    QCOMPARE(fed, 11);
    QVERIFY(parser.errorString().contains(QLatin1String("1024")));
    QVERIFY(!parser.feed("\n\n", &out)); // stays failed until reset
    parser.reset();
    QVERIFY(parser.feed("data: ok\n\n", &out));
    QCOMPARE(out.size(), 1);

    // Many short data lines that add up to a huge event.
    SseParser events(1024);
    out.clear();
    ok = true;
    for (int i = 0; ok && i < 200; ++i) {
        ok = events.feed("data: 0123456789\n", &out);
    }
    QVERIFY(!ok);
    QVERIFY(out.isEmpty());

    // Within the limit, a line may come in any number of pieces.
    SseParser big(1 << 20);
    out.clear();
    QVERIFY(big.feed("data: ", &out));
    for (int i = 0; i < 1000; ++i) {
        QVERIFY(big.feed(QByteArray(1000, 'y'), &out));
    }
    QVERIFY(big.feed("\n\n", &out));
    QCOMPARE(out.size(), 1);
    QCOMPARE(out.first().data.size(), 1000 * 1000);
}

void TstSseParser::streamedEventsKeepTheLimit()
{
    // Streaming does not lift the event limit.
    SseParser parser(1000);
    qsizetype sunk = 0;
    parser.setDataSink(10, [&sunk](QByteArrayView bytes) { sunk += bytes.size(); });
    Events out;
    bool ok = parser.feed("data: ", &out);
    for (int i = 0; ok && i < 100; ++i) {
        ok = parser.feed(QByteArray(100, 'z'), &out);
    }
    QVERIFY(!ok);
    QVERIFY(sunk <= 1000);
    QVERIFY(parser.errorString().contains(QLatin1String("1000")));

    // A stream that ends inside a streamed event discards it; the next one is whole.
    SseParser again;
    QByteArray got;
    again.setDataSink(4, [&got](QByteArrayView bytes) { got.append(bytes); });
    QVERIFY(again.feed("data: 0123456789", &out));
    QVERIFY(again.endOfStream());
    got.clear();
    out.clear();
    again.reset();
    QVERIFY(again.feed("data: abcdefgh\n\n", &out));
    QCOMPARE(out.size(), 1);
    QVERIFY(out.first().streamed);
    QCOMPARE(got, QByteArray("abcdefgh"));
}

void TstSseParser::endOfStreamDiscardsPartialEvent()
{
    SseParser parser;
    Events out;
    QVERIFY(parser.feed("id: 1\ndata: a\n\nid: 2\ndata: {\"revision\":2,\"ty", &out));
    QCOMPARE(out.size(), 1);
    QVERIFY(parser.endOfStream());
    QVERIFY(!parser.endOfStream());
    // A new stream after a reconnect starts clean.
    QVERIFY(parser.feed("data: b\n\n", &out));
    QCOMPARE(describe(out), expect({"message|a|1", "message|b|2"}));
}

void TstSseParser::lastEventIdSurvivesReconnect()
{
    SseParser parser;
    Events out;
    QVERIFY(parser.feed("id: 9\ndata: a\n\n", &out));
    parser.endOfStream();
    QCOMPARE(parser.lastEventId(), QByteArray("9"));
    parser.reset();
    QCOMPARE(parser.lastEventId(), QByteArray());
}

QTEST_GUILESS_MAIN(TstSseParser)
#include "tst_sseparser.moc"
