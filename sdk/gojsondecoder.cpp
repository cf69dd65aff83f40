#include "gojsondecoder.h"

#include "adminrequest.h"
#include "deregisterrequest.h"
#include "gotext.h"
#include "heartbeatrequest.h"
#include "registerrequest.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace stellmap {

namespace {

// ---------------------------------------------------------------------------
// Syntax: a recursive-descent reader that reports the first error in byte
// order with the texts of Go's scanner, and builds a small tree for the
// typed pass (Go also checks the whole value before decoding any of it).

struct JsonNode
{
    enum class Kind : quint8
    {
        Null,
        True,
        False,
        Number,
        String,
        Array,
        Object
    };
    Kind kind = Kind::Null;
    QByteArray number;           // Number: the literal
    QString text;                // String: the unquoted text
    std::vector<QString> keys;   // Object: member names, parallel to items
    std::vector<JsonNode> items; // Array elements or Object values
};

constexpr int MaxNestingDepth = 10000; // Go's scanner limit

QString quoteChar(char byte)
{
    const auto c = static_cast<unsigned char>(byte);
    if (c == '\'') {
        return QStringLiteral("'\\''");
    }
    if (c == '"') {
        return QStringLiteral("'\"'");
    }
    // Go quotes string(c): the byte taken as the code point U+00XX.
    const QString quoted = GoText::quote(QString(QChar(char16_t(c))));
    return QLatin1Char('\'') + quoted.mid(1, quoted.size() - 2) + QLatin1Char('\'');
}

class SyntaxReader
{
public:
    SyntaxReader(QByteArrayView data, const QString &readError)
        : m_p(data.data())
        , m_end(data.data() + data.size())
        , m_readError(readError)
    {}

    // Reads the first value; returns false with Go's message in error().
    bool readTopLevel(JsonNode &root)
    {
        skipSpace();
        if (m_p == m_end) {
            m_error = m_readError.isEmpty() ? QStringLiteral("EOF") : m_readError;
            return false;
        }
        return readValue(root, 0);
    }

    const QString &error() const { return m_error; }

private:
    bool atEnd() const { return m_p == m_end; }

