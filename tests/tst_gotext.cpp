// Go text rules (strings.TrimSpace, strconv.Quote, strconv.Atoi) as the
// StellMap server applies them. Every expected text below was captured from
// the reference server (/work/ref/refserver): quotes and trims through its
// `invalid legacy label filter %q` message (which quotes the trimmed value),
// Atoi messages through `limit=`.

#include "gotext.h"

#include <QTest>

#include <limits>

using stellmap::GoText;

class TstGoText : public QObject
{
    Q_OBJECT

private slots:
    void isSpace_data();
    void isSpace();
    void trimSpace_data();
    void trimSpace();
    void trimSpaceKeepsUntouchedText();
    void quote_data();
    void quote();
    void quoteReplacesLoneSurrogates_data();
    void quoteReplacesLoneSurrogates();
    void atoi_data();
    void atoi();
    void atoiClearsPreviousError();
};

void TstGoText::isSpace_data()
{
    QTest::addColumn<uint>("rune");
    QTest::addColumn<bool>("space");

    // unicode.IsSpace; each rune is also trimmed (or kept) by a trimSpace row
    // whose result the reference server confirmed.
    const uint spaces[] = {0x09,   0x0A,   0x0B,   0x0C,   0x0D,   0x20,   0x85,   0xA0,   0x1680,
                           0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
                           0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
    for (uint rune : spaces) {
        QTest::addRow("U+%04X is white space", rune) << rune << true;
    }
    const uint others[] = {0x00, 0x1C, 0x1D, 0x1E, 0x1F, 0x78, 0x180E, 0x200B, 0xFEFF, 0x1F600};
    for (uint rune : others) {
        QTest::addRow("U+%04X is not white space", rune) << rune << false;
    }
}

void TstGoText::isSpace()
{
    QFETCH(uint, rune);
    QFETCH(bool, space);
    QCOMPARE(GoText::isSpace(char32_t(rune)), space);
}

void TstGoText::trimSpace_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("trimmed");

    QTest::newRow("ASCII white space")
        << QStringLiteral(" \t\n\v\f\rx y\r\n\t ") << QStringLiteral("x y");
    QTest::newRow("NEL and no-break space")
        << QStringLiteral("\u0085\u00a0x\u00a0\u0085") << QStringLiteral("x");
    QTest::newRow("Ogham space mark") << QStringLiteral("\u1680x\u1680") << QStringLiteral("x");
    QTest::newRow("en quad to hair space")
        << QStringLiteral(
               "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200ax\u200a")
        << QStringLiteral("x");
    QTest::newRow("line and paragraph separators")
        << QStringLiteral("\u2028\u2029x\u2029\u2028") << QStringLiteral("x");
    QTest::newRow("narrow no-break, math and ideographic space")
        << QStringLiteral("\u202f\u205f\u3000x\u3000\u205f\u202f") << QStringLiteral("x");
    QTest::newRow("zero width space is not white space")
        << QStringLiteral("\u200bx\u200b") << QStringLiteral("\u200bx\u200b");
    QTest::newRow("byte order mark is not white space")
        << QStringLiteral("\ufeffx\ufeff") << QStringLiteral("\ufeffx\ufeff");
    QTest::newRow("Mongolian vowel separator is not white space")
        << QStringLiteral("\u180ex\u180e") << QStringLiteral("\u180ex\u180e");
    QTest::newRow("information separators are not white space")
        << QStringLiteral("\034\035\036\037x\037") << QStringLiteral("\034\035\036\037x\037");
    QTest::newRow("NUL is not white space")
        << QStringLiteral("\000x\000") << QStringLiteral("\000x\000");
    QTest::newRow("inner white space kept")
        << QStringLiteral(" a \u3000 b ") << QStringLiteral("a \u3000 b");
    QTest::newRow("astral characters at both ends kept")
        << QStringLiteral("\U0001f600 x \U0001f600") << QStringLiteral("\U0001f600 x \U0001f600");
    QTest::newRow("white space around an astral character")
        << QStringLiteral(" \u3000\U0001f600\u3000 ") << QStringLiteral("\U0001f600");
}

void TstGoText::trimSpace()
{
    QFETCH(QString, text);
    QFETCH(QString, trimmed);
    QCOMPARE(GoText::trimSpace(text), trimmed);
}

void TstGoText::trimSpaceKeepsUntouchedText()
{
    // Text without outer white space comes back unchanged, also when empty.
    QCOMPARE(GoText::trimSpace(QString()), QString());
    QCOMPARE(GoText::trimSpace(QStringLiteral("order-center")), QStringLiteral("order-center"));
    QVERIFY(GoText::trimSpace(QStringLiteral(" \u3000 ")).isEmpty());
}

