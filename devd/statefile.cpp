#include "statefile.h"

#include "jsonwriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace stellmap {

namespace {

const QLatin1String FormatName("stellmap-devd-state");
constexpr int FormatVersion = 1;

// One appended change: {"revision":N,"op":"put"|"delete"|"noop",...}.
QByteArray encode(const RegistryChange &change)
{
    JsonWriter writer;
    writer.beginObject().key(QLatin1String("revision")).value(change.revision);
    switch (change.op) {
    case RegistryChange::Op::Put:
        writer.member(QLatin1String("op"), QStringLiteral("put"))
            .member(QLatin1String("key"), QString::fromUtf8(change.key))
            .key(QLatin1String("instance"));
        change.value.writeJson(writer);
        break;
    case RegistryChange::Op::Delete:
        writer.member(QLatin1String("op"), QStringLiteral("delete"))
            .member(QLatin1String("key"), QString::fromUtf8(change.key));
        break;
    case RegistryChange::Op::Noop:
        writer.member(QLatin1String("op"), QStringLiteral("noop"));
        if (change.term > 0) {
            writer.key(QLatin1String("term")).value(change.term);
        }
        break;
    }
    writer.endObject().newline();
    return writer.take();
}

// A live instance of the compact form: {"op":"item","key":...,"instance":{...}}.
QByteArray encodeItem(const QByteArray &key, const Instance &instance)
{
    JsonWriter writer;
    writer.beginObject()
        .member(QLatin1String("op"), QStringLiteral("item"))
        .member(QLatin1String("key"), QString::fromUtf8(key))
        .key(QLatin1String("instance"));
    instance.writeJson(writer);
    writer.endObject().newline();
    return writer.take();
}

// The first line: the format and where the compact form stands.
QByteArray header(quint64 revision, quint64 term)
{
    JsonWriter writer;
    writer.beginObject()
        .member(QLatin1String("format"), QString(FormatName))
        .key(QLatin1String("version"))
        .value(FormatVersion)
        .key(QLatin1String("revision"))
        .value(revision)
        .key(QLatin1String("term"))
        .value(term)
        .endObject()
        .newline();
    return writer.take();
}

quint64 readUnsigned(const QJsonObject &object, const char *name)
{
    return quint64(qMax<qint64>(0, object.value(QLatin1String(name)).toInteger()));
}

} // namespace