    void skipSpace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\r' || *m_p == '\n')) {
            ++m_p;
        }
    }

    bool unexpectedEof()
    {
        m_error = m_readError.isEmpty() ? QStringLiteral("unexpected EOF") : m_readError;
        return false;
    }

    bool invalid(char c, const char *context)
    {
        m_error = QLatin1String("invalid character ") + quoteChar(c) + QLatin1Char(' ') +
                  QLatin1String(context);
        return false;
    }

    bool readValue(JsonNode &node, int depth)
    {
        skipSpace();
        if (atEnd()) {
            return unexpectedEof();
        }
        const char c = *m_p;
        switch (c) {
        case '{':
            if (depth + 1 > MaxNestingDepth) {
                return invalid(c, "exceeded max depth");
            }
            ++m_p;
            return readObject(node, depth + 1);
        case '[':
            if (depth + 1 > MaxNestingDepth) {
                return invalid(c, "exceeded max depth");
            }
            ++m_p;
            return readArray(node, depth + 1);
        case '"':
            ++m_p;
            node.kind = JsonNode::Kind::String;
            return readString(&node.text);
        case 't':
            node.kind = JsonNode::Kind::True;
            return readLiteral("true");
        case 'f':
            node.kind = JsonNode::Kind::False;
            return readLiteral("false");
        case 'n':
            node.kind = JsonNode::Kind::Null;
            return readLiteral("null");
        default:
            if (c == '-' || (c >= '0' && c <= '9')) {
                node.kind = JsonNode::Kind::Number;
                return readNumber(&node.number);
            }
            return invalid(c, "looking for beginning of value");
        }
    }

    bool readObject(JsonNode &node, int depth)
    {
        node.kind = JsonNode::Kind::Object;
        skipSpace();
        if (atEnd()) {
            return unexpectedEof();
        }
        if (*m_p == '}') {
            ++m_p;
            return true;
        }
        for (;;) {
            if (*m_p != '"') {
                return invalid(*m_p, "looking for beginning of object key string");
            }
            ++m_p;
            QString key;
            if (!readString(&key)) {
                return false;
            }
            skipSpace();
            if (atEnd()) {
                return unexpectedEof();
            }
            if (*m_p != ':') {
                return invalid(*m_p, "after object key");
            }
            ++m_p;
            node.keys.push_back(std::move(key));
            node.items.emplace_back();
            if (!readValue(node.items.back(), depth)) {
                return false;
            }
            skipSpace();
            if (atEnd()) {
                return unexpectedEof();
            }
            if (*m_p == '}') {
                ++m_p;
                return true;
            }
            if (*m_p != ',') {
                return invalid(*m_p, "after object key:value pair");
            }
            ++m_p;
            skipSpace();
            if (atEnd()) {
                return unexpectedEof();
            }
        }
    }

    bool readArray(JsonNode &node, int depth)
    {
        node.kind = JsonNode::Kind::Array;
        skipSpace();
        if (atEnd()) {
            return unexpectedEof();
        }
        if (*m_p == ']') {
            ++m_p;
            return true;
        }
        for (;;) {
            node.items.emplace_back();
            if (!readValue(node.items.back(), depth)) {
                return false;
            }
            skipSpace();
            if (atEnd()) {
                return unexpectedEof();
            }
            if (*m_p == ']') {
                ++m_p;
                return true;
            }
            if (*m_p != ',') {
                return invalid(*m_p, "after array element");
            }
            ++m_p;
        }
    }

    bool readLiteral(const char *word)
    {
        const char *context = word[0] == 't'   ? "in literal true (expecting '%')"
                              : word[0] == 'f' ? "in literal false (expecting '%')"
                                               : "in literal null (expecting '%')";
        ++m_p;
        for (const char *expected = word + 1; *expected; ++expected) {
            if (atEnd()) {
                return unexpectedEof();
            }
            if (*m_p != *expected) {
                QByteArray text(context);
                text.replace('%', QByteArray(1, *expected));
                return invalid(*m_p, text.constData());
            }
            ++m_p;
        }
        return true;
    }

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    bool readNumber(QByteArray *literal)
    {
        const char *start = m_p;
        if (*m_p == '-') {
            ++m_p;
            if (atEnd()) {
                return unexpectedEof();
            }
            if (!isDigit(*m_p)) {
                return invalid(*m_p, "in numeric literal");
            }
        }
        if (*m_p == '0') {
            ++m_p;
        } else {
            while (!atEnd() && isDigit(*m_p)) {
                ++m_p;
            }
        }
        if (!atEnd() && *m_p == '.') {
            ++m_p;
            if (atEnd()) {
                return unexpectedEof();
            }
            if (!isDigit(*m_p)) {
                return invalid(*m_p, "after decimal point in numeric literal");
            }
            while (!atEnd() && isDigit(*m_p)) {
                ++m_p;
            }
        }
        if (!atEnd() && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (!atEnd() && (*m_p == '+' || *m_p == '-')) {
                ++m_p;
            }
            if (atEnd()) {
                return unexpectedEof();
            }
            if (!isDigit(*m_p)) {
                return invalid(*m_p, "in exponent of numeric literal");
            }
            while (!atEnd() && isDigit(*m_p)) {
                ++m_p;
            }
        }
        *literal = QByteArray(start, m_p - start);
        return true;
    }

    // Checks the string syntax, then unquotes it as Go's unquoteBytes does.
    bool readString(QString *out)
    {
        const char *start = m_p;
        for (;;) {
            if (atEnd()) {
                return unexpectedEof();
            }
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                return invalid(char(c), "in string literal");
            }
            ++m_p;
            if (c != '\\') {
                continue;
            }
            if (atEnd()) {
                return unexpectedEof();
            }
            const char escape = *m_p;
            switch (escape) {
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
            case '\\':
            case '/':
            case '"':
                ++m_p;
                break;
            case 'u':
                ++m_p;
                for (int i = 0; i < 4; ++i) {
                    if (atEnd()) {
                        return unexpectedEof();
                    }
                    if (GoText::hexDigit(*m_p) < 0) {
                        return invalid(*m_p, "in \\u hexadecimal character escape");
                    }
                    ++m_p;
                }
                break;
            default:
                return invalid(escape, "in string escape code");
            }
        }
        *out = unquote(QByteArrayView(start, m_p - start));
        ++m_p; // closing quote
        return true;
    }

    static int readU4(QByteArrayView s, qsizetype at)
    {
        if (at + 6 > s.size() || s[at] != '\\' || s[at + 1] != 'u') {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < 4; ++i) {
            const int digit = GoText::hexDigit(s[at + 2 + i]);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    static QString unquote(QByteArrayView s)
    {
        QString out;
        out.reserve(s.size());
        qsizetype i = 0;
        while (i < s.size()) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c != '\\') {
                qsizetype run = i;
                while (run < s.size() && s[run] != '\\') {
                    ++run;
                }
                out += GoText::fromUtf8(s.sliced(i, run - i), GoText::InvalidUtf8::Replace);
                i = run;
                continue;
            }
            const char escape = s[i + 1];
            switch (escape) {
            case 'b':
                out += QChar(u'\b');
                i += 2;
                continue;
            case 'f':
                out += QChar(u'\f');
                i += 2;
                continue;
            case 'n':
                out += QChar(u'\n');
                i += 2;
                continue;
            case 'r':
                out += QChar(u'\r');
                i += 2;
                continue;
            case 't':
                out += QChar(u'\t');
                i += 2;
                continue;
            case 'u':
                break;
            default: // '\\', '/', '"'
                out += QLatin1Char(escape);
                i += 2;
                continue;
            }
            char32_t rune = char32_t(readU4(s, i));
            i += 6;
            if (rune >= 0xD800 && rune <= 0xDFFF) {
                const int low = readU4(s, i);
                if (rune <= 0xDBFF && low >= 0xDC00 && low <= 0xDFFF) {
                    rune = 0x10000 + ((rune - 0xD800) << 10) + (char32_t(low) - 0xDC00);
                    i += 6;
                } else {
                    rune = 0xFFFD; // a lone surrogate; the next escape stays unread
                }
            }
            out += QString::fromUcs4(&rune, 1);
        }
        return out;
    }

    const char *m_p;
    const char *m_end;
    QString m_readError;
    QString m_error;
};