void TstGoText::quote_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("quoted");

    QTest::newRow("plain ASCII") << QStringLiteral("order-center")
                                 << QStringLiteral("\"order-center\"");
    QTest::newRow("double quote escaped")
        << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \\\"hi\\\"\"");
    QTest::newRow("backslash escaped")
        << QStringLiteral("C:\\temp") << QStringLiteral("\"C:\\\\temp\"");
    QTest::newRow("tab newline carriage return")
        << QStringLiteral("a\tb\nc\rd") << QStringLiteral("\"a\\tb\\nc\\rd\"");
    QTest::newRow("bell backspace form feed vertical tab")
        << QStringLiteral("a\ab\bc\fd\ve") << QStringLiteral("\"a\\ab\\bc\\fd\\ve\"");
    QTest::newRow("other C0 controls as \\x")
        << QStringLiteral("a\001b\037c") << QStringLiteral("\"a\\x01b\\x1fc\"");
    QTest::newRow("NUL as \\x00") << QStringLiteral("a\000b") << QStringLiteral("\"a\\x00b\"");
    QTest::newRow("DEL as \\x7f") << QStringLiteral("a\177b") << QStringLiteral("\"a\\x7fb\"");
    QTest::newRow("C1 control U+0085 as \\u")
        << QStringLiteral("a\u0085b") << QStringLiteral("\"a\\u0085b\"");
    QTest::newRow("no-break space as \\u")
        << QStringLiteral("a\u00a0b") << QStringLiteral("\"a\\u00a0b\"");
    QTest::newRow("soft hyphen (format) as \\u")
        << QStringLiteral("a\u00adb") << QStringLiteral("\"a\\u00adb\"");
    QTest::newRow("zero width space as \\u")
        << QStringLiteral("a\u200bb") << QStringLiteral("\"a\\u200bb\"");
    QTest::newRow("line separator as \\u")
        << QStringLiteral("a\u2028b") << QStringLiteral("\"a\\u2028b\"");
    QTest::newRow("byte order mark as \\u")
        << QStringLiteral("a\ufeffb") << QStringLiteral("\"a\\ufeffb\"");
    QTest::newRow("private use as \\u")
        << QStringLiteral("a\ue000b") << QStringLiteral("\"a\\ue000b\"");
    QTest::newRow("ideographic space as \\u")
        << QStringLiteral("a\u3000b") << QStringLiteral("\"a\\u3000b\"");
    QTest::newRow("Latin letters kept") << QStringLiteral("caf\u00e9 \u00c5ngstr\u00f6m")
                                        << QStringLiteral("\"caf\u00e9 \u00c5ngstr\u00f6m\"");
    QTest::newRow("CJK kept") << QStringLiteral("\u8ba2\u5355\u4e2d\u5fc3")
                              << QStringLiteral("\"\u8ba2\u5355\u4e2d\u5fc3\"");
    QTest::newRow("combining mark kept")
        << QStringLiteral("e\u0301") << QStringLiteral("\"e\u0301\"");
    QTest::newRow("emoji outside the BMP kept")
        << QStringLiteral("ok\U0001f600") << QStringLiteral("\"ok\U0001f600\"");
    QTest::newRow("math letter outside the BMP kept")
        << QStringLiteral("\U0001d400x") << QStringLiteral("\"\U0001d400x\"");
    QTest::newRow("noncharacter U+10FFFF as \\U")
        << QStringLiteral("a\U0010ffffb") << QStringLiteral("\"a\\U0010ffffb\"");
    QTest::newRow("private use plane 15 as \\U")
        << QStringLiteral("a\U000f0000b") << QStringLiteral("\"a\\U000f0000b\"");
    QTest::newRow("replacement character kept")
        << QStringLiteral("a\ufffdb") << QStringLiteral("\"a\ufffdb\"");
    QTest::newRow("Kelvin sign kept") << QStringLiteral("\u212a") << QStringLiteral("\"\u212a\"");
    QTest::newRow("percent and plus kept")
        << QStringLiteral("50%+1") << QStringLiteral("\"50%+1\"");
}

void TstGoText::quote()
{
    QFETCH(QString, text);
    QFETCH(QString, quoted);
    QCOMPARE(GoText::quote(text), quoted);
}

void TstGoText::quoteReplacesLoneSurrogates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("quoted");

    // A lone surrogate reaches the server as a JSON \ud800 escape, which Go
    // decodes to U+FFFD; the reference server then quotes it as a printable
    // U+FFFD (`service "\ufffdx.b.c.d.e" does not match ...`).
    QTest::newRow("lone high surrogate")
        << (QString(QChar(0xD800)) + QStringLiteral("x")) << QStringLiteral("\"\ufffdx\"");
    QTest::newRow("lone low surrogate")
        << (QStringLiteral("x") + QString(QChar(0xDC00))) << QStringLiteral("\"x\ufffd\"");
    QTest::newRow("empty string") << QString() << QStringLiteral("\"\"");
}

void TstGoText::quoteReplacesLoneSurrogates()
{
    QFETCH(QString, text);
    QFETCH(QString, quoted);
    QCOMPARE(GoText::quote(text), quoted);
}