bool StateFile::open(const QString &path, Items *items, quint64 *revision, quint64 *term,
                     QString *error)
{
    m_path = path;
    items->clear();
    *revision = 0;
    *term = 0;
    QFile input(path);
    if (input.exists()) {
        if (!input.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read state file %1: %2").arg(path, input.errorString());
            return false;
        }
        const QByteArray content = input.readAll();
        input.close();
        const QList<QByteArray> lines = content.split('\n');
        const auto corrupt = [&](qsizetype line, const QString &why) {
            *error =
                QStringLiteral("state file %1 is corrupt at line %2: %3; it was left unchanged "
                               "(move it away to start empty)")
                    .arg(path)
                    .arg(line + 1)
                    .arg(why);
            return false;
        };
        bool appending = false; // past the compact block: only increasing revisions
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            const bool lastLine = i == lines.size() - 1;
            if (line.isEmpty()) {
                if (lastLine || (i == 0 && lines.size() == 1)) {
                    continue;
                }
                return corrupt(i, QStringLiteral("empty line"));
            }
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
            if (!document.isObject()) {
                if (lastLine && i > 0) {
                    // A torn final write: it was never acknowledged.
                    qWarning("stellmap-devd: dropping an incomplete last line of %s",
                             qPrintable(path));
                    continue;
                }
                return corrupt(i, parseError.error != QJsonParseError::NoError
                                      ? parseError.errorString()
                                      : QStringLiteral("not a JSON object"));
            }
            const QJsonObject object = document.object();
            if (i == 0) {
                if (object.value(QLatin1String("format")).toString() != FormatName ||
                    object.value(QLatin1String("version")).toInt() != FormatVersion) {
                    return corrupt(i, QStringLiteral("not a stellmap-devd state file (version %1)")
                                          .arg(FormatVersion));
                }
                *revision = readUnsigned(object, "revision");
                *term = readUnsigned(object, "term");
                continue;
            }
            const QString op = object.value(QLatin1String("op")).toString();
            const QByteArray key = object.value(QLatin1String("key")).toString().toUtf8();
            const QJsonValue instance = object.value(QLatin1String("instance"));
            if (op == QLatin1String("item")) {
                if (appending || key.isEmpty() || !instance.isObject()) {
                    return corrupt(i, QStringLiteral("misplaced or incomplete item"));
                }
                (*items)[key] = Instance::fromJson(instance.toObject());
                continue;
            }
            appending = true;
            const quint64 recordRevision = readUnsigned(object, "revision");
            if (recordRevision <= *revision) {
                // Also what a write that failed, then reached the disk later, would leave.
                return corrupt(i, QStringLiteral("revision %1 does not follow %2")
                                      .arg(recordRevision)
                                      .arg(*revision));
            }
            *revision = recordRevision;
            if (op == QLatin1String("put")) {
                if (key.isEmpty() || !instance.isObject()) {
                    return corrupt(i, QStringLiteral("put without key or instance"));
                }
                (*items)[key] = Instance::fromJson(instance.toObject());
            } else if (op == QLatin1String("delete")) {
                if (key.isEmpty()) {
                    return corrupt(i, QStringLiteral("delete without key"));
                }
                items->erase(key);
            } else if (op == QLatin1String("noop")) {
                *term = qMax(*term, readUnsigned(object, "term"));
            } else {
                return corrupt(i, QStringLiteral("unknown op \"%1\"").arg(op));
            }
        }
    }
    return rewrite(*items, *revision, *term, error);
}

bool StateFile::rewrite(const Items &items, quint64 revision, quint64 term, QString *error)
{
    // The journal in use stays open until the compact file has replaced it.
    QSaveFile output(m_path);
    bool ok = output.open(QIODevice::WriteOnly);
    if (ok) {
        output.write(header(revision, term));
        for (const auto &[key, instance] : items) {
            output.write(encodeItem(key, instance));
        }
        ok = output.commit();
    }
    if (!ok) {
        *error = QStringLiteral("cannot write state file %1: %2").arg(m_path, output.errorString());
        return false;
    }
    m_file.close();
    m_file.setFileName(m_path);
    // Unbuffered: a failed append leaves nothing behind that a later write could flush.
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        *error =
            QStringLiteral("cannot append to state file %1: %2").arg(m_path, m_file.errorString());
        return false;
    }
    m_records = qint64(items.size()) + 1;
    m_nextCompaction = 4 * qint64(items.size()) + 10000;
    return true;
}

bool StateFile::append(const RegistryChange &change, QString *error)
{
    if (!m_file.isOpen()) {
        *error = QStringLiteral("state file %1 is not open").arg(m_path);
        return false;
    }
    const QByteArray line = encode(change);
    const qint64 before = m_file.size();
    if (m_file.write(line) != line.size()) {
        *error =
            QStringLiteral("cannot append to state file %1: %2").arg(m_path, m_file.errorString());
        // Take back a partial line so nothing unacknowledged survives; if even
        // that fails, refuse every further write rather than risk it.
        if (!m_file.resize(before)) {
            m_file.close();
        }
        return false;
    }
    ++m_records;
    return true;
}

bool StateFile::compactIfLarge(const Items &items, quint64 revision, quint64 term, QString *error)
{
    if (m_records < m_nextCompaction) {
        return true;
    }
    if (!rewrite(items, revision, term, error)) {
        m_nextCompaction = m_records * 2; // try again later, not on every write
        return false;
    }
    return true;
}

} // namespace stellmap
