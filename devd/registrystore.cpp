#include "registrystore.h"

#include "gotext.h"

namespace stellmap {

namespace {
const QByteArray RootPrefix = QByteArrayLiteral("/registry/");
}

RegistryStore::RegistryStore(QObject *parent)
    : QObject(parent)
{}

RegistryStore::~RegistryStore() = default;

bool RegistryStore::openStateFile(const QString &path, QString *error)
{
    auto file = std::make_unique<StateFile>();
    Items items;
    quint64 revision = 0;
    quint64 term = 0;
    if (!file->open(path, &items, &revision, &term, error)) {
        return false;
    }
    m_items = std::move(items);
    m_appliedIndex = revision;
    m_term = term;
    m_restored = revision > 0;
    m_stateFile = std::move(file);
    return true;
}

const Instance *RegistryStore::find(const QByteArray &key) const
{
    const auto it = m_items.find(key);
    return it == m_items.end() ? nullptr : &it->second;
}

quint64 RegistryStore::apply(RegistryChange change, QString *error)
{
    change.revision = m_appliedIndex + 1;
    if (m_stateFile) {
        if (!m_stateFile->append(change, error)) {
            return 0;
        }
    }
    m_appliedIndex = change.revision;
    switch (change.op) {
    case RegistryChange::Op::Put:
        m_items[change.key] = change.value;
        break;
    case RegistryChange::Op::Delete:
        m_items.erase(change.key);
        break;
    case RegistryChange::Op::Noop:
        m_term = qMax(m_term, change.term);
        break;
    }
    if (m_stateFile) {
        QString compactError;
        if (!m_stateFile->compactIfLarge(m_items, m_appliedIndex, m_term, &compactError)) {
            qWarning("stellmap-devd: %s", qPrintable(compactError));
        }
    }
    Q_EMIT changeApplied(change);
    return change.revision;
}

quint64 RegistryStore::put(const QByteArray &key, const Instance &value, QString *error)
{
    return apply({0, RegistryChange::Op::Put, key, value}, error);
}

quint64 RegistryStore::remove(const QByteArray &key, QString *error)
{
    return apply({0, RegistryChange::Op::Delete, key, Instance()}, error);
}

quint64 RegistryStore::appendNoop(quint64 term, QString *error)
{
    return apply({0, RegistryChange::Op::Noop, QByteArray(), Instance(), term}, error);
}

quint64 RegistryStore::registerInstance(const RegisterRequest &request, qint64 nowUnix,
                                        QString *error)
{
    Instance value;
    value.key = request.key;
    value.zone = request.zone;
    value.labels = request.labels;
    value.metadata = request.metadata;
    value.endpoints = request.endpoints;
    value.leaseTtlSeconds =
        request.leaseTtlSeconds > 0 ? request.leaseTtlSeconds : DefaultLeaseTtlSeconds;
    value.registeredAtUnix = nowUnix;
    value.lastHeartbeatUnix = nowUnix;
    return put(key(request.key), value, error);
}

quint64 RegistryStore::renewLease(const HeartbeatRequest &request, qint64 nowUnix, QString *error)
{
    const QByteArray instanceKey = key(request.key);
    const Instance *existing = find(instanceKey);
    if (!existing) {
        return 0;
    }
    Instance renewed = *existing;
    if (request.leaseTtlSeconds > 0) {
        renewed.leaseTtlSeconds = request.leaseTtlSeconds;
    } else if (renewed.leaseTtlSeconds <= 0) {
        renewed.leaseTtlSeconds = renewed.effectiveLeaseTtl();
    }
    renewed.lastHeartbeatUnix = nowUnix;
    return put(instanceKey, renewed, error);
}

int RegistryStore::cleanupExpired(qint64 nowUnix, int limit, QByteArray *cursor)
{
    // Like the server: scan `limit` keys from the cursor, move the cursor past
    // them (or back to the start after a short page), delete expired ones.
    auto it = m_items.lower_bound(cursor->isEmpty() ? RootPrefix : *cursor);
    QList<QByteArray> expired;
    int scanned = 0;
    QByteArray lastKey;
    for (; it != m_items.end() && scanned < limit && it->first.startsWith(RootPrefix); ++it) {
        ++scanned;
        lastKey = it->first;
        if (!it->second.isAlive(nowUnix)) {
            expired.append(it->first);
        }
    }
    *cursor = (scanned == 0 || scanned < limit) ? QByteArray() : lastKey + '\0';
    int deleted = 0;
    for (const QByteArray &key : std::as_const(expired)) {
        QString error;
        if (remove(key, &error) == 0) {
            qWarning("stellmap-devd: lease cleanup failed: %s", qPrintable(error));
            break;
        }
        if (++deleted >= limit) {
            break;
        }
    }
    return deleted;
}

QByteArray RegistryStore::key(const QString &namespaceName, const QString &service,
                              const QString &instanceId)
{
    return RootPrefix + namespaceName.toUtf8() + '/' + service.toUtf8() + '/' + instanceId.toUtf8();
}

QByteArray RegistryStore::key(const InstanceKey &instanceKey)
{
    return key(instanceKey.namespaceName, instanceKey.service.service, instanceKey.instanceId);
}

QByteArray RegistryStore::namespacePrefix(const QString &namespaceName)
{
    return RootPrefix + GoText::toUtf8(GoText::trimSpace(namespaceName)) + '/';
}

bool RegistryStore::parseKey(const QByteArray &key, QString *namespaceName, QString *service,
                             QString *instanceId)
{
    if (!key.startsWith(RootPrefix)) {
        return false;
    }
    const QList<QByteArray> parts = key.mid(RootPrefix.size()).split('/');
    if (parts.size() != 3) {
        return false;
    }
    QString decoded[3];
    for (int i = 0; i < 3; ++i) {
        decoded[i] = QString::fromUtf8(parts.at(i));
        if (GoText::trimSpace(decoded[i]).isEmpty()) {
            return false;
        }
    }
    *namespaceName = decoded[0];
    *service = decoded[1];
    *instanceId = decoded[2];
    return true;
}

} // namespace stellmap
