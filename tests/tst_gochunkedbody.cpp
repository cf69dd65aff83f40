// GoChunkedBody: chunked request bodies read as Go's chunked reader reads
// them, with its error texts (the server's handlers answer them verbatim).
#include "gochunkedbody.h"

#include <QTest>

using namespace stellmap;

class TstGoChunkedBody : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void feed_data();
    void feed();
};

void TstGoChunkedBody::feed_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");   // empty: complete
    QTest::addColumn<QByteArray>("left"); // bytes after the body (the next request)

    const auto row = [](const char *name, const QByteArray &input, const QByteArray &body,
                        const QString &error, const QByteArray &left = QByteArray()) {
        QTest::newRow(name) << input << body << error << left;
    };
    row("two chunks", "2\r\n{}\r\n3\r\nabc\r\n0\r\n\r\nNEXT", "{}abc", QString(), "NEXT");
    row("upper-case size, extension, trailing space", "A;name=value \r\n0123456789\r\n0\r\n\r\n",
        "0123456789", QString());
    row("trailer fields are skipped", "1\r\nx\r\n0\r\nX-Sum: 1\r\n\r\n", "x", QString());
    // Go 1.24+ takes only CRLF on chunk lines (golang/go#71988).
    row("bare LF ends a size line", "1\nx\r\n0\r\n\r\n", QByteArray(),
        QStringLiteral("chunked line ends with bare LF"));
    row("CR inside a size line", "1\r0\r\nx\r\n", QByteArray(),
        QStringLiteral("invalid CR in chunked line"));
    row("empty size line", "\r\n\r\n", QByteArray(),
        QStringLiteral("empty hex number for chunk length"));
    row("letter in the size", "zz\r\n{}\r\n", QByteArray(),
        QStringLiteral("invalid byte in chunk length"));
    row("space inside the size", "1 ;x\r\na\r\n", QByteArray(),
        QStringLiteral("invalid byte in chunk length"));
    row("seventeen hex digits", "10000000000000000\r\n", QByteArray(),
        QStringLiteral("http chunk length too large"));
    row("data longer than its size", "1\r\n{xx\r\n0\r\n\r\n", "{",
        QStringLiteral("malformed chunked encoding"));
    row("size line of 4 KiB", "1;" + QByteArray(4100, 'e') + "\r\nx\r\n", QByteArray(),
        QStringLiteral("header line too long"));
    // 104 bytes of overhead per byte of data: over Go's allowance after 190 chunks.
    row("many one-byte chunks with long extensions",
        QByteArray("1;" + QByteArray(100, 'e') + "\r\nx\r\n").repeated(400) + "0\r\n\r\n",
        QByteArray(190, 'x'), QStringLiteral("chunked encoding contains too much non-data"));
}

void TstGoChunkedBody::feed()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QFETCH(QByteArray, left);

    // Whole, and one byte at a time: the same outcome.
    for (const bool bytewise : {false, true}) {
        GoChunkedBody reader;
        QByteArray buffer;
        GoChunkedBody::State state = GoChunkedBody::State::NeedMore;
        for (qsizetype i = 0; i < input.size() && state == GoChunkedBody::State::NeedMore;) {
            const qsizetype take = bytewise ? 1 : input.size();
            buffer += input.mid(i, take);
            i += take;
            state = reader.feed(buffer);
        }
        if (error.isEmpty()) {
            QCOMPARE(state, GoChunkedBody::State::Done);
            QCOMPARE(reader.body(), body);
            if (!bytewise) {
                QCOMPARE(buffer, left);
            }
        } else {
            QCOMPARE(state, GoChunkedBody::State::Failed);
            QCOMPARE(reader.error(), error);
            QCOMPARE(reader.body(), body);
        }
    }
}

QTEST_GUILESS_MAIN(TstGoChunkedBody)
#include "tst_gochunkedbody.moc"
