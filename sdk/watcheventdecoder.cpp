#include "watcheventdecoder.h"

#include <simdjson.h>

#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace stellmap {

namespace {

using namespace simdjson;

//! UTF-8 text → its shared QString, so a repeated text is converted and allocated once.
class TextPool
{
public:
    QString get(std::string_view utf8)
    {
        const auto it = m_texts.find(utf8);
        if (it != m_texts.end()) {
            return it->second;
        }
        if (m_texts.size() >= MaxTexts) {
            m_texts.clear(); // unique texts must not pile up; the common ones come back
        }
        QString text = QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
        m_texts.emplace(std::string(utf8), text);
        return text;
    }

private:
    static constexpr size_t MaxTexts = 1 << 18;
    struct Hash
    {
        using is_transparent = void;
        size_t operator()(std::string_view text) const
        {
            return std::hash<std::string_view>{}(text);
        }
    };
    std::unordered_map<std::string, QString, Hash, std::equal_to<>> m_texts;
};

QString unique(std::string_view utf8)
{
    return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
}

//! The member's text, or nothing when it is not a string (lenient).
bool readText(ondemand::value value, std::string_view *text)
{
    return value.get_string().get(*text) == SUCCESS;
}

qint64 readInt64(ondemand::value value)
{
    int64_t number = 0;
    return value.get_int64().get(number) == SUCCESS ? number : 0;
}

qint32 readInt32(ondemand::value value)
{
    const qint64 number = readInt64(value);
    return number < std::numeric_limits<qint32>::min() ||
                   number > std::numeric_limits<qint32>::max()
               ? 0
               : qint32(number);
}

//! Reports the first error met; later reads are skipped.
struct Status
{
    error_code error = SUCCESS;
    bool failed(error_code code)
    {
        if (code != SUCCESS && error == SUCCESS) {
            error = code;
        }
        return error != SUCCESS;
    }
};

//! Calls \a read(key, value) for each member until an error is met.
template<typename Read>
void forEachMember(ondemand::object object, Status &status, Read &&read)
{
    for (auto field : object) {
        std::string_view key;
        ondemand::value value;
        if (status.failed(field.unescaped_key().get(key)) ||
            status.failed(field.value().get(value))) {
            return;
        }
        read(key, value);
        if (status.error != SUCCESS) {
            return;
        }
    }
}

//! The member's text through the pool; empty when it is not a string.
QString pooledText(ondemand::value value, TextPool &pool)
{
    std::string_view text;
    return readText(value, &text) ? pool.get(text) : QString();
}

/*!
 * Reads \a key if it is one of the identity members an instance and an event
 * share (namespace, service, the five parts, instanceId); false otherwise.
 */
bool readIdentity(std::string_view key, ondemand::value value, TextPool &pool,
                  QString *namespaceName, ServiceName *service, QString *instanceId)
{
    QString *pooled = key == "namespace"          ? namespaceName
                      : key == "service"          ? &service->service
                      : key == "organization"     ? &service->organization
                      : key == "businessDomain"   ? &service->businessDomain
                      : key == "capabilityDomain" ? &service->capabilityDomain
                      : key == "application"      ? &service->application
                      : key == "role"             ? &service->role
                                                  : nullptr;
    if (pooled) {
        *pooled = pooledText(value, pool);
        return true;
    }
    if (key == "instanceId") {
        std::string_view text;
        *instanceId = readText(value, &text) ? unique(text) : QString(); // rarely repeats
        return true;
    }
    return false;
}

StringMap readStringMap(ondemand::value value, TextPool &pool, bool pooledValues, Status &status)
{
    StringMap map;
    ondemand::object object;
    if (value.get_object().get(object) != SUCCESS) {
        return map;
    }
    forEachMember(object, status, [&](std::string_view key, ondemand::value member) {
        // A value that is not a string reads as empty, like QJsonValue::toString().
        std::string_view text;
        const bool isText = readText(member, &text);
        map.insert(pool.get(key), !isText        ? QString()
                                  : pooledValues ? pool.get(text)
                                                 : unique(text));
    });
    return map;
}

Endpoint readEndpoint(ondemand::object object, TextPool &pool, Status &status)
{
    Endpoint endpoint;
    forEachMember(object, status, [&](std::string_view key, ondemand::value value) {
        if (key == "name") {
            endpoint.name = pooledText(value, pool);
        } else if (key == "protocol") {
            endpoint.protocol = pooledText(value, pool);
        } else if (key == "host") {
            endpoint.host = pooledText(value, pool);
        } else if (key == "port") {
            endpoint.port = readInt32(value);
        } else if (key == "path") {
            endpoint.path = pooledText(value, pool);
        } else if (key == "weight") {
            endpoint.weight = readInt32(value);
        }
    });
    return endpoint;
}

Instance readInstance(ondemand::object object, TextPool &pool, Status &status)
{
    Instance instance;
    forEachMember(object, status, [&](std::string_view key, ondemand::value value) {
        if (readIdentity(key, value, pool, &instance.key.namespaceName, &instance.key.service,
                         &instance.key.instanceId)) {
            return;
        }
        if (key == "zone") {
            instance.zone = pooledText(value, pool);
        } else if (key == "labels") {
            instance.labels = readStringMap(value, pool, true, status);
        } else if (key == "metadata") {
            // Metadata values (build ids, pids) rarely repeat: not worth pooling.
            instance.metadata = readStringMap(value, pool, false, status);
        } else if (key == "endpoints") {
            ondemand::array array;
            if (value.get_array().get(array) != SUCCESS) {
                return;
            }
            for (auto item : array) {
                ondemand::object endpoint;
                if (status.failed(item.error())) {
                    return;
                }
                instance.endpoints.append(item.get_object().get(endpoint) == SUCCESS
                                              ? readEndpoint(endpoint, pool, status)
                                              : Endpoint());
            }
        } else if (key == "leaseTtlSeconds") {
            instance.leaseTtlSeconds = readInt64(value);
        } else if (key == "registeredAtUnix") {
            instance.registeredAtUnix = readInt64(value);
        } else if (key == "lastHeartbeatUnix") {
            instance.lastHeartbeatUnix = readInt64(value);
        }
    });
    return instance;
}

std::optional<WatchEvent::Type> typeFromName(std::string_view name)
{
    if (name == "snapshot") {
        return WatchEvent::Type::Snapshot;
    }
    if (name == "upsert") {
        return WatchEvent::Type::Upsert;
    }
    if (name == "delete") {
        return WatchEvent::Type::Delete;
    }
    return std::nullopt;
}

//! Skips a JSON string starting at data[pos] == '"'; the index after its closing quote, or -1.
qsizetype skipString(const char *data, qsizetype size, qsizetype pos)
{
    for (++pos; pos < size; ++pos) {
        const char c = data[pos];
        if (c == '\\') {
            ++pos;
        } else if (c == '"') {
            return pos + 1;
        }
    }
    return -1;
}

qsizetype skipSpace(const char *data, qsizetype size, qsizetype pos)
{
    while (pos < size &&
           (data[pos] == ' ' || data[pos] == '\t' || data[pos] == '\n' || data[pos] == '\r')) {
        ++pos;
    }
    return pos;
}

//! The end (one past) of the object or array opening at data[pos], or -1.
qsizetype skipContainer(const char *data, qsizetype size, qsizetype pos)
{
    int depth = 0;
    while (pos < size) {
        const char c = data[pos];
        if (c == '"') {
            pos = skipString(data, size, pos);
            if (pos < 0) {
                return -1;
            }
            continue;
        }
        if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) {
                return pos + 1;
            }
        }
        ++pos;
    }
    return -1;
}