// ---------------------------------------------------------------------------
// Typed pass: Go's rules for storing JSON values into the server's structs.

struct DecodeContext
{
    QString firstError;
    QString structName; // errorContext.Struct
    QStringList fieldStack;

    void save(const QString &error)
    {
        if (firstError.isEmpty()) {
            firstError = error;
        }
    }

    void typeError(const QString &value, const char *goType)
    {
        if (!structName.isEmpty() || !fieldStack.isEmpty()) {
            save(QLatin1String("json: cannot unmarshal ") + value +
                 QLatin1String(" into Go struct field ") + structName + QLatin1Char('.') +
                 fieldStack.join(QLatin1Char('.')) + QLatin1String(" of type ") +
                 QLatin1String(goType));
        } else {
            save(QLatin1String("json: cannot unmarshal ") + value +
                 QLatin1String(" into Go value of type ") + QLatin1String(goType));
        }
    }
};

QString describe(const JsonNode &node)
{
    switch (node.kind) {
    case JsonNode::Kind::String:
        return QStringLiteral("string");
    case JsonNode::Kind::True:
    case JsonNode::Kind::False:
        return QStringLiteral("bool");
    case JsonNode::Kind::Number:
        return QStringLiteral("number");
    case JsonNode::Kind::Array:
        return QStringLiteral("array");
    case JsonNode::Kind::Object:
        return QStringLiteral("object");
    case JsonNode::Kind::Null:
        break;
    }
    return QStringLiteral("null");
}

