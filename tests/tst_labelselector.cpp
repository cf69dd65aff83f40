// LabelSelector: the server's selector grammar, its error texts (with the
// syntax-guide suffix) and its matching rules. Error texts were captured from
// the reference server (/work/ref/refserver) by querying with each
// selector/label; the matching sets are the instances the reference server
// returned for each filter after registering the label sets below.

#include "labelselector.h"

#include <QTest>

#include <utility>

using stellmap::LabelSelector;
using stellmap::StringMap;

namespace {

QString operatorName(LabelSelector::Operator op)
{
    switch (op) {
    case LabelSelector::Operator::Exists:
        return QStringLiteral("exists");
    case LabelSelector::Operator::NotExists:
        return QStringLiteral("notexists");
    case LabelSelector::Operator::Equals:
        return QStringLiteral("equals");
    case LabelSelector::Operator::NotEquals:
        return QStringLiteral("notequals");
    case LabelSelector::Operator::In:
        return QStringLiteral("in");
    case LabelSelector::Operator::NotIn:
        return QStringLiteral("notin");
    }
    return QStringLiteral("?");
}

// "op <key> v1|v2", readable in a failure message.
QStringList describe(const LabelSelector &selector)
{
    QStringList out;
    for (const LabelSelector::Requirement &requirement : selector.requirements()) {
        out.append(operatorName(requirement.op) + QLatin1String(" <") + requirement.key +
                   QLatin1String(">") +
                   (requirement.values.isEmpty()
                        ? QString()
                        : QLatin1Char(' ') + requirement.values.join(QLatin1Char('|'))));
    }
    return out;
}

// The label sets registered on the reference server for matches_data().
const QList<std::pair<QString, StringMap>> &instances()
{
    static const QList<std::pair<QString, StringMap>> list = {
        {QStringLiteral("none"), StringMap{}},
        {QStringLiteral("gray"), StringMap{{QStringLiteral("color"), QStringLiteral("gray")}}},
        {QStringLiteral("red"), StringMap{{QStringLiteral("color"), QStringLiteral("red")}}},
        {QStringLiteral("gray-v2"), StringMap{{QStringLiteral("color"), QStringLiteral("gray")},
                                              {QStringLiteral("version"), QStringLiteral("v2")}}},
        {QStringLiteral("empty-color-v1"),
         StringMap{{QStringLiteral("color"), QString()},
                   {QStringLiteral("version"), QStringLiteral("v1")}}},
        {QStringLiteral("v2-deprecated"),
         StringMap{{QStringLiteral("version"), QStringLiteral("v2")},
                   {QStringLiteral("deprecated"), QStringLiteral("true")}}},
        {QStringLiteral("capital-key"),
         StringMap{{QStringLiteral("Color"), QStringLiteral("gray")}}},
        {QStringLiteral("gray-blue"),
         StringMap{{QStringLiteral("color"), QStringLiteral("gray blue")}}},
        {QStringLiteral("odd-key"), StringMap{{QStringLiteral("a="), QStringLiteral("b")},
                                              {QStringLiteral("!a"), QStringLiteral("b")}}},
        {QStringLiteral("tier-web"), StringMap{{QStringLiteral("tier"), QStringLiteral("web")},
                                               {QStringLiteral("zone"), QStringLiteral("az1")}}},
        {QStringLiteral("equals-in-value"), StringMap{{QStringLiteral("a"), QStringLiteral("=b")}}},
    };
    return list;
}

} // namespace

class TstLabelSelector : public QObject
{
    Q_OBJECT

private slots:
    void parseErrors_data();
    void parseErrors();
    void requirements_data();
    void requirements();
    void matches_data();
    void matches();
    void singleExpressionConvenience();
    void successClearsAStaleError();
};