//! Where the top-level member "instances" holds an array: [open, end) of that array.
bool findInstancesArray(const char *data, qsizetype size, qsizetype *open, qsizetype *end)
{
    qsizetype pos = skipSpace(data, size, 0);
    if (pos >= size || data[pos] != '{') {
        return false;
    }
    ++pos;
    while (true) {
        pos = skipSpace(data, size, pos);
        if (pos >= size || data[pos] != '"') {
            return false;
        }
        const qsizetype keyStart = pos + 1;
        pos = skipString(data, size, pos);
        if (pos < 0) {
            return false;
        }
        const std::string_view key(data + keyStart, size_t(pos - 1 - keyStart));
        pos = skipSpace(data, size, pos);
        if (pos >= size || data[pos] != ':') {
            return false;
        }
        pos = skipSpace(data, size, pos + 1);
        if (pos >= size) {
            return false;
        }
        const char first = data[pos];
        if (key == "instances" && first == '[') {
            *open = pos;
            *end = skipContainer(data, size, pos);
            return *end > 0;
        }
        if (first == '"') {
            pos = skipString(data, size, pos);
        } else if (first == '{' || first == '[') {
            pos = skipContainer(data, size, pos);
        } else {
            while (pos < size && data[pos] != ',' && data[pos] != '}') {
                ++pos;
            }
        }
        if (pos < 0) {
            return false;
        }
        pos = skipSpace(data, size, pos);
        if (pos >= size || data[pos] != ',') {
            return false; // the end of the object without an instances array
        }
        ++pos;
    }
}

} // namespace