void decodeString(const JsonNode &node, QString &target, DecodeContext &context)
{
    if (node.kind == JsonNode::Kind::String) {
        target = node.text;
    } else if (node.kind != JsonNode::Kind::Null) {
        context.typeError(describe(node), "string");
    }
}

void decodeInteger(const JsonNode &node, qint64 &target, int bits, const char *goType,
                   DecodeContext &context)
{
    if (node.kind == JsonNode::Kind::Null) {
        return;
    }
    if (node.kind != JsonNode::Kind::Number) {
        context.typeError(describe(node), goType);
        return;
    }
    // strconv.ParseInt(literal, 10, 64), then the target's range.
    bool ok =
        !node.number.contains('.') && !node.number.contains('e') && !node.number.contains('E');
    qint64 value = 0;
    if (ok) {
        value = node.number.toLongLong(&ok);
    }
    const qint64 max =
        bits == 64 ? std::numeric_limits<qint64>::max() : (qint64(1) << (bits - 1)) - 1;
    const qint64 min = bits == 64 ? std::numeric_limits<qint64>::min() : -(qint64(1) << (bits - 1));
    if (!ok || value > max || value < min) {
        context.typeError(QLatin1String("number ") + QString::fromLatin1(node.number), goType);
        return;
    }
    target = value;
}

// strconv.ParseUint(literal, 10, 64) for a uint64 field.
void decodeUnsigned(const JsonNode &node, quint64 &target, DecodeContext &context)
{
    if (node.kind == JsonNode::Kind::Null) {
        return;
    }
    if (node.kind != JsonNode::Kind::Number) {
        context.typeError(describe(node), "uint64");
        return;
    }
    bool ok = !node.number.startsWith('-') && !node.number.contains('.') &&
              !node.number.contains('e') && !node.number.contains('E');
    quint64 value = 0;
    if (ok) {
        value = node.number.toULongLong(&ok);
    }
    if (!ok) {
        context.typeError(QLatin1String("number ") + QString::fromLatin1(node.number), "uint64");
        return;
    }
    target = value;
}

void decodeStringMap(const JsonNode &node, std::optional<StringMap> &target, DecodeContext &context)
{
    switch (node.kind) {
    case JsonNode::Kind::Null:
        target.reset();
        return;
    case JsonNode::Kind::Object:
        break;
    default:
        context.typeError(describe(node), "map[string]string");
        return;
    }
    if (!target) {
        target.emplace();
    }
    for (size_t i = 0; i < node.items.size(); ++i) {
        // Each element starts from "" and is stored even when it fails to decode.
        QString value;
        decodeString(node.items[i], value, context);
        target->insert(node.keys[i], value);
    }
}

// Go's field matching: exact name first, then a case fold where ASCII letters
// fold to upper case and the four non-ASCII runes that fold onto ASCII do too.
QString foldName(const QString &name)
{
    QString folded;
    folded.reserve(name.size());
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        if (u >= u'a' && u <= u'z') {
            folded += QChar(u - 32);
        } else if (u == 0x017F) { // long s
            folded += QLatin1Char('S');
        } else if (u == 0x0130 || u == 0x0131) { // dotted / dotless I
            folded += QLatin1Char('I');
        } else if (u == 0x212A) { // Kelvin sign
            folded += QLatin1Char('K');
        } else {
            folded += c;
        }
    }
    return folded;
}

struct FieldSpec
{
    const char *name;
    int id;
};

template<size_t N>
const FieldSpec *findField(const FieldSpec (&fields)[N], const QString &key)
{
    for (const FieldSpec &field : fields) {
        if (key == QLatin1String(field.name)) {
            return &field;
        }
    }
    const QString folded = foldName(key);
    for (const FieldSpec &field : fields) {
        if (folded == foldName(QLatin1String(field.name))) {
            return &field;
        }
    }
    return nullptr;
}

