#include "watcheventdecoder.h"

#include "instancerecordbuilder.h"
#include "textpool.h"

#include <simdjson.h>

#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace stellmap {

namespace {

using namespace simdjson;

QByteArrayView bytes(std::string_view text)
{
    return QByteArrayView(text.data(), qsizetype(text.size()));
}

// The DOM API, not On Demand: only the DOM front end picks the CPU's best
// implementation at run time (On Demand is compiled for the build's baseline,
// which on x86-64 without -march flags is the slow fallback).

//! The member's text; empty when it is not a string (lenient).
std::string_view textOrEmpty(dom::element value)
{
    std::string_view text;
    return value.get_string().get(text) == SUCCESS ? text : std::string_view();
}

qint64 readInt64(dom::element value)
{
    int64_t number = 0;
    return value.get_int64().get(number) == SUCCESS ? number : 0;
}

qint32 readInt32(dom::element value)
{
    const qint64 number = readInt64(value);
    return number < std::numeric_limits<qint32>::min() ||
                   number > std::numeric_limits<qint32>::max()
               ? 0
               : qint32(number);
}

//! The identity part of a member an instance and an event share; -1 for others.
int identityField(std::string_view key)
{
    using Part = InstanceRecord::IdentityPart;
    return int(key == "namespace"          ? Part::Namespace
               : key == "service"          ? Part::Service
               : key == "organization"     ? Part::Organization
               : key == "businessDomain"   ? Part::BusinessDomain
               : key == "capabilityDomain" ? Part::CapabilityDomain
               : key == "application"      ? Part::Application
               : key == "role"             ? Part::Role
                                           : Part(-1));
}

void readEndpoint(dom::object object, InstanceRecordBuilder &builder)
{
    std::string_view name;
    std::string_view protocol;
    std::string_view host;
    std::string_view path;
    qint32 port = 0;
    qint32 weight = 0;
    for (const dom::key_value_pair field : object) {
        const std::string_view key = field.key;
        if (key == "name") {
            name = textOrEmpty(field.value);
        } else if (key == "protocol") {
            protocol = textOrEmpty(field.value);
        } else if (key == "host") {
            host = textOrEmpty(field.value);
        } else if (key == "port") {
            port = readInt32(field.value);
        } else if (key == "path") {
            path = textOrEmpty(field.value);
        } else if (key == "weight") {
            weight = readInt32(field.value);
        }
    }
    builder.addEndpoint(bytes(name), bytes(protocol), bytes(host), port, bytes(path), weight);
}

//! Label or metadata members; a value that is not a string reads as empty, like
//! QJsonValue::toString().
template<typename Add>
void readStringMap(dom::element value, Add &&add)
{
    dom::object object;
    if (value.get_object().get(object) != SUCCESS) {
        return;
    }
    for (const dom::key_value_pair field : object) {
        add(bytes(field.key), bytes(textOrEmpty(field.value)));
    }
}

//! One instance object into \a builder; take() it afterwards.
void readInstance(dom::object object, InstanceRecordBuilder &builder)
{
    for (const dom::key_value_pair field : object) {
        const std::string_view key = field.key;
        const dom::element value = field.value;
        if (const int identity = identityField(key); identity >= 0) {
            builder.setIdentity(InstanceRecord::IdentityPart(identity), bytes(textOrEmpty(value)));
        } else if (key == "instanceId") {
            builder.setInstanceId(bytes(textOrEmpty(value)));
        } else if (key == "zone") {
            builder.setZone(bytes(textOrEmpty(value)));
        } else if (key == "labels") {
            builder.clearLabels();
            readStringMap(value,
                          [&](QByteArrayView k, QByteArrayView v) { builder.addLabel(k, v); });
        } else if (key == "metadata") {
            builder.clearMetadata();
            readStringMap(value,
                          [&](QByteArrayView k, QByteArrayView v) { builder.addMetadata(k, v); });
        } else if (key == "endpoints") {
            dom::array array;
            if (value.get_array().get(array) != SUCCESS) {
                continue;
            }
            builder.clearEndpoints();
            for (const dom::element item : array) {
                dom::object endpoint;
                if (item.get_object().get(endpoint) == SUCCESS) {
                    readEndpoint(endpoint, builder);
                } else {
                    builder.addEndpoint({}, {}, {}, 0, {}, 0);
                }
            }
        } else if (key == "leaseTtlSeconds") {
            builder.setLeaseTtlSeconds(readInt64(value));
        } else if (key == "registeredAtUnix") {
            builder.setRegisteredAtUnix(readInt64(value));
        } else if (key == "lastHeartbeatUnix") {
            builder.setLastHeartbeatUnix(readInt64(value));
        }
    }
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

} // namespace

struct WatchEventDecoder::Parser
{
    dom::parser parser;
    //! One snapshot instance plus the padding simdjson reads past its end.
    std::vector<char> buffer;
    TextPool pool;
    InstanceRecordBuilder builder{&pool};

