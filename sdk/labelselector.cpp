#include "labelselector.h"

#include <optional>

#include "gotext.h"

#include <QSet>

namespace stellmap {

namespace {

const QLatin1String syntaxGuide(
    "; supported selector syntax: key, !key, key=value, key!=value, key in (v1,v2), key notin "
    "(v1,v2); valid example: selector=color=gray,version in (v2),!deprecated; invalid example: "
    "selector=version in v2");
const QLatin1String legacyExample("; legacy label example: label=color=gray");

QString invalidSelector(const QString &quotedText, const char *why)
{
    return QLatin1String("invalid selector ") + GoText::quote(quotedText) + QLatin1String(": ") +
           QLatin1String(why);
}

// Splits at commas outside parentheses; \a raw is already trimmed and not blank.
bool splitExpressions(const QString &raw, QStringList *out, QString *error)
{
    qsizetype start = 0;
    int depth = 0;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw.at(i);
        if (c == QLatin1Char('(')) {
            ++depth;
        } else if (c == QLatin1Char(')')) {
            if (--depth < 0) {
                *error = invalidSelector(raw, "unexpected closing parenthesis");
                return false;
            }
        } else if (c == QLatin1Char(',') && depth == 0) {
            const QString expression = GoText::trimSpace(raw.mid(start, i - start));
            if (expression.isEmpty()) {
                *error = invalidSelector(raw, "empty requirement");
                return false;
            }
            out->append(expression);
            start = i + 1;
        }
    }
    if (depth != 0) {
        *error = invalidSelector(raw, "unbalanced parentheses");
        return false;
    }
    const QString tail = GoText::trimSpace(raw.mid(start));
    if (tail.isEmpty()) {
        *error = invalidSelector(raw, "empty requirement");
        return false;
    }
    out->append(tail);
    return true;
}

enum class SetParse
{
    NotASet,
    Parsed,
    Failed
};

SetParse parseSetExpression(const QString &expression, LabelSelector::Requirement *requirement,
                            QString *error)
{
    // The server finds the operator in strings.ToLower(expression) and cuts
    // the original at that byte offset; lower-casing can change byte lengths
    // (İ, K, invalid bytes), so work on UTF-8 bytes as it does.
    const QByteArray bytes = GoText::toUtf8(expression);
    const QByteArray lower = GoText::toLowerUtf8(bytes);
    const struct
    {
        QLatin1String token;
        LabelSelector::Operator op;
    } candidates[] = {{QLatin1String(" notin"), LabelSelector::Operator::NotIn},
                      {QLatin1String(" in"), LabelSelector::Operator::In}};
    for (const auto &candidate : candidates) {
        const qsizetype index =
            lower.indexOf(QByteArrayView(candidate.token.data(), candidate.token.size()));
        if (index < 0) {
            continue;
        }
        if (index + candidate.token.size() > bytes.size()) {
            // The server would slice past the end and fail without an answer.
            *error = invalidSelector(expression, "its lower-case form is longer than itself, which "
                                                 "the server cannot parse");
            return SetParse::Failed;
        }
        const auto text = [](QByteArrayView part) {
            return GoText::trimSpace(GoText::fromUtf8(part, GoText::InvalidUtf8::KeepRawBytes));
        };
        const QString key = text(QByteArrayView(bytes).first(index));
        if (key.isEmpty()) {
            *error = invalidSelector(expression, "key is required");
            return SetParse::Failed;
        }
        const QString valuesText =
            text(QByteArrayView(bytes).sliced(index + candidate.token.size()));
        if (!valuesText.startsWith(QLatin1Char('(')) || !valuesText.endsWith(QLatin1Char(')'))) {
            *error = invalidSelector(expression, "expected values like (v1,v2)");
            return SetParse::Failed;
        }
        const QString inner = valuesText.mid(1, valuesText.size() - 2); // "(...)", at least 2 long
        QStringList values;
        QSet<QString> seen;
        for (const QString &item : inner.split(QLatin1Char(','))) {
            const QString value = GoText::trimSpace(item);
            if (value.isEmpty()) {
                *error = invalidSelector(expression, "selector set values cannot be empty");
                return SetParse::Failed;
            }
            if (!seen.contains(value)) {
                seen.insert(value);
                values.append(value);
            }
        }
        *requirement = {key, candidate.op, values};
        return SetParse::Parsed;
    }
    return SetParse::NotASet;
}

bool parseExpression(const QString &expression, LabelSelector::Requirement *requirement,
                     QString *error)
{
    switch (parseSetExpression(expression, requirement, error)) {
    case SetParse::Parsed:
        return true;
    case SetParse::Failed:
        return false;
    case SetParse::NotASet:
        break;
    }
    const struct
    {
        QLatin1String token;
        LabelSelector::Operator op;
    } binaries[] = {{QLatin1String("!="), LabelSelector::Operator::NotEquals},
                    {QLatin1String("=="), LabelSelector::Operator::Equals},
                    {QLatin1String("="), LabelSelector::Operator::Equals}};
    for (const auto &binary : binaries) {
        const qsizetype index = expression.indexOf(binary.token);
        if (index < 0) {
            continue;
        }
        const QString key = GoText::trimSpace(expression.left(index));
        const QString value = GoText::trimSpace(expression.mid(index + binary.token.size()));
        if (key.isEmpty() || value.isEmpty()) {
            *error = invalidSelector(expression, "key and value are required");
            return false;
        }
        *requirement = {key, binary.op, {value}};
        return true;
    }
    if (expression.startsWith(QLatin1Char('!'))) {
        const QString key = GoText::trimSpace(expression.mid(1));
        if (key.isEmpty()) {
            *error = invalidSelector(expression, "key is required");
            return false;
        }
        *requirement = {key, LabelSelector::Operator::NotExists, {}};
        return true;
    }
    *requirement = {expression, LabelSelector::Operator::Exists, {}};
    return true;
}

} // namespace