// Decodes an object into a struct: \a decodeField(id, value) stores one
// field; unknown names are an error (DisallowUnknownFields).
template<size_t N, typename DecodeField>
void decodeStruct(const JsonNode &node, const char *structName, const char *goType,
                  const FieldSpec (&fields)[N], DecodeContext &context, DecodeField decodeField)
{
    if (node.kind == JsonNode::Kind::Null) {
        return;
    }
    if (node.kind != JsonNode::Kind::Object) {
        context.typeError(describe(node), goType);
        return;
    }
    for (size_t i = 0; i < node.items.size(); ++i) {
        const FieldSpec *field = findField(fields, node.keys[i]);
        if (!field) {
            context.save(QLatin1String("json: unknown field ") + GoText::quote(node.keys[i]));
            continue;
        }
        const QString outerStruct = context.structName;
        context.fieldStack.append(QLatin1String(field->name));
        context.structName = QLatin1String(structName);
        decodeField(field->id, node.items[i]);
        context.fieldStack.removeLast();
        context.structName = outerStruct;
    }
}

enum EndpointField
{
    EpName,
    EpProtocol,
    EpHost,
    EpPort,
    EpPath,
    EpWeight
};
const FieldSpec endpointFields[] = {{"name", EpName}, {"protocol", EpProtocol},
                                    {"host", EpHost}, {"port", EpPort},
                                    {"path", EpPath}, {"weight", EpWeight}};

void decodeEndpoint(const JsonNode &node, Endpoint &endpoint, DecodeContext &context)
{
    decodeStruct(node, "Endpoint", "registry.Endpoint", endpointFields, context,
                 [&](int id, const JsonNode &value) {
                     qint64 number = 0;
                     switch (id) {
                     case EpName:
                         decodeString(value, endpoint.name, context);
                         break;
                     case EpProtocol:
                         decodeString(value, endpoint.protocol, context);
                         break;
                     case EpHost:
                         decodeString(value, endpoint.host, context);
                         break;
                     case EpPath:
                         decodeString(value, endpoint.path, context);
                         break;
                     case EpPort:
                         number = endpoint.port;
                         decodeInteger(value, number, 32, "int32", context);
                         endpoint.port = qint32(number);
                         break;
                     case EpWeight:
                         number = endpoint.weight;
                         decodeInteger(value, number, 32, "int32", context);
                         endpoint.weight = qint32(number);
                         break;
                     }
                 });
}

/*
 * A Go slice: decoding an array reuses the backing array, so elements left
 * by an earlier array under the same key are decoded into, not replaced.
 */
struct GoEndpointSlice
{
    std::vector<Endpoint> backing; // size() is the capacity
    size_t length = 0;
    bool isNil = true;

    QList<Endpoint> toList() const
    {
        return QList<Endpoint>(backing.begin(), backing.begin() + qsizetype(length));
    }
};

void decodeEndpoints(const JsonNode &node, GoEndpointSlice &slice, DecodeContext &context)
{
    if (node.kind == JsonNode::Kind::Null) {
        slice = GoEndpointSlice();
        return;
    }
    if (node.kind != JsonNode::Kind::Array) {
        context.typeError(describe(node), "[]registry.Endpoint");
        return;
    }
    size_t i = 0;
    for (const JsonNode &item : node.items) {
        if (i >= slice.backing.size()) {
            std::vector<Endpoint> grown(std::max<size_t>(1, slice.backing.size() * 2));
            std::copy(slice.backing.begin(), slice.backing.begin() + qsizetype(slice.length),
                      grown.begin());
            slice.backing = std::move(grown);
        }
        if (i >= slice.length) {
            slice.length = i + 1;
        }
        decodeEndpoint(item, slice.backing[i], context);
        ++i;
    }
    if (i < slice.length) {
        slice.length = i;
    }
    if (i == 0) {
        slice = GoEndpointSlice(); // an empty array is a new, empty slice
    }
    slice.isNil = false;
}

