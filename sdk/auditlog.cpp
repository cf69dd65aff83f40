#include "auditlog.h"

#include "jsonwriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>

#include <optional>

namespace stellmap {

namespace {

QByteArray toJsonLine(const AuditEntry &entry)
{
    // Written in a fixed order (time first) so the file reads well with less and grep.
    JsonWriter json;
    json.beginObject()
        .member(QLatin1StringView("time"), entry.time.toString(Qt::ISODateWithMs))
        .member(QLatin1StringView("profile"), entry.profile)
        .member(QLatin1StringView("server"), entry.server)
        .member(QLatin1StringView("action"), entry.action)
        .member(QLatin1StringView("namespace"), entry.namespaceName)
        .member(QLatin1StringView("service"), entry.service)
        .member(QLatin1StringView("instanceId"), entry.instanceId)
        .member(QLatin1StringView("result"), entry.result)
        .member(QLatin1StringView("message"), entry.message)
        .member(QLatin1StringView("requestId"), entry.requestId);
    json.key(QLatin1StringView("maybeApplied")).value(entry.maybeApplied);
    json.endObject().newline();
    return json.take();
}

std::optional<AuditEntry> fromJsonLine(const QByteArray &line)
{
    if (line.trimmed().isEmpty()) {
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    AuditEntry entry;
    entry.time =
        QDateTime::fromString(object.value(QLatin1String("time")).toString(), Qt::ISODateWithMs);
    entry.action = object.value(QLatin1String("action")).toString();
    // Valid JSON that is not a record (hand-edited, another tool's line) is skipped too.
    if (!entry.time.isValid() || entry.action.isEmpty()) {
        return std::nullopt;
    }
    entry.time = entry.time.toUTC();
    entry.profile = object.value(QLatin1String("profile")).toString();
    entry.server = object.value(QLatin1String("server")).toString();
    entry.namespaceName = object.value(QLatin1String("namespace")).toString();
    entry.service = object.value(QLatin1String("service")).toString();
    entry.instanceId = object.value(QLatin1String("instanceId")).toString();
    entry.result = object.value(QLatin1String("result")).toString();
    entry.message = object.value(QLatin1String("message")).toString();
    entry.requestId = object.value(QLatin1String("requestId")).toString();
    entry.maybeApplied = object.value(QLatin1String("maybeApplied")).toBool();
    return entry;
}

void setError(QString *error, const QString &text)
{
    if (error) {
        *error = text;
    }
}

} // namespace

QString AuditLog::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QLatin1String("/audit.jsonl");
}

AuditLog::AuditLog(const QString &path, qint64 maxBytes, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_maxBytes(qMax<qint64>(1, maxBytes))
{}

QString AuditLog::rotatedPath() const
{
    return m_path + QLatin1String(".1");
}

QString AuditLog::redactUrl(const QString &url)
{
    // Done on the text rather than with QUrl: a password typed with an
    // unencoded '/', '?' or '#' must not survive because QUrl read the URL
    // differently than the user meant it.
    const QString text = url.trimmed();
    const qsizetype schemeEnd = text.indexOf(QLatin1String("://"));
    const qsizetype authority = schemeEnd >= 0 ? schemeEnd + 3 : 0;
    const qsizetype at = text.lastIndexOf(u'@');
    const QRegularExpression queryStart(QStringLiteral("[?#]"));
    const qsizetype query = text.indexOf(queryStart, authority);
    if (at >= authority && query >= 0 && at > query) {
        // "host/?mail=a@b" or "user:p?ss@host": the two readings keep different text,
        // and each of them could hide a secret in what the other keeps.
        return text.left(authority) + QLatin1String("(redacted)");
    }
    const qsizetype start = at >= authority ? at + 1 : authority;
    const qsizetype end = query >= 0 ? query : text.size();
    return text.left(authority) + text.mid(start, end - start);
}

QString AuditLog::redactText(const QString &text)
{
    static const QRegularExpression url(QStringLiteral("[A-Za-z][A-Za-z0-9+.-]*://\\S+"));
    // Token-like words only (16+ characters): "missing bearer token" stays readable.
    static const QRegularExpression bearer(QStringLiteral("\\b(bearer)\\s+[A-Za-z0-9._~+/=-]{16,}"),
                                           QRegularExpression::CaseInsensitiveOption);
    QString out;
    qsizetype last = 0;
    for (auto it = url.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        out += QStringView(text).mid(last, match.capturedStart() - last);
        out += redactUrl(match.captured());
        last = match.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out.replace(bearer, QStringLiteral("\\1 (redacted)"));
}

AuditEntry AuditLog::redacted(const AuditEntry &entry)
{
    AuditEntry out = entry;
    out.time = (entry.time.isValid() ? entry.time : QDateTime::currentDateTimeUtc()).toUTC();
    out.server = redactUrl(entry.server);
    out.message = redactText(entry.message);
    return out;
}

bool AuditLog::append(const AuditEntry &input, QString *error)
{
    const AuditEntry entry = redacted(input);
    QByteArray line = toJsonLine(entry);

    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        setError(error, QStringLiteral("cannot create the directory %1").arg(info.absolutePath()));
        return false;
    }
    if (info.isFile() && info.size() > 0 && info.size() + line.size() > m_maxBytes) {
        // Best effort: a record is worth more than the bound.
        rotate();
    }

    QFile file(m_path);
    // Unbuffered: the line goes out in one write(2) on an O_APPEND descriptor,
    // so records from two browser processes do not interleave.
    if (!file.open(QIODevice::ReadWrite | QIODevice::Append | QIODevice::Unbuffered)) {
        setError(error, QStringLiteral("cannot open %1: %2").arg(m_path, file.errorString()));
        return false;
    }
    // A line cut short earlier (crash, full disk) must not swallow this one.
    char lastByte = '\n';
    if (file.size() > 0 && file.seek(file.size() - 1) && file.getChar(&lastByte) &&
        lastByte != '\n') {
        line.prepend('\n');
    }
    if (file.write(line) != line.size() || !file.flush()) {
        setError(error, QStringLiteral("cannot write %1: %2").arg(m_path, file.errorString()));
        return false;
    }
    file.close();
    Q_EMIT appended(entry);
    return true;
}

bool AuditLog::rotate()
{
    const QString old = rotatedPath();
    if (QFile::exists(old) && !QFile::remove(old)) {
        return false;
    }
    return QFile::rename(m_path, old);
}

QList<AuditEntry> AuditLog::read(qsizetype maxEntries) const
{
    QList<AuditEntry> entries;
    for (const QString &path : {m_path, rotatedPath()}) {
        if (entries.size() >= maxEntries) {
            break;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            continue;
        }
        const QByteArray data = file.readAll();
        // Backwards from the end: the newest records are the ones asked for.
        qsizetype end = data.size();
        while (end > 0 && entries.size() < maxEntries) {
            const qsizetype newline = data.lastIndexOf('\n', end - 1);
            if (auto entry = fromJsonLine(data.mid(newline + 1, end - newline - 1))) {
                entries.append(*entry);
            }
            end = newline;
        }
    }
    return entries;
}

} // namespace stellmap