LabelSelector LabelSelector::parse(const QStringList &selectors, const QStringList &legacyLabels,
                                   QString *error)
{
    LabelSelector selector;
    QString message;
    for (const QString &item : selectors) {
        const QString raw = GoText::trimSpace(item);
        if (raw.isEmpty()) {
            continue;
        }
        QStringList expressions;
        if (!splitExpressions(raw, &expressions, &message)) {
            break;
        }
        for (const QString &expression : expressions) {
            Requirement requirement;
            if (!parseExpression(expression, &requirement, &message)) {
                break;
            }
            selector.m_requirements.append(requirement);
        }
        if (!message.isEmpty()) {
            break;
        }
    }
    if (!message.isEmpty()) {
        if (error) {
            *error = message + syntaxGuide;
        }
        return {};
    }
    for (const QString &item : legacyLabels) {
        const QString raw = GoText::trimSpace(item);
        if (raw.isEmpty()) {
            continue;
        }
        const qsizetype equals = raw.indexOf(QLatin1Char('='));
        if (equals < 0) {
            message = QLatin1String("invalid legacy label filter ") + GoText::quote(raw) +
                      QLatin1String(", expected key=value");
            break;
        }
        const QString key = GoText::trimSpace(raw.left(equals));
        const QString value = GoText::trimSpace(raw.mid(equals + 1));
        if (key.isEmpty() || value.isEmpty()) {
            message = QLatin1String("invalid legacy label filter ") + GoText::quote(raw) +
                      QLatin1String(", key and value are required");
            break;
        }
        selector.m_requirements.append({key, Operator::Equals, {value}});
    }
    if (!message.isEmpty()) {
        if (error) {
            *error = message + legacyExample;
        }
        return {};
    }
    if (error) {
        error->clear();
    }
    selector.compile();
    return selector;
}

LabelSelector LabelSelector::parse(const QString &selector, QString *error)
{
    return parse(QStringList{selector}, QStringList(), error);
}

namespace {

//! The operators' meaning, for labels read as QStrings or as UTF-8.
template<typename Value, typename Values>
bool holds(LabelSelector::Operator op, const std::optional<Value> &value, const Values &values)
{
    using Operator = LabelSelector::Operator;
    switch (op) {
    case Operator::Exists:
        return value.has_value();
    case Operator::NotExists:
        return !value;
    case Operator::Equals:
        return value && *value == values.value(0);
    case Operator::NotEquals:
        return !value || *value != values.value(0);
    case Operator::In:
        return value && values.contains(*value);
    case Operator::NotIn:
        return !value || !values.contains(*value);
    }
    return false;
}

} // namespace

bool LabelSelector::Requirement::matches(const StringMap &labels) const
{
    const auto it = labels.constFind(key);
    return holds(op, it == labels.cend() ? std::nullopt : std::optional<QString>(*it), values);
}

void LabelSelector::compile()
{
    m_compiled.clear();
    for (const Requirement &requirement : std::as_const(m_requirements)) {
        Compiled compiled{requirement.key.toUtf8(), requirement.op, {}};
        for (const QString &value : requirement.values) {
            compiled.values.append(value.toUtf8());
        }
        m_compiled.append(compiled);
    }
}

bool LabelSelector::matches(const InstanceRecord &record) const
{
    for (const Compiled &requirement : m_compiled) {
        if (!holds(requirement.op, record.labelUtf8(requirement.key), requirement.values)) {
            return false;
        }
    }
    return true;
}

bool LabelSelector::matches(const StringMap &labels) const
{
    for (const Requirement &requirement : m_requirements) {
        if (!requirement.matches(labels)) {
            return false;
        }
    }
    return true;
}

} // namespace stellmap