enum RegisterField
{
    RfNamespace,
    RfService,
    RfOrganization,
    RfBusinessDomain,
    RfCapabilityDomain,
    RfApplication,
    RfRole,
    RfInstanceId,
    RfZone,
    RfLabels,
    RfMetadata,
    RfEndpoints,
    RfLeaseTtl
};

// The register input has no JSON tags: its Go field names are the keys.
const FieldSpec registerFields[] = {{"Namespace", RfNamespace},
                                    {"Service", RfService},
                                    {"Organization", RfOrganization},
                                    {"BusinessDomain", RfBusinessDomain},
                                    {"CapabilityDomain", RfCapabilityDomain},
                                    {"Application", RfApplication},
                                    {"Role", RfRole},
                                    {"InstanceID", RfInstanceId},
                                    {"Zone", RfZone},
                                    {"Labels", RfLabels},
                                    {"Metadata", RfMetadata},
                                    {"Endpoints", RfEndpoints},
                                    {"LeaseTTLSeconds", RfLeaseTtl}};

// Deregister and heartbeat bodies are tagged; the TTL exists on heartbeat only.
const FieldSpec deregisterFields[] = {{"namespace", RfNamespace},
                                      {"service", RfService},
                                      {"organization", RfOrganization},
                                      {"businessDomain", RfBusinessDomain},
                                      {"capabilityDomain", RfCapabilityDomain},
                                      {"application", RfApplication},
                                      {"role", RfRole},
                                      {"instanceId", RfInstanceId}};
const FieldSpec heartbeatFields[] = {{"namespace", RfNamespace},
                                     {"service", RfService},
                                     {"organization", RfOrganization},
                                     {"businessDomain", RfBusinessDomain},
                                     {"capabilityDomain", RfCapabilityDomain},
                                     {"application", RfApplication},
                                     {"role", RfRole},
                                     {"instanceId", RfInstanceId},
                                     {"leaseTtlSeconds", RfLeaseTtl}};

// Stores an identity member; returns false for ids that are not identity.
bool decodeIdentityField(int id, const JsonNode &value, InstanceKey &key, DecodeContext &context)
{
    QString *target = nullptr;
    switch (id) {
    case RfNamespace:
        target = &key.namespaceName;
        break;
    case RfService:
        target = &key.service.service;
        break;
    case RfOrganization:
        target = &key.service.organization;
        break;
    case RfBusinessDomain:
        target = &key.service.businessDomain;
        break;
    case RfCapabilityDomain:
        target = &key.service.capabilityDomain;
        break;
    case RfApplication:
        target = &key.service.application;
        break;
    case RfRole:
        target = &key.service.role;
        break;
    case RfInstanceId:
        target = &key.instanceId;
        break;
    default:
        return false;
    }
    decodeString(value, *target, context);
    return true;
}

/*
 * Decodes \a body into \a request like Go's Decoder.Decode into one of the
 * server's structs: syntax first, then every field, keeping the first error.
 * \a decodeField(decoded, id, value, context) stores one field.
 */
template<typename Request, size_t N, typename DecodeField>
QString decodeBody(const QByteArray &body, const QString &readError, const char *structName,
                   const char *goType, const FieldSpec (&fields)[N], Request *request,
                   DecodeField decodeField)
{
    JsonNode root;
    SyntaxReader reader(body, readError);
    if (!reader.readTopLevel(root)) {
        return reader.error();
    }
    DecodeContext context;
    Request decoded;
    decodeStruct(root, structName, goType, fields, context,
                 [&](int id, const JsonNode &value) { decodeField(decoded, id, value, context); });
    if (!context.firstError.isEmpty()) {
        return context.firstError;
    }
    *request = std::move(decoded);
    return QString();
}

} // namespace