struct WatchEventDecoder::Parser
{
    ondemand::parser parser;
    //! One snapshot instance plus the padding simdjson reads past its end.
    std::vector<char> buffer;
    TextPool pool;
};

WatchEventDecoder::WatchEventDecoder()
    : m_parser(std::make_unique<Parser>())
{}

WatchEventDecoder::~WatchEventDecoder() = default;

std::optional<WatchEvent> WatchEventDecoder::decode(const QString &eventName, QByteArray data,
                                                    const QString &lastEventId, QString *error)
{
    if (data.size() > SplitAbove) {
        qsizetype open = 0;
        qsizetype end = 0;
        if (findInstancesArray(data.constData(), data.size(), &open, &end)) {
            return decodeSplit(eventName, data, open, end, lastEventId, error);
        }
    }
    return decodeWhole(eventName, std::move(data), lastEventId, error);
}

std::optional<WatchEvent> WatchEventDecoder::decodeSplit(const QString &eventName,
                                                         const QByteArray &data, qsizetype open,
                                                         qsizetype end, const QString &lastEventId,
                                                         QString *error)
{
    // The members around the array, then each instance on its own: the parser's
    // buffers stay the size of one instance instead of the whole snapshot.
    QByteArray skeleton = data.left(open);
    skeleton += "[]";
    skeleton += QByteArrayView(data).sliced(end);
    std::optional<WatchEvent> event =
        decodeWhole(eventName, std::move(skeleton), lastEventId, error);
    if (!event || event->type != WatchEvent::Type::Snapshot) {
        return event;
    }
    const char *bytes = data.constData();
    qsizetype pos = skipSpace(bytes, end, open + 1);
    while (pos < end - 1) {
        qsizetype next = bytes[pos] == '{' ? skipContainer(bytes, end, pos) : -1;
        if (next < 0) {
            // Not an object: read like the whole-document path (an empty instance).
            next = pos;
            while (next < end - 1 && bytes[next] != ',') {
                next += bytes[next] == '"' ? qMax<qsizetype>(1, skipString(bytes, end, next) - next)
                                           : 1;
            }
            event->instances.append(Instance());
        } else {
            Instance instance;
            if (!decodeInstance(QByteArrayView(bytes + pos, next - pos), &instance, error)) {
                return std::nullopt;
            }
            event->instances.append(std::move(instance));
        }
        pos = skipSpace(bytes, end, next);
        if (pos < end - 1 && bytes[pos] == ',') {
            pos = skipSpace(bytes, end, pos + 1);
        }
    }
    return event;
}

bool WatchEventDecoder::decodeInstance(QByteArrayView json, Instance *instance, QString *error)
{
    Status status;
    std::vector<char> &buffer = m_parser->buffer;
    buffer.resize(size_t(json.size()) + SIMDJSON_PADDING);
    std::memcpy(buffer.data(), json.data(), size_t(json.size()));
    std::memset(buffer.data() + json.size(), 0, SIMDJSON_PADDING);
    ondemand::document document;
    ondemand::object object;
    if (status.failed(
            m_parser->parser
                .iterate(padded_string_view(buffer.data(), size_t(json.size()), buffer.size()))
                .get(document)) ||
        status.failed(document.get_object().get(object))) {
        if (error) {
            *error = QStringLiteral("watch event is not a JSON object: %1")
                         .arg(QString::fromUtf8(error_message(status.error)));
        }
        return false;
    }
    *instance = readInstance(object, m_parser->pool, status);
    if (status.error != SUCCESS && error) {
        *error = QStringLiteral("watch event is not a JSON object: %1")
                     .arg(QString::fromUtf8(error_message(status.error)));
    }
    return status.error == SUCCESS;
}