void TstLabelSelector::parseErrors_data()
{
    QTest::addColumn<QStringList>("selectors");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QString>("error");

    QTest::newRow("empty requirement between commas")
        << QStringList{QStringLiteral("color=gray,,version=v2")} << QStringList()
        << QStringLiteral("invalid selector \"color=gray,,version=v2\": empty requirement; "
                          "supported selector syntax: key, !key, key=value, key!=value, key in "
                          "(v1,v2), key notin (v1,v2); valid example: selector=color=gray,version "
                          "in (v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("empty requirement at the end")
        << QStringList{QStringLiteral("color=gray,")} << QStringList()
        << QStringLiteral("invalid selector \"color=gray,\": empty requirement; supported selector "
                          "syntax: key, !key, key=value, key!=value, key in (v1,v2), key notin "
                          "(v1,v2); valid example: selector=color=gray,version in "
                          "(v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("empty requirement at the start")
        << QStringList{QStringLiteral(",color=gray")} << QStringList()
        << QStringLiteral("invalid selector \",color=gray\": empty requirement; supported selector "
                          "syntax: key, !key, key=value, key!=value, key in (v1,v2), key notin "
                          "(v1,v2); valid example: selector=color=gray,version in "
                          "(v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("blank requirement between commas")
        << QStringList{QStringLiteral("color=gray, \t,version=v2")} << QStringList()
        << QStringLiteral("invalid selector \"color=gray, \\t,version=v2\": empty requirement; "
                          "supported selector syntax: key, !key, key=value, key!=value, key in "
                          "(v1,v2), key notin (v1,v2); valid example: selector=color=gray,version "
                          "in (v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("unexpected closing parenthesis")
        << QStringList{QStringLiteral("color)")} << QStringList()
        << QStringLiteral("invalid selector \"color)\": unexpected closing parenthesis; supported "
                          "selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
                          "notin (v1,v2); valid example: selector=color=gray,version in "
                          "(v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("closing parenthesis after a set")
        << QStringList{QStringLiteral("color in (a))")} << QStringList()
        << QStringLiteral("invalid selector \"color in (a))\": unexpected closing parenthesis; "
                          "supported selector syntax: key, !key, key=value, key!=value, key in "
                          "(v1,v2), key notin (v1,v2); valid example: selector=color=gray,version "
                          "in (v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("unbalanced parentheses")
        << QStringList{QStringLiteral("color in (a")} << QStringList()
        << QStringLiteral("invalid selector \"color in (a\": unbalanced parentheses; supported "
                          "selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
                          "notin (v1,v2); valid example: selector=color=gray,version in "
                          "(v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("unbalanced nested parentheses")
        << QStringList{QStringLiteral("color in (a,(b)")} << QStringList()
        << QStringLiteral("invalid selector \"color in (a,(b)\": unbalanced parentheses; supported "
                          "selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
                          "notin (v1,v2); valid example: selector=color=gray,version in "
                          "(v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("set without parentheses")
        << QStringList{QStringLiteral("version in v2")} << QStringList()
        << QStringLiteral("invalid selector \"version in v2\": expected values like (v1,v2); "
                          "supported selector syntax: key, !key, key=value, key!=value, key in "
                          "(v1,v2), key notin (v1,v2); valid example: selector=color=gray,version "
                          "in (v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("notin without parentheses")
        << QStringList{QStringLiteral("version notin v1,v2")} << QStringList()
        << QStringLiteral("invalid selector \"version notin v1\": expected values like (v1,v2); "
                          "supported selector syntax: key, !key, key=value, key!=value, key in "
                          "(v1,v2), key notin (v1,v2); valid example: selector=color=gray,version "
                          "in (v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("set with trailing text")
        << QStringList{QStringLiteral("version in (v2) x")} << QStringList()
        << QStringLiteral("invalid selector \"version in (v2) x\": expected values like (v1,v2); "
                          "supported selector syntax: key, !key, key=value, key!=value, key in "
                          "(v1,v2), key notin (v1,v2); valid example: selector=color=gray,version "
                          "in (v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("upper-case IN without parentheses")
        << QStringList{QStringLiteral("version IN v2")} << QStringList()
        << QStringLiteral("invalid selector \"version IN v2\": expected values like (v1,v2); "
                          "supported selector syntax: key, !key, key=value, key!=value, key in "
                          "(v1,v2), key notin (v1,v2); valid example: selector=color=gray,version "
                          "in (v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("empty set")
        << QStringList{QStringLiteral("version in ()")} << QStringList()
        << QStringLiteral(
               "invalid selector \"version in ()\": selector set values cannot be empty; supported "
               "selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key notin "
               "(v1,v2); valid example: selector=color=gray,version in (v2),!deprecated; invalid "
               "example: selector=version in v2");
    QTest::newRow("empty value in a set")
        << QStringList{QStringLiteral("version in (v1,,v2)")} << QStringList()
        << QStringLiteral(
               "invalid selector \"version in (v1,,v2)\": selector set values cannot be empty; "
               "supported selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
               "notin (v1,v2); valid example: selector=color=gray,version in (v2),!deprecated; "
               "invalid example: selector=version in v2");
    QTest::newRow("blank value in a set")
        << QStringList{QStringLiteral("version in (v1, )")} << QStringList()
        << QStringLiteral(
               "invalid selector \"version in (v1, )\": selector set values cannot be empty; "
               "supported selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
               "notin (v1,v2); valid example: selector=color=gray,version in (v2),!deprecated; "
               "invalid example: selector=version in v2");
    QTest::newRow("bang without key")
        << QStringList{QStringLiteral("!")} << QStringList()
        << QStringLiteral("invalid selector \"!\": key is required; supported selector syntax: "
                          "key, !key, key=value, key!=value, key in (v1,v2), key notin (v1,v2); "
                          "valid example: selector=color=gray,version in (v2),!deprecated; invalid "
                          "example: selector=version in v2");
    QTest::newRow("bang with blank key")
        << QStringList{QStringLiteral("color,! ")} << QStringList()
        << QStringLiteral("invalid selector \"!\": key is required; supported selector syntax: "
                          "key, !key, key=value, key!=value, key in (v1,v2), key notin (v1,v2); "
                          "valid example: selector=color=gray,version in (v2),!deprecated; invalid "
                          "example: selector=version in v2");
    QTest::newRow("equals without value")
        << QStringList{QStringLiteral("color=")} << QStringList()
        << QStringLiteral("invalid selector \"color=\": key and value are required; supported "
                          "selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
                          "notin (v1,v2); valid example: selector=color=gray,version in "
                          "(v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("equals without key")
        << QStringList{QStringLiteral("=gray")} << QStringList()
        << QStringLiteral("invalid selector \"=gray\": key and value are required; supported "
                          "selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
                          "notin (v1,v2); valid example: selector=color=gray,version in "
                          "(v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("double equals without value")
        << QStringList{QStringLiteral("color==")} << QStringList()
        << QStringLiteral("invalid selector \"color==\": key and value are required; supported "
                          "selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
                          "notin (v1,v2); valid example: selector=color=gray,version in "
                          "(v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("not-equals without key")
        << QStringList{QStringLiteral("!=gray")} << QStringList()
        << QStringLiteral("invalid selector \"!=gray\": key and value are required; supported "
                          "selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
                          "notin (v1,v2); valid example: selector=color=gray,version in "
                          "(v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("not-equals without value")
        << QStringList{QStringLiteral("color!= ")} << QStringList()
        << QStringLiteral("invalid selector \"color!=\": key and value are required; supported "
                          "selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
                          "notin (v1,v2); valid example: selector=color=gray,version in "
                          "(v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("value containing ' in' is read as a set")
        << QStringList{QStringLiteral("note=pay in cash")} << QStringList()
        << QStringLiteral("invalid selector \"note=pay in cash\": expected values like (v1,v2); "
                          "supported selector syntax: key, !key, key=value, key!=value, key in "
                          "(v1,v2), key notin (v1,v2); valid example: selector=color=gray,version "
                          "in (v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("key containing ' in' is read as a set")
        << QStringList{QStringLiteral("my index=1")} << QStringList()
        << QStringLiteral("invalid selector \"my index=1\": expected values like (v1,v2); "
                          "supported selector syntax: key, !key, key=value, key!=value, key in "
                          "(v1,v2), key notin (v1,v2); valid example: selector=color=gray,version "
                          "in (v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("error quotes the requirement with escapes")
        << QStringList{QStringLiteral("a=\"x\",b in c\td")} << QStringList()
        << QStringLiteral("invalid selector \"b in c\\td\": expected values like (v1,v2); "
                          "supported selector syntax: key, !key, key=value, key!=value, key in "
                          "(v1,v2), key notin (v1,v2); valid example: selector=color=gray,version "
                          "in (v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("error quotes the whole value with escapes")
        << QStringList{QStringLiteral("a=\"x\",")} << QStringList()
        << QStringLiteral("invalid selector \"a=\\\"x\\\",\": empty requirement; supported "
                          "selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
                          "notin (v1,v2); valid example: selector=color=gray,version in "
                          "(v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("error quotes non-ASCII as is")
        << QStringList{QStringLiteral("\u989c\u8272 in \u7070")} << QStringList()
        << QStringLiteral(
               "invalid selector \"\u989c\u8272 in \u7070\": expected values like (v1,v2); "
               "supported selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
               "notin (v1,v2); valid example: selector=color=gray,version in (v2),!deprecated; "
               "invalid example: selector=version in v2");
    QTest::newRow("second selector parameter is checked too")
        << QStringList{QStringLiteral("color=gray"), QStringLiteral("version in v2")}
        << QStringList()
        << QStringLiteral("invalid selector \"version in v2\": expected values like (v1,v2); "
                          "supported selector syntax: key, !key, key=value, key!=value, key in "
                          "(v1,v2), key notin (v1,v2); valid example: selector=color=gray,version "
                          "in (v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("first bad selector parameter wins")
        << QStringList{QStringLiteral("a in b"), QStringLiteral("c)")} << QStringList()
        << QStringLiteral("invalid selector \"a in b\": expected values like (v1,v2); supported "
                          "selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
                          "notin (v1,v2); valid example: selector=color=gray,version in "
                          "(v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("selector errors before label errors")
        << QStringList{QStringLiteral("color=")} << QStringList{QStringLiteral("tier")}
        << QStringLiteral("invalid selector \"color=\": key and value are required; supported "
                          "selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key "
                          "notin (v1,v2); valid example: selector=color=gray,version in "
                          "(v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("legacy label without equals")
        << QStringList() << QStringList{QStringLiteral("color")}
        << QStringLiteral("invalid legacy label filter \"color\", expected key=value; legacy label "
                          "example: label=color=gray");
    QTest::newRow("legacy label without key")
        << QStringList() << QStringList{QStringLiteral("=gray")}
        << QStringLiteral("invalid legacy label filter \"=gray\", key and value are required; "
                          "legacy label example: label=color=gray");
    QTest::newRow("legacy label without value")
        << QStringList() << QStringList{QStringLiteral("color=")}
        << QStringLiteral("invalid legacy label filter \"color=\", key and value are required; "
                          "legacy label example: label=color=gray");
    QTest::newRow("legacy label with blank value")
        << QStringList() << QStringList{QStringLiteral(" color = ")}
        << QStringLiteral("invalid legacy label filter \"color =\", key and value are required; "
                          "legacy label example: label=color=gray");
    QTest::newRow("legacy label quoted with escapes")
        << QStringList() << QStringList{QStringLiteral("tab\there")}
        << QStringLiteral("invalid legacy label filter \"tab\\there\", expected key=value; legacy "
                          "label example: label=color=gray");
    QTest::newRow("first bad legacy label wins")
        << QStringList()
        << QStringList{QStringLiteral("color=gray"), QStringLiteral("tier"), QStringLiteral("=x")}
        << QStringLiteral("invalid legacy label filter \"tier\", expected key=value; legacy label "
                          "example: label=color=gray");
    QTest::newRow("dotted-i capital folds into ' in' (Go strings.ToLower)")
        << QStringList{QStringLiteral("x \u0130n (a)")} << QStringList()
        << QStringLiteral("invalid selector \"x \u0130n (a)\": expected values like (v1,v2); "
                          "supported selector syntax: key, !key, key=value, key!=value, key in "
                          "(v1,v2), key notin (v1,v2); valid example: selector=color=gray,version "
                          "in (v2),!deprecated; invalid example: selector=version in v2");
    QTest::newRow("Kelvin sign shifts the set operator index (Go strings.ToLower)")
        << QStringList{QStringLiteral("\u212a in (a)")} << QStringList()
        << QStringLiteral("invalid selector \"\u212a in (a)\": expected values like (v1,v2); "
                          "supported selector syntax: key, !key, key=value, key!=value, key in "
                          "(v1,v2), key notin (v1,v2); valid example: selector=color=gray,version "
                          "in (v2),!deprecated; invalid example: selector=version in v2");

    // A byte of invalid UTF-8 in the query string (selector=a%FF,,) reaches the
    // parser as U+DCFF (see GoJsonDecoder::fromRawGoBytes); the reference server
    // quotes the raw byte as \xff.
    QTest::newRow("raw byte from the query string quoted as \\xff")
        << QStringList{QStringLiteral("a") + QChar(0xDCFF) + QStringLiteral(",,")} << QStringList()
        << QStringLiteral(
               "invalid selector \"a\\xff,,\": empty requirement; supported selector syntax: key, "
               "!key, key=value, key!=value, key in (v1,v2), key notin (v1,v2); valid example: "
               "selector=color=gray,version in (v2),!deprecated; invalid example: "
               "selector=version in v2");
}

void TstLabelSelector::parseErrors()
{
    QFETCH(QStringList, selectors);
    QFETCH(QStringList, labels);
    QFETCH(QString, error);

    QString actual;
    const LabelSelector selector = LabelSelector::parse(selectors, labels, &actual);
    QCOMPARE(actual, error);
    QVERIFY(selector.isEmpty());
}

void TstLabelSelector::requirements_data()
{
    QTest::addColumn<QStringList>("selectors");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QStringList>("expected");

    // Every selector here is accepted by the reference server; the structure
    // follows selector.go (set operators first, then !=, ==, =, then !key, key).
    const auto row = [](const char *name, const QString &selector, const QStringList &expected) {
        QTest::newRow(name) << QStringList{selector} << QStringList() << expected;
    };
    row("key", QStringLiteral("color"), {QStringLiteral("exists <color>")});
    row("not key", QStringLiteral("!color"), {QStringLiteral("notexists <color>")});
    row("not key with space", QStringLiteral("! color"), {QStringLiteral("notexists <color>")});
    row("equals", QStringLiteral("color=gray"), {QStringLiteral("equals <color> gray")});
    row("double equals", QStringLiteral("color==gray"), {QStringLiteral("equals <color> gray")});
    row("not equals", QStringLiteral("color!=gray"), {QStringLiteral("notequals <color> gray")});
    row("spaces around equals trimmed", QStringLiteral("color = gray"),
        {QStringLiteral("equals <color> gray")});
    row("Unicode spaces around equals trimmed", QStringLiteral("color\u3000=\u3000gray"),
        {QStringLiteral("equals <color> gray")});
    row("value with inner space", QStringLiteral("color=gray blue"),
        {QStringLiteral("equals <color> gray blue")});
    row("in", QStringLiteral("color in (gray, red)"), {QStringLiteral("in <color> gray|red")});
    row("in without space before the parenthesis", QStringLiteral("color in(gray)"),
        {QStringLiteral("in <color> gray")});
    row("notin", QStringLiteral("color notin (gray)"), {QStringLiteral("notin <color> gray")});
    row("IN upper case", QStringLiteral("color IN (gray)"), {QStringLiteral("in <color> gray")});
    row("NotIn mixed case", QStringLiteral("color NotIn (gray)"),
        {QStringLiteral("notin <color> gray")});
    row("set values de-duplicated", QStringLiteral("color in (gray,gray, red)"),
        {QStringLiteral("in <color> gray|red")});
    row("set value with parentheses", QStringLiteral("color in (a (b))"),
        {QStringLiteral("in <color> a (b)")});
    row("!= found before =", QStringLiteral("a=!=b"), {QStringLiteral("notequals <a=> b")});
    row("== found before =", QStringLiteral("a=b==c"), {QStringLiteral("equals <a=b> c")});
    row("first == splits", QStringLiteral("a==b=c"), {QStringLiteral("equals <a> b=c")});
    row("!= with equals in the value", QStringLiteral("a!=b=c"),
        {QStringLiteral("notequals <a> b=c")});
    row("bang key with equals", QStringLiteral("!a=b"), {QStringLiteral("equals <!a> b")});
    row("leading in is a key", QStringLiteral("in (v1)"), {QStringLiteral("exists <in (v1)>")});
    row("blank before in is trimmed away", QStringLiteral(" \t in (v1)"),
        {QStringLiteral("exists <in (v1)>")});
    row("in glued to the key is a key", QStringLiteral("xin (a)"),
        {QStringLiteral("exists <xin (a)>")});
    row("commas inside parentheses do not split", QStringLiteral("color in (gray),version"),
        {QStringLiteral("in <color> gray"), QStringLiteral("exists <version>")});
    row("the documented example", QStringLiteral("color=gray,version in (v2),!deprecated"),
        {QStringLiteral("equals <color> gray"), QStringLiteral("in <version> v2"),
         QStringLiteral("notexists <deprecated>")});
    row("spaces around commas", QStringLiteral(" color in ( gray , red ) , !deprecated "),
        {QStringLiteral("in <color> gray|red"), QStringLiteral("notexists <deprecated>")});

    QTest::newRow("selectors then legacy labels, in order")
        << QStringList{QStringLiteral("color"), QStringLiteral("version=v2")}
        << QStringList{QStringLiteral("zone=az1"), QStringLiteral(" tier = web ")}
        << QStringList{QStringLiteral("exists <color>"), QStringLiteral("equals <version> v2"),
                       QStringLiteral("equals <zone> az1"), QStringLiteral("equals <tier> web")};
    QTest::newRow("legacy label splits at the first equals")
        << QStringList() << QStringList{QStringLiteral("a==b")}
        << QStringList{QStringLiteral("equals <a> =b")};
    QTest::newRow("blank parameters ignored")
        << QStringList{QStringLiteral(" "), QString()}
        << QStringList{QStringLiteral("\t"), QString()} << QStringList();
}

void TstLabelSelector::requirements()
{
    QFETCH(QStringList, selectors);
    QFETCH(QStringList, labels);
    QFETCH(QStringList, expected);

    QString error;
    const LabelSelector selector = LabelSelector::parse(selectors, labels, &error);
    QCOMPARE(error, QString());
    QCOMPARE(describe(selector), expected);
    QCOMPARE(selector.isEmpty(), expected.isEmpty());
}

void TstLabelSelector::matches_data()
{
    QTest::addColumn<QStringList>("selectors");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QStringList>("matching");

    QTest::newRow("exists") << QStringList{QStringLiteral("color")} << QStringList()
                            << QStringList{QStringLiteral("gray"), QStringLiteral("red"),
                                           QStringLiteral("gray-v2"),
                                           QStringLiteral("empty-color-v1"),
                                           QStringLiteral("gray-blue")};
    QTest::newRow("not exists") << QStringList{QStringLiteral("!color")} << QStringList()
                                << QStringList{QStringLiteral("none"),
                                               QStringLiteral("v2-deprecated"),
                                               QStringLiteral("capital-key"),
                                               QStringLiteral("odd-key"),
                                               QStringLiteral("tier-web"),
                                               QStringLiteral("equals-in-value")};
    QTest::newRow("equals") << QStringList{QStringLiteral("color=gray")} << QStringList()
                            << QStringList{QStringLiteral("gray"), QStringLiteral("gray-v2")};
    QTest::newRow("double equals")
        << QStringList{QStringLiteral("color==gray")} << QStringList()
        << QStringList{QStringLiteral("gray"), QStringLiteral("gray-v2")};
    QTest::newRow("not equals matches a missing key")
        << QStringList{QStringLiteral("color!=gray")} << QStringList()
        << QStringList{QStringLiteral("none"),           QStringLiteral("red"),
                       QStringLiteral("empty-color-v1"), QStringLiteral("v2-deprecated"),
                       QStringLiteral("capital-key"),    QStringLiteral("gray-blue"),
                       QStringLiteral("odd-key"),        QStringLiteral("tier-web"),
                       QStringLiteral("equals-in-value")};
    QTest::newRow("in") << QStringList{QStringLiteral("color in (gray,red)")} << QStringList()
                        << QStringList{QStringLiteral("gray"), QStringLiteral("red"),
                                       QStringLiteral("gray-v2")};
    QTest::newRow("notin matches a missing key")
        << QStringList{QStringLiteral("color notin (gray)")} << QStringList()
        << QStringList{QStringLiteral("none"),           QStringLiteral("red"),
                       QStringLiteral("empty-color-v1"), QStringLiteral("v2-deprecated"),
                       QStringLiteral("capital-key"),    QStringLiteral("gray-blue"),
                       QStringLiteral("odd-key"),        QStringLiteral("tier-web"),
                       QStringLiteral("equals-in-value")};
    QTest::newRow("notin of several values")
        << QStringList{QStringLiteral("version notin (v1,v2)")} << QStringList()
        << QStringList{QStringLiteral("none"),      QStringLiteral("gray"),
                       QStringLiteral("red"),       QStringLiteral("capital-key"),
                       QStringLiteral("gray-blue"), QStringLiteral("odd-key"),
                       QStringLiteral("tier-web"),  QStringLiteral("equals-in-value")};
    QTest::newRow("exists matches an empty value")
        << QStringList{QStringLiteral("color"), QStringLiteral("version=v1")} << QStringList()
        << QStringList{QStringLiteral("empty-color-v1")};
    QTest::newRow("not equals matches an empty value")
        << QStringList{QStringLiteral("color!=gray"), QStringLiteral("version")} << QStringList()
        << QStringList{QStringLiteral("empty-color-v1"), QStringLiteral("v2-deprecated")};
    QTest::newRow("keys are case-sensitive")
        << QStringList{QStringLiteral("Color=gray")} << QStringList()
        << QStringList{QStringLiteral("capital-key")};
    QTest::newRow("values are case-sensitive")
        << QStringList{QStringLiteral("color=Gray")} << QStringList() << QStringList();
    QTest::newRow("value with inner space")
        << QStringList{QStringLiteral("color=gray blue")} << QStringList()
        << QStringList{QStringLiteral("gray-blue")};
    QTest::newRow("AND within one parameter")
        << QStringList{QStringLiteral("color=gray,version in (v2)")} << QStringList()
        << QStringList{QStringLiteral("gray-v2")};
    QTest::newRow("AND across parameters")
        << QStringList{QStringLiteral("color"), QStringLiteral("!version")} << QStringList()
        << QStringList{QStringLiteral("gray"), QStringLiteral("red"), QStringLiteral("gray-blue")};
    QTest::newRow("three requirements")
        << QStringList{QStringLiteral("version in (v2),!deprecated,color")} << QStringList()
        << QStringList{QStringLiteral("gray-v2")};
    QTest::newRow("not exists and not equals")
        << QStringList{QStringLiteral("!deprecated,version!=v1")} << QStringList()
        << QStringList{QStringLiteral("none"),
                       QStringLiteral("gray"),
                       QStringLiteral("red"),
                       QStringLiteral("gray-v2"),
                       QStringLiteral("capital-key"),
                       QStringLiteral("gray-blue"),
                       QStringLiteral("odd-key"),
                       QStringLiteral("tier-web"),
                       QStringLiteral("equals-in-value")};
    QTest::newRow("key ending in equals") << QStringList{QStringLiteral("a=!=b")} << QStringList()
                                          << QStringList{QStringLiteral("none"),
                                                         QStringLiteral("gray"),
                                                         QStringLiteral("red"),
                                                         QStringLiteral("gray-v2"),
                                                         QStringLiteral("empty-color-v1"),
                                                         QStringLiteral("v2-deprecated"),
                                                         QStringLiteral("capital-key"),
                                                         QStringLiteral("gray-blue"),
                                                         QStringLiteral("tier-web"),
                                                         QStringLiteral("equals-in-value")};
    QTest::newRow("key starting with bang") << QStringList{QStringLiteral("!a=b")} << QStringList()
                                            << QStringList{QStringLiteral("odd-key")};
    QTest::newRow("legacy label") << QStringList() << QStringList{QStringLiteral("color=gray")}
                                  << QStringList{QStringLiteral("gray"), QStringLiteral("gray-v2")};
    QTest::newRow("legacy labels AND-combined")
        << QStringList() << QStringList{QStringLiteral("tier=web"), QStringLiteral("zone=az1")}
        << QStringList{QStringLiteral("tier-web")};
    QTest::newRow("selector and legacy label")
        << QStringList{QStringLiteral("version")} << QStringList{QStringLiteral("color=gray")}
        << QStringList{QStringLiteral("gray-v2")};
    QTest::newRow("legacy label value with equals")
        << QStringList() << QStringList{QStringLiteral("a==b")}
        << QStringList{QStringLiteral("equals-in-value")};
    QTest::newRow("blank parameters ignored")
        << QStringList{QStringLiteral(" "), QStringLiteral("")} << QStringList{QStringLiteral("\t")}
        << QStringList{QStringLiteral("none"),
                       QStringLiteral("gray"),
                       QStringLiteral("red"),
                       QStringLiteral("gray-v2"),
                       QStringLiteral("empty-color-v1"),
                       QStringLiteral("v2-deprecated"),
                       QStringLiteral("capital-key"),
                       QStringLiteral("gray-blue"),
                       QStringLiteral("odd-key"),
                       QStringLiteral("tier-web"),
                       QStringLiteral("equals-in-value")};
}

void TstLabelSelector::matches()
{
    QFETCH(QStringList, selectors);
    QFETCH(QStringList, labels);
    QFETCH(QStringList, matching);

    QString error;
    const LabelSelector selector = LabelSelector::parse(selectors, labels, &error);
    QCOMPARE(error, QString());
    QStringList actual;
    for (const auto &[id, instanceLabels] : instances()) {
        const bool matched = selector.matches(instanceLabels);
        // The instance record (UTF-8, as the browser's filter reads it) says the same.
        stellmap::Instance instance;
        instance.labels = instanceLabels;
        QCOMPARE(selector.matches(stellmap::InstanceRecord::fromInstance(instance)), matched);
        if (matched) {
            actual.append(id);
        }
    }
    QCOMPARE(actual, matching);
}

void TstLabelSelector::singleExpressionConvenience()
{
    QString error;
    const LabelSelector one =
        LabelSelector::parse(QStringLiteral("color=gray,!deprecated"), &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(describe(one), (QStringList{QStringLiteral("equals <color> gray"),
                                         QStringLiteral("notexists <deprecated>")}));

    LabelSelector::parse(QStringLiteral("version in v2"), &error);
    QVERIFY(error.startsWith(
        QLatin1String("invalid selector \"version in v2\": expected values like (v1,v2); ")));
}

void TstLabelSelector::successClearsAStaleError()
{
    QString error = QStringLiteral("stale");
    LabelSelector::parse(QStringList{QStringLiteral("color")}, QStringList(), &error);
    QVERIFY(error.isEmpty());
    // A null error pointer is allowed, also for a failing parse.
    QVERIFY(LabelSelector::parse(QStringList{QStringLiteral("color=")}, QStringList(), nullptr)
                .isEmpty());
}

QTEST_GUILESS_MAIN(TstLabelSelector)
#include "tst_labelselector.moc"