QString GoJsonDecoder::decode(const QByteArray &body, RegisterRequest *request,
                              const QString &readError)
{
    // Labels and metadata go through Go maps (reused, null resets them), the
    // endpoints through a Go slice (reused backing array).
    std::optional<StringMap> labels;
    std::optional<StringMap> metadata;
    GoEndpointSlice endpoints;
    const QString error = decodeBody(
        body, readError, "RegisterInput", "registry.RegisterInput", registerFields, request,
        [&](RegisterRequest &decoded, int id, const JsonNode &value, DecodeContext &context) {
            if (decodeIdentityField(id, value, decoded.key, context)) {
                return;
            }
            switch (id) {
            case RfZone:
                decodeString(value, decoded.zone, context);
                break;
            case RfLabels:
                decodeStringMap(value, labels, context);
                break;
            case RfMetadata:
                decodeStringMap(value, metadata, context);
                break;
            case RfEndpoints:
                decodeEndpoints(value, endpoints, context);
                break;
            case RfLeaseTtl:
                decodeInteger(value, decoded.leaseTtlSeconds, 64, "int64", context);
                break;
            }
        });
    if (error.isEmpty()) {
        request->labels = labels.value_or(StringMap());
        request->metadata = metadata.value_or(StringMap());
        request->endpoints = endpoints.toList();
    }
    return error;
}

QString GoJsonDecoder::decode(const QByteArray &body, DeregisterRequest *request,
                              const QString &readError)
{
    return decodeBody(
        body, readError, "DeregisterRequest", "registry.DeregisterRequest", deregisterFields,
        request,
        [](DeregisterRequest &decoded, int id, const JsonNode &value, DecodeContext &context) {
            decodeIdentityField(id, value, decoded.key, context);
        });
}

QString GoJsonDecoder::decode(const QByteArray &body, HeartbeatRequest *request,
                              const QString &readError)
{
    return decodeBody(
        body, readError, "HeartbeatRequest", "registry.HeartbeatRequest", heartbeatFields, request,
        [](HeartbeatRequest &decoded, int id, const JsonNode &value, DecodeContext &context) {
            if (!decodeIdentityField(id, value, decoded.key, context)) {
                decodeInteger(value, decoded.leaseTtlSeconds, 64, "int64", context);
            }
        });
}

QString GoJsonDecoder::decode(const QByteArray &body, MemberChangeRequest *request,
                              const QString &readError)
{
    static const FieldSpec fields[] = {
        {"nodeId", 0}, {"httpAddr", 1}, {"grpcAddr", 2}, {"adminAddr", 3}};
    return decodeBody(
        body, readError, "MemberChangeRequestDTO", "httptransport.MemberChangeRequestDTO", fields,
        request,
        [](MemberChangeRequest &decoded, int id, const JsonNode &value, DecodeContext &context) {
            QString *const text[] = {nullptr, &decoded.httpAddr, &decoded.grpcAddr,
                                     &decoded.adminAddr};
            if (id == 0) {
                decodeUnsigned(value, decoded.nodeId, context);
            } else {
                decodeString(value, *text[id], context);
            }
        });
}

QString GoJsonDecoder::decode(const QByteArray &body, LeaderTransferRequest *request,
                              const QString &readError)
{
    static const FieldSpec fields[] = {{"targetNodeId", 0}};
    return decodeBody(
        body, readError, "LeaderTransferRequestDTO", "httptransport.LeaderTransferRequestDTO",
        fields, request,
        [](LeaderTransferRequest &decoded, int, const JsonNode &value, DecodeContext &context) {
            decodeUnsigned(value, decoded.targetNodeId, context);
        });
}

QString GoJsonDecoder::fromGoBytes(QByteArrayView bytes)
{
    return GoText::fromUtf8(bytes, GoText::InvalidUtf8::Replace);
}

} // namespace stellmap