std::optional<WatchEvent> WatchEventDecoder::decodeWhole(const QString &eventName, QByteArray data,
                                                         const QString &lastEventId, QString *error)
{
    if (error) {
        error->clear();
    }
    const auto fail = [&](const QString &message) -> std::optional<WatchEvent> {
        if (error) {
            *error = message;
        }
        return std::nullopt;
    };
    if (eventName == QLatin1String("ping") || eventName == QLatin1String("heartbeat") ||
        eventName == QLatin1String("keepalive")) {
        return std::nullopt;
    }
    if (QByteArrayView(data).trimmed().isEmpty()) {
        return fail(QLatin1String("watch event \"") + eventName + QLatin1String("\" has no data"));
    }
    const auto notObject = [&](error_code code) {
        return fail(QStringLiteral("watch event is not a JSON object: %1")
                        .arg(QString::fromUtf8(error_message(code))));
    };

    // simdjson reads a little past the end: pad the payload in place. reserve()
    // is the one check that counts free space at both ends and sharing (a shared
    // payload is copied here, once); it does nothing when the room is there.
    const qsizetype size = data.size();
    data.reserve(size + qsizetype(SIMDJSON_PADDING));
    char *bytes = data.data();
    std::memset(bytes + size, 0, SIMDJSON_PADDING);
    ondemand::document document;
    error_code code =
        m_parser->parser
            .iterate(padded_string_view(bytes, size_t(size), size_t(size) + SIMDJSON_PADDING))
            .get(document);
    ondemand::object object;
    if (code != SUCCESS || (code = document.get_object().get(object)) != SUCCESS) {
        return notObject(code);
    }

    TextPool &pool = m_parser->pool;
    Status status;
    WatchEvent event;
    std::optional<WatchEvent::Type> type;
    bool hasTypeMember = false;
    bool hasInstance = false;
    QString unknownType;
    forEachMember(object, status, [&](std::string_view key, ondemand::value value) {
        if (!unknownType.isEmpty() || readIdentity(key, value, pool, &event.namespaceName,
                                                   &event.service, &event.instanceId)) {
            return;
        }
        if (key == "revision") {
            uint64_t revision = 0;
            // Exact to 2^64 - 1; anything else (a string, a fraction) falls back to the id.
            event.revision = value.get_uint64().get(revision) == SUCCESS ? revision : 0;
        } else if (key == "type") {
            std::string_view typeText;
            if (readText(value, &typeText)) {
                hasTypeMember = true;
                type = typeFromName(typeText);
                if (!type) {
                    unknownType = unique(typeText);
                }
            }
        } else if (key == "instance") {
            ondemand::object instance;
            if (value.get_object().get(instance) == SUCCESS) {
                event.instance = readInstance(instance, pool, status);
                hasInstance = true;
            }
        } else if (key == "instances") {
            ondemand::array array;
            if (value.get_array().get(array) != SUCCESS) {
                return;
            }
            for (auto item : array) {
                ondemand::object instance;
                if (status.failed(item.error())) {
                    return;
                }
                event.instances.append(item.get_object().get(instance) == SUCCESS
                                           ? readInstance(instance, pool, status)
                                           : Instance());
                if (status.error != SUCCESS) {
                    return;
                }
            }
        }
    });
    if (!unknownType.isEmpty()) {
        return fail(QLatin1String("unknown watch event type \"") + unknownType + QLatin1Char('"'));
    }
    if (status.error != SUCCESS) {
        return notObject(status.error);
    }
    if (!hasTypeMember) {
        QByteArray name = eventName.toUtf8();
        type = typeFromName(std::string_view(name.constData(), size_t(name.size())));
        if (!type) {
            return fail(QLatin1String("unknown watch event type \"") + eventName +
                        QLatin1Char('"'));
        }
    }
    event.type = *type;
    if (event.revision == 0) {
        bool ok = false;
        event.revision = lastEventId.trimmed().toULongLong(&ok);
        if (!ok) {
            event.revision = 0;
        }
    }
    switch (event.type) {
    case WatchEvent::Type::Snapshot:
        event.instance.reset();
        break;
    case WatchEvent::Type::Upsert:
        if (!hasInstance) {
            return fail(QStringLiteral("upsert event without an instance"));
        }
        // The key of the change is the event's own; fill gaps from the instance.
        if (event.namespaceName.isEmpty()) {
            event.namespaceName = event.instance->key.namespaceName;
        }
        if (event.service.service.isEmpty()) {
            event.service = event.instance->key.service;
        }
        if (event.instanceId.isEmpty()) {
            event.instanceId = event.instance->key.instanceId;
        }
        event.instances.clear();
        break;
    case WatchEvent::Type::Delete:
        event.instance.reset();
        event.instances.clear();
        break;
    }
    return event;
}

} // namespace stellmap