void TstGoText::atoi_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("error");

    QTest::newRow("accepts 5") << QStringLiteral("5") << qint64(Q_INT64_C(5)) << QString();
    QTest::newRow("accepts +5") << QStringLiteral("+5") << qint64(Q_INT64_C(5)) << QString();
    QTest::newRow("accepts -0") << QStringLiteral("-0") << qint64(Q_INT64_C(0)) << QString();
    QTest::newRow("accepts 007") << QStringLiteral("007") << qint64(Q_INT64_C(7)) << QString();
    QTest::newRow("accepts 9223372036854775807")
        << QStringLiteral("9223372036854775807") << qint64(Q_INT64_C(9223372036854775807))
        << QString();
    QTest::newRow("accepts -9223372036854775808")
        << QStringLiteral("-9223372036854775808") << qint64(std::numeric_limits<qint64>::min())
        << QString();
    QTest::newRow("accepts 123456789012345678")
        << QStringLiteral("123456789012345678") << qint64(Q_INT64_C(123456789012345678))
        << QString();
    QTest::newRow("accepts 1234567890123456789")
        << QStringLiteral("1234567890123456789") << qint64(Q_INT64_C(1234567890123456789))
        << QString();
    QTest::newRow("accepts -123456789012345678")
        << QStringLiteral("-123456789012345678") << qint64(Q_INT64_C(-123456789012345678))
        << QString();
    QTest::newRow("rejects \" 5\"")
        << QStringLiteral(" 5") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \" 5\": invalid syntax");
    QTest::newRow("rejects \"5 \"")
        << QStringLiteral("5 ") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"5 \": invalid syntax");
    QTest::newRow("rejects \"5\\xa0\"")
        << QStringLiteral("5\u00a0") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"5\\u00a0\": invalid syntax");
    QTest::newRow("rejects \"1.5\"")
        << QStringLiteral("1.5") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"1.5\": invalid syntax");
    QTest::newRow("rejects \"1e3\"")
        << QStringLiteral("1e3") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"1e3\": invalid syntax");
    QTest::newRow("rejects \"0x10\"")
        << QStringLiteral("0x10") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"0x10\": invalid syntax");
    QTest::newRow("rejects \"1_000\"")
        << QStringLiteral("1_000") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"1_000\": invalid syntax");
    QTest::newRow("rejects \"+\"") << QStringLiteral("+") << qint64(0)
                                   << QStringLiteral("strconv.Atoi: parsing \"+\": invalid syntax");
    QTest::newRow("rejects \"-\"") << QStringLiteral("-") << qint64(0)
                                   << QStringLiteral("strconv.Atoi: parsing \"-\": invalid syntax");
    QTest::newRow("rejects \"++5\"")
        << QStringLiteral("++5") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"++5\": invalid syntax");
    QTest::newRow("rejects \"+-5\"")
        << QStringLiteral("+-5") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"+-5\": invalid syntax");
    QTest::newRow("rejects \"\\uff15\"")
        << QStringLiteral("\uff15") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"\uff15\": invalid syntax");
    QTest::newRow("rejects \"\\u0665\"")
        << QStringLiteral("\u0665") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"\u0665\": invalid syntax");
    QTest::newRow("rejects \"9223372036854775808\"")
        << QStringLiteral("9223372036854775808") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"9223372036854775808\": value out of range");
    QTest::newRow("rejects \"-9223372036854775809\"")
        << QStringLiteral("-9223372036854775809") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"-9223372036854775809\": value out of range");
    QTest::newRow("rejects \"18446744073709551616\"")
        << QStringLiteral("18446744073709551616") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"18446744073709551616\": value out of range");
    QTest::newRow("rejects \"99999999999999999999x\"")
        << QStringLiteral("99999999999999999999x") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"99999999999999999999x\": value out of range");
    QTest::newRow("rejects \"x99999999999999999999\"")
        << QStringLiteral("x99999999999999999999") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"x99999999999999999999\": invalid syntax");
    QTest::newRow("rejects \"12345678901234567x\"")
        << QStringLiteral("12345678901234567x") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"12345678901234567x\": invalid syntax");
    QTest::newRow("rejects \"5\\x00\"")
        << QStringLiteral("5\000") << qint64(0)
        << QStringLiteral("strconv.Atoi: parsing \"5\\x00\": invalid syntax");
}

void TstGoText::atoi()
{
    QFETCH(QString, text);
    QFETCH(qint64, value);
    QFETCH(QString, error);

    QString actualError = QStringLiteral("stale");
    const qint64 actual = GoText::atoi(text, &actualError);
    QCOMPARE(actualError, error);
    if (error.isEmpty()) {
        QCOMPARE(actual, value);
    }
}

void TstGoText::atoiClearsPreviousError()
{
    QString error;
    GoText::atoi(QStringLiteral("x"), &error);
    QCOMPARE(error, QStringLiteral("strconv.Atoi: parsing \"x\": invalid syntax"));
    QCOMPARE(GoText::atoi(QStringLiteral("42"), &error), qint64(42));
    QVERIFY(error.isEmpty());
    // A null error pointer is allowed.
    QCOMPARE(GoText::atoi(QStringLiteral("-7"), nullptr), qint64(-7));
}

QTEST_GUILESS_MAIN(TstGoText)
#include "tst_gotext.moc"