    //! An event-level identity text, as the pool's shared QString.
    QString pooledText(std::string_view utf8)
    {
        const SharedText *text = pool.intern(bytes(utf8));
        QString result = SharedText::text(text);
        SharedText::release(text);
        return result;
    }
};

WatchEventDecoder::WatchEventDecoder()
    : m_parser(std::make_unique<Parser>())
{}

WatchEventDecoder::~WatchEventDecoder() = default;

std::optional<WatchEvent> WatchEventDecoder::decode(QByteArrayView eventName, QByteArray data,
                                                    QByteArrayView lastEventId, QString *error)
{
    if (data.size() > StreamAbove) {
        // Large payloads take the snapshot path: instance by instance.
        discardStream();
        streamData(data);
        data = QByteArray();
        return finishStream(eventName, lastEventId, error);
    }
    return decodeWhole(eventName, std::move(data), lastEventId, error);
}

void WatchEventDecoder::streamData(QByteArrayView bytes)
{
    m_splitter.feed(bytes, [this](QByteArrayView element) {
        InstanceRecord instance;
        if (element.startsWith('{')) {
            if (!decodeInstance(element, &instance, &m_streamError)) {
                return false;
            }
        } else if (!isJson(element)) {
            // Not an object: an empty instance, as in the whole-document path, if valid JSON.
            m_streamError = QStringLiteral("watch event is not a JSON object: an element of "
                                           "its instances array is not JSON");
            return false;
        }
        m_streamed.append(std::move(instance));
        return true;
    });
}

std::optional<WatchEvent> WatchEventDecoder::finishStream(QByteArrayView eventName,
                                                          QByteArrayView lastEventId,
                                                          QString *error)
{
    const auto fail = [&](const QString &message) -> std::optional<WatchEvent> {
        if (error) {
            *error = message;
        }
        discardStream();
        return std::nullopt;
    };
    if (!m_streamError.isEmpty()) {
        return fail(m_streamError);
    }
    if (!m_splitter.errorString().isEmpty() || m_splitter.isInsideArray()) {
        return fail(QStringLiteral("watch event is not a JSON object: %1")
                        .arg(m_splitter.isInsideArray()
                                 ? QStringLiteral("it ends inside its instances array")
                                 : m_splitter.errorString()));
    }
    QList<InstanceRecord> streamed = std::exchange(m_streamed, {});
    std::optional<WatchEvent> event =
        decodeWhole(eventName, m_splitter.skeleton(), lastEventId, error);
    discardStream();
    if (event && event->type == WatchEvent::Type::Snapshot) {
        streamed.append(event->instances);
        event->instances = std::move(streamed);
    }
    return event;
}

void WatchEventDecoder::discardStream()
{
    m_splitter.reset();
    m_streamed.clear();
    m_streamError.clear();
}

bool WatchEventDecoder::isJson(QByteArrayView json)
{
    std::vector<char> &buffer = m_parser->buffer;
    buffer.resize(size_t(json.size()) + SIMDJSON_PADDING);
    std::memcpy(buffer.data(), json.data(), size_t(json.size()));
    std::memset(buffer.data() + json.size(), 0, SIMDJSON_PADDING);
    dom::element document;
    return m_parser->parser.parse(buffer.data(), size_t(json.size()), false).get(document) ==
           SUCCESS;
}

bool WatchEventDecoder::decodeInstance(QByteArrayView json, InstanceRecord *instance,
                                       QString *error)
{
    std::vector<char> &buffer = m_parser->buffer;
    buffer.resize(size_t(json.size()) + SIMDJSON_PADDING);
    std::memcpy(buffer.data(), json.data(), size_t(json.size()));
    std::memset(buffer.data() + json.size(), 0, SIMDJSON_PADDING);
    dom::element document;
    dom::object object;
    error_code code =
        m_parser->parser.parse(buffer.data(), size_t(json.size()), false).get(document);
    if (code == SUCCESS) {
        code = document.get_object().get(object);
    }
    if (code != SUCCESS) {
        if (error) {
            *error = QStringLiteral("watch event is not a JSON object: %1")
                         .arg(QString::fromUtf8(error_message(code)));
        }
        return false;
    }
    readInstance(object, m_parser->builder);
    *instance = m_parser->builder.take();
    return true;
}

std::optional<WatchEvent> WatchEventDecoder::decodeWhole(QByteArrayView eventName, QByteArray data,
                                                         QByteArrayView lastEventId, QString *error)
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
    if (eventName == "ping" || eventName == "heartbeat" || eventName == "keepalive") {
        return std::nullopt;
    }
    if (QByteArrayView(data).trimmed().isEmpty()) {
        return fail(QLatin1String("watch event \"") + QString::fromUtf8(eventName) +
                    QLatin1String("\" has no data"));
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
    char *payload = data.data();
    std::memset(payload + size, 0, SIMDJSON_PADDING);
    dom::element document;
    error_code code = m_parser->parser.parse(payload, size_t(size), false).get(document);
    dom::object object;
    if (code != SUCCESS || (code = document.get_object().get(object)) != SUCCESS) {
        return notObject(code);
    }

    InstanceRecordBuilder &builder = m_parser->builder;
    builder.clear();
    WatchEvent event;
    // The event's own identity members (namespace, service, its parts, instanceId):
    // resolved after the loop, mostly by sharing the instance's equal texts.
    constexpr int InstanceIdMember = SharedIdentity::PartCount;
    std::string_view ids[InstanceIdMember + 1];
    std::optional<WatchEvent::Type> type;
    bool hasTypeMember = false;
    bool hasInstance = false;
    for (const dom::key_value_pair field : object) {
        const std::string_view key = field.key;
        const dom::element value = field.value;
        if (const int identity = identityField(key); identity >= 0) {
            ids[identity] = textOrEmpty(value);
        } else if (key == "instanceId") {
            ids[InstanceIdMember] = textOrEmpty(value);
        } else if (key == "revision") {
            uint64_t revision = 0;
            // Exact to 2^64 - 1; anything else (a string, a fraction) falls back to the id.
            event.revision = value.get_uint64().get(revision) == SUCCESS ? revision : 0;
        } else if (key == "type") {
            std::string_view typeText;
            if (value.get_string().get(typeText) == SUCCESS) {
                hasTypeMember = true;
                type = typeFromName(typeText);
                if (!type) {
                    return fail(QLatin1String("unknown watch event type \"") +
                                QString::fromUtf8(bytes(typeText)) + QLatin1Char('"'));
                }
            }
        } else if (key == "instance") {
            dom::object instance;
            if (value.get_object().get(instance) == SUCCESS) {
                builder.clear();
                readInstance(instance, builder);
                event.instance = builder.take();
                hasInstance = true;
            }
        } else if (key == "instances") {
            dom::array array;
            if (value.get_array().get(array) != SUCCESS) {
                continue;
            }
            for (const dom::element item : array) {
                dom::object instance;
                if (item.get_object().get(instance) == SUCCESS) {
                    readInstance(instance, builder);
                }
                event.instances.append(builder.take());
            }
        }
    }
    {
        // An upsert names the instance it carries: equal texts are shared from it.
        QString *targets[] = {&event.namespaceName,
                              &event.service.service,
                              &event.service.organization,
                              &event.service.businessDomain,
                              &event.service.capabilityDomain,
                              &event.service.application,
                              &event.service.role};
        for (int i = 0; i < InstanceIdMember; ++i) {
            const auto part = InstanceRecord::IdentityPart(i);
            *targets[i] = hasInstance && bytes(ids[i]) == event.instance.identityUtf8(part)
                              ? event.instance.identityText(part)
                              : m_parser->pooledText(ids[i]);
        }
        event.instanceId = QString::fromUtf8(bytes(ids[InstanceIdMember])); // rarely repeats
    }
    if (!hasTypeMember) {
        type = typeFromName(std::string_view(eventName.data(), size_t(eventName.size())));
        if (!type) {
            return fail(QLatin1String("unknown watch event type \"") +
                        QString::fromUtf8(eventName) + QLatin1Char('"'));
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
        event.instance = InstanceRecord();
        break;
    case WatchEvent::Type::Upsert:
        if (!hasInstance) {
            return fail(QStringLiteral("upsert event without an instance"));
        }
        // The key of the change is the event's own; fill gaps from the instance.
        if (event.namespaceName.isEmpty()) {
            event.namespaceName = event.instance.namespaceName();
        }
        if (event.service.service.isEmpty()) {
            event.service = event.instance.serviceName();
        }
        if (event.instanceId.isEmpty()) {
            event.instanceId = event.instance.instanceId();
        }
        event.instances.clear();
        break;
    case WatchEvent::Type::Delete:
        event.instance = InstanceRecord();
        event.instances.clear();
        break;
    }
    return event;
}

} // namespace stellmap
