#include "urlvalues.h"

#include "gotext.h"

#include <optional>

namespace stellmap {

namespace {

// url.QueryUnescape: '+' is a space; a '%' not followed by two hex digits fails.
std::optional<QString> queryUnescape(QByteArrayView text)
{
    QByteArray bytes;
    bytes.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            bytes.append(' ');
        } else if (c == '%') {
            if (i + 2 >= text.size()) {
                return std::nullopt;
            }
            const int high = GoText::hexDigit(text[i + 1]);
            const int low = GoText::hexDigit(text[i + 2]);
            if (high < 0 || low < 0) {
                return std::nullopt;
            }
            bytes.append(char(high * 16 + low));
            i += 2;
        } else {
            bytes.append(c);
        }
    }
    // Go keeps raw bytes: invalid UTF-8 stays distinguishable (see GoText::InvalidUtf8).
    return GoText::fromUtf8(bytes, GoText::InvalidUtf8::KeepRawBytes);
}

} // namespace

UrlValues UrlValues::parse(QByteArrayView rawQuery)
{
    UrlValues values;
    qsizetype start = 0;
    while (start <= rawQuery.size()) {
        qsizetype end = rawQuery.indexOf('&', start);
        if (end < 0) {
            end = rawQuery.size();
        }
        const QByteArrayView pair = rawQuery.sliced(start, end - start);
        start = end + 1;
        if (pair.contains(';') || pair.isEmpty()) {
            continue;
        }
        const qsizetype equals = pair.indexOf('=');
        const QByteArrayView rawKey = equals < 0 ? pair : pair.first(equals);
        const QByteArrayView rawValue = equals < 0 ? QByteArrayView() : pair.sliced(equals + 1);
        const auto key = queryUnescape(rawKey);
        if (!key) {
            continue;
        }
        const auto value = queryUnescape(rawValue);
        if (!value) {
            continue;
        }
        values.m_values[*key].append(*value);
    }
    return values;
}

QString UrlValues::first(const QString &key) const
{
    const auto it = m_values.constFind(key);
    return it == m_values.cend() || it->isEmpty() ? QString() : it->first();
}

QStringList UrlValues::all(const QString &key) const
{
    return m_values.value(key);
}

QueryFilter UrlValues::queryFilter() const
{
    QueryFilter filter;
    filter.namespaceName = first(QStringLiteral("namespace"));
    filter.services = all(QStringLiteral("service"));
    filter.servicePrefixes = all(QStringLiteral("servicePrefix"));
    filter.organization = first(QStringLiteral("organization"));
    filter.businessDomain = first(QStringLiteral("businessDomain"));
    filter.capabilityDomain = first(QStringLiteral("capabilityDomain"));
    filter.application = first(QStringLiteral("application"));
    filter.role = first(QStringLiteral("role"));
    filter.zone = first(QStringLiteral("zone"));
    filter.endpoint = first(QStringLiteral("endpoint"));
    filter.selectors = all(QStringLiteral("selector"));
    filter.labels = all(QStringLiteral("label"));
    filter.limit = first(QStringLiteral("limit"));
    return filter;
}

} // namespace stellmap
