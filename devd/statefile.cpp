#include "statefile.h"

#include "jsonwriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace stellmap {

namespace {

const QLatin1String FormatName("stellmap-devd-state");
constexpr int FormatVersion = 1;

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

QByteArray header()
{
    JsonWriter writer;
    writer.beginObject()
        .member(QLatin1String("format"), QString(FormatName))
        .key(QLatin1String("version"))
        .value(FormatVersion)
        .endObject()
        .newline();
    return writer.take();
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
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            const bool lastLine = i == lines.size() - 1;
            if (line.isEmpty()) {
                if (lastLine || i == 0) {
                    continue;
                }
                return corrupt(i, QStringLiteral("empty line"));
            }
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
            if (!document.isObject()) {
                if (lastLine) {
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
                continue;
            }
            const qint64 recordRevision = object.value(QLatin1String("revision")).toInteger(-1);
            if (recordRevision <= 0 || quint64(recordRevision) < *revision) {
                return corrupt(i, QStringLiteral("revision missing or going backwards"));
            }
            *revision = quint64(recordRevision);
            const QString op = object.value(QLatin1String("op")).toString();
            const QByteArray key = object.value(QLatin1String("key")).toString().toUtf8();
            if (op == QLatin1String("put")) {
                const QJsonValue instance = object.value(QLatin1String("instance"));
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
                *term =
                    qMax(*term,
                         quint64(qMax<qint64>(0, object.value(QLatin1String("term")).toInteger())));
            } else {
                return corrupt(i, QStringLiteral("unknown op \"%1\"").arg(op));
            }
        }
    }
    return rewrite(*items, *revision, *term, error);
}

bool StateFile::rewrite(const Items &items, quint64 revision, quint64 term, QString *error)
{
    m_file.close();
    QSaveFile output(m_path);
    if (!output.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write state file %1: %2").arg(m_path, output.errorString());
        return false;
    }
    output.write(header());
    // The compact form: every live instance at the current revision, then
    // the revision itself (it must survive even with no instance left).
    for (const auto &[key, instance] : items) {
        output.write(encode({revision, RegistryChange::Op::Put, key, instance}));
    }
    if (revision > 0) {
        output.write(encode({revision, RegistryChange::Op::Noop, QByteArray(), Instance(), term}));
    }
    if (!output.commit()) {
        *error = QStringLiteral("cannot write state file %1: %2").arg(m_path, output.errorString());
        return false;
    }
    m_records = qint64(items.size()) + 1;
    m_file.setFileName(m_path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        *error =
            QStringLiteral("cannot append to state file %1: %2").arg(m_path, m_file.errorString());
        return false;
    }
    return true;
}

bool StateFile::append(const RegistryChange &change, QString *error)
{
    const QByteArray line = encode(change);
    if (m_file.write(line) != line.size() || !m_file.flush()) {
        *error =
            QStringLiteral("cannot append to state file %1: %2").arg(m_path, m_file.errorString());
        return false;
    }
    ++m_records;
    return true;
}

bool StateFile::compactIfLarge(const Items &items, quint64 revision, quint64 term, QString *error)
{
    if (m_records < 4 * qint64(items.size()) + 10000) {
        return true;
    }
    return rewrite(items, revision, term, error);
}

} // namespace stellmap
