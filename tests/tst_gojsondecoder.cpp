// GoJsonDecoder: request bodies decoded the way the server's Go
// encoding/json Decoder (DisallowUnknownFields) decodes them.
//
// Every body below was POSTed to the reference server (/work/ref/refserver)
// and the expected text is its answer. When the decoder accepts a body the
// server goes on validating it, so the table also holds the validation
// message (decodeFails = false) or, for an accepted register body, the
// instance the server stored (read back with a query); the test runs
// decode() and then normalize() and must reach the same result.
//
// The reference is built with Go 1.19; the real server uses Go 1.25, whose
// key matching also folds ı and İ onto I (since Go 1.21). Those rows expect
// the Go 1.25 behaviour; the reference's answer is noted above each.

#include "deregisterrequest.h"
#include "gojsondecoder.h"
#include "heartbeatrequest.h"
#include "instance.h"
#include "registerrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace stellmap;

namespace {

enum class Target
{
    Register,
    Deregister,
    Heartbeat
};

// The stored instances of the table, read with the sdk's lenient reader (not the code under test).
RegisterRequest storedInstance(const QByteArray &json)
{
    return RegisterRequest::fromInstance(
        Instance::fromJson(QJsonDocument::fromJson(json).object()));
}

} // namespace

Q_DECLARE_METATYPE(Target)

class TstGoJsonDecoder : public QObject
{
    Q_OBJECT

private slots:
    void decode_data();
    void decode();
    void decodedIdentity();
    void fromGoBytes_data();
    void fromGoBytes();
};

void TstGoJsonDecoder::decode_data()
{
    QTest::addColumn<Target>("target");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("decodeFails");
    QTest::addColumn<QByteArray>("stored");

    QTest::newRow("register: empty body") << Target::Register << QByteArrayLiteral("")
                                          << QStringLiteral("EOF") << true << QByteArray();
    QTest::newRow("deregister: empty body") << Target::Deregister << QByteArrayLiteral("")
                                            << QStringLiteral("EOF") << true << QByteArray();
    QTest::newRow("heartbeat: empty body") << Target::Heartbeat << QByteArrayLiteral("")
                                           << QStringLiteral("EOF") << true << QByteArray();
    QTest::newRow("register: only white space") << Target::Register << QByteArrayLiteral(" \r\n\t ")
                                                << QStringLiteral("EOF") << true << QByteArray();
    QTest::newRow("register: null reads as {}")
        << Target::Register << QByteArrayLiteral("null") << QStringLiteral("service is required")
        << false << QByteArray();
    QTest::newRow("register: null with white space")
        << Target::Register << QByteArrayLiteral(" null \n")
        << QStringLiteral("service is required") << false << QByteArray();
    QTest::newRow("register: empty object")
        << Target::Register << QByteArrayLiteral("{}") << QStringLiteral("service is required")
        << false << QByteArray();
    QTest::newRow("register: top-level array")
        << Target::Register << QByteArrayLiteral("[]")
        << QStringLiteral(
               "json: cannot unmarshal array into Go value of type registry.RegisterInput")
        << true << QByteArray();
    QTest::newRow("register: top-level string")
        << Target::Register << QByteArrayLiteral("\"x\"")
        << QStringLiteral(
               "json: cannot unmarshal string into Go value of type registry.RegisterInput")
        << true << QByteArray();
    QTest::newRow("register: top-level number")
        << Target::Register << QByteArrayLiteral("1")
        << QStringLiteral(
               "json: cannot unmarshal number into Go value of type registry.RegisterInput")
        << true << QByteArray();
    QTest::newRow("register: top-level number then garbage")
        << Target::Register << QByteArrayLiteral("1x")
        << QStringLiteral(
               "json: cannot unmarshal number into Go value of type registry.RegisterInput")
        << true << QByteArray();
    QTest::newRow("register: top-level bool")
        << Target::Register << QByteArrayLiteral("true")
        << QStringLiteral(
               "json: cannot unmarshal bool into Go value of type registry.RegisterInput")
        << true << QByteArray();
    QTest::newRow("deregister: top-level array")
        << Target::Deregister << QByteArrayLiteral("[{\"namespace\":\"p\"}]")
        << QStringLiteral(
               "json: cannot unmarshal array into Go value of type registry.DeregisterRequest")
        << true << QByteArray();
    QTest::newRow("heartbeat: top-level number")
        << Target::Heartbeat << QByteArrayLiteral("-1.5e3")
        << QStringLiteral(
               "json: cannot unmarshal number into Go value of type registry.HeartbeatRequest")
        << true << QByteArray();
    QTest::newRow("syntax: unclosed object")
        << Target::Register << QByteArrayLiteral("{") << QStringLiteral("unexpected EOF") << true
        << QByteArray();
    QTest::newRow("syntax: unclosed key")
        << Target::Register << QByteArrayLiteral("{\"namespace") << QStringLiteral("unexpected EOF")
        << true << QByteArray();
    QTest::newRow("syntax: key without colon")
        << Target::Register << QByteArrayLiteral("{\"namespace\"")
        << QStringLiteral("unexpected EOF") << true << QByteArray();
    QTest::newRow("syntax: key without value")
        << Target::Register << QByteArrayLiteral("{\"namespace\":")
        << QStringLiteral("unexpected EOF") << true << QByteArray();
    QTest::newRow("syntax: unclosed string value")
        << Target::Register << QByteArrayLiteral("{\"namespace\":\"abc")
        << QStringLiteral("unexpected EOF") << true << QByteArray();
    QTest::newRow("syntax: value without closing brace")
        << Target::Register << QByteArrayLiteral("{\"namespace\":\"abc\"")
        << QStringLiteral("unexpected EOF") << true << QByteArray();
    QTest::newRow("syntax: trailing comma in object")
        << Target::Register << QByteArrayLiteral("{\"namespace\":\"abc\",}")
        << QStringLiteral("invalid character '}' looking for beginning of object key string")
        << true << QByteArray();
    QTest::newRow("syntax: missing comma")
        << Target::Register << QByteArrayLiteral("{\"namespace\":\"a\" \"service\":\"b\"}")
        << QStringLiteral("invalid character '\"' after object key:value pair") << true
        << QByteArray();
    QTest::newRow("syntax: missing colon")
        << Target::Register << QByteArrayLiteral("{\"namespace\" \"a\"}")
        << QStringLiteral("invalid character '\"' after object key") << true << QByteArray();
    QTest::newRow("syntax: double colon")
        << Target::Register << QByteArrayLiteral("{\"namespace\"::\"a\"}")
        << QStringLiteral("invalid character ':' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("syntax: unquoted key")
        << Target::Register << QByteArrayLiteral("{namespace:\"a\"}")
        << QStringLiteral("invalid character 'n' looking for beginning of object key string")
        << true << QByteArray();
    QTest::newRow("syntax: single-quoted key")
        << Target::Register << QByteArrayLiteral("{'namespace':'a'}")
        << QStringLiteral("invalid character '\\'' looking for beginning of object key string")
        << true << QByteArray();
    QTest::newRow("syntax: numeric key")
        << Target::Register << QByteArrayLiteral("{1:2}")
        << QStringLiteral("invalid character '1' looking for beginning of object key string")
        << true << QByteArray();
    QTest::newRow("syntax: comma first")
        << Target::Register << QByteArrayLiteral("{,}")
        << QStringLiteral("invalid character ',' looking for beginning of object key string")
        << true << QByteArray();
    QTest::newRow("syntax: closing bracket for object")
        << Target::Register << QByteArrayLiteral("{\"namespace\":\"a\"]")
        << QStringLiteral("invalid character ']' after object key:value pair") << true
        << QByteArray();
    QTest::newRow("syntax: stray closing brace")
        << Target::Register << QByteArrayLiteral("}")
        << QStringLiteral("invalid character '}' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("syntax: bare word")
        << Target::Register << QByteArrayLiteral("namespace")
        << QStringLiteral("invalid character 'a' in literal null (expecting 'u')") << true
        << QByteArray();
    QTest::newRow("syntax: truncated true")
        << Target::Register << QByteArrayLiteral("tru") << QStringLiteral("unexpected EOF") << true
        << QByteArray();
    QTest::newRow("syntax: bad null literal")
        << Target::Register << QByteArrayLiteral("nulx")
        << QStringLiteral("invalid character 'x' in literal null (expecting 'l')") << true
        << QByteArray();
    QTest::newRow("syntax: bad false literal")
        << Target::Register << QByteArrayLiteral("{\"namespace\":fals}")
        << QStringLiteral("invalid character '}' in literal false (expecting 'e')") << true
        << QByteArray();
    QTest::newRow("syntax: capitalised literal")
        << Target::Register << QByteArrayLiteral("{\"namespace\":True}")
        << QStringLiteral("invalid character 'T' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("syntax: raw newline in string")
        << Target::Register << QByteArrayLiteral("{\"namespace\":\"a\nb\"}")
        << QStringLiteral("invalid character '\\n' in string literal") << true << QByteArray();
    QTest::newRow("syntax: raw tab in string")
        << Target::Register << QByteArrayLiteral("{\"namespace\":\"a\tb\"}")
        << QStringLiteral("invalid character '\\t' in string literal") << true << QByteArray();
    QTest::newRow("syntax: control character in string")
        << Target::Register << QByteArrayLiteral("{\"namespace\":\"a\001b\"}")
        << QStringLiteral("invalid character '\\x01' in string literal") << true << QByteArray();
    QTest::newRow("syntax: NUL byte in string")
        << Target::Register << QByteArray("{\"namespace\":\"a\000b\"}", 19)
        << QStringLiteral("invalid character '\\x00' in string literal") << true << QByteArray();
    QTest::newRow("syntax: bad escape")
        << Target::Register << QByteArrayLiteral("{\"namespace\":\"\\a\"}")
        << QStringLiteral("invalid character 'a' in string escape code") << true << QByteArray();
    QTest::newRow("syntax: bad unicode escape")
        << Target::Register << QByteArrayLiteral("{\"namespace\":\"\\u12g4\"}")
        << QStringLiteral("invalid character 'g' in \\u hexadecimal character escape") << true
        << QByteArray();
    QTest::newRow("syntax: short unicode escape")
        << Target::Register << QByteArrayLiteral("{\"namespace\":\"\\u12\"}")
        << QStringLiteral("invalid character '\"' in \\u hexadecimal character escape") << true
        << QByteArray();
    QTest::newRow("syntax: minus without digits")
        << Target::Register << QByteArrayLiteral("{\"leaseTtlSeconds\":-x}")
        << QStringLiteral("invalid character 'x' in numeric literal") << true << QByteArray();
    QTest::newRow("syntax: leading zero")
        << Target::Register << QByteArrayLiteral("{\"leaseTtlSeconds\":01}")
        << QStringLiteral("invalid character '1' after object key:value pair") << true
        << QByteArray();
    QTest::newRow("syntax: decimal point without digits")
        << Target::Register << QByteArrayLiteral("{\"leaseTtlSeconds\":1.x}")
        << QStringLiteral("invalid character 'x' after decimal point in numeric literal") << true
        << QByteArray();
    QTest::newRow("syntax: exponent without digits")
        << Target::Register << QByteArrayLiteral("{\"leaseTtlSeconds\":1ex}")
        << QStringLiteral("invalid character 'x' in exponent of numeric literal") << true
        << QByteArray();
    QTest::newRow("syntax: leading plus")
        << Target::Register << QByteArrayLiteral("{\"leaseTtlSeconds\":+1}")
        << QStringLiteral("invalid character '+' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("syntax: leading dot")
        << Target::Register << QByteArrayLiteral("{\"leaseTtlSeconds\":.5}")
        << QStringLiteral("invalid character '.' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("syntax: hex number")
        << Target::Register << QByteArrayLiteral("{\"leaseTtlSeconds\":0x10}")
        << QStringLiteral("invalid character 'x' after object key:value pair") << true
        << QByteArray();
    QTest::newRow("syntax: NaN") << Target::Register
                                 << QByteArrayLiteral("{\"leaseTtlSeconds\":NaN}")
                                 << QStringLiteral(
                                        "invalid character 'N' looking for beginning of value")
                                 << true << QByteArray();
    QTest::newRow("syntax: UTF-8 byte order mark")
        << Target::Register << QByteArrayLiteral("\357\273\277{}")
        << QStringLiteral("invalid character '\u00ef' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("syntax: no-break space before the value")
        << Target::Register << QByteArrayLiteral("\302\240{}")
        << QStringLiteral("invalid character '\u00c2' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("syntax: form feed is not JSON white space")
        << Target::Register << QByteArrayLiteral("\f{}")
        << QStringLiteral("invalid character '\\f' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("syntax: NUL before the value")
        << Target::Register << QByteArray("\000{}", 3)
        << QStringLiteral("invalid character '\\x00' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("syntax: non-ASCII bare value")
        << Target::Register << QByteArrayLiteral("{\"namespace\":\303\251}")
        << QStringLiteral("invalid character '\u00c3' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("syntax: unclosed array")
        << Target::Register << QByteArrayLiteral("{\"endpoints\":[{\"port\":80}")
        << QStringLiteral("unexpected EOF") << true << QByteArray();
    QTest::newRow("syntax: trailing comma in array")
        << Target::Register << QByteArrayLiteral("{\"endpoints\":[{\"port\":80},]}")
        << QStringLiteral("invalid character ']' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("syntax: missing comma in array")
        << Target::Register << QByteArrayLiteral("{\"endpoints\":[{\"port\":80} {\"port\":81}]}")
        << QStringLiteral("invalid character '{' after array element") << true << QByteArray();
    QTest::newRow("syntax: comment")
        << Target::Register << QByteArrayLiteral("{/*c*/\"namespace\":\"a\"}")
        << QStringLiteral("invalid character '/' looking for beginning of object key string")
        << true << QByteArray();
    QTest::newRow("syntax: syntax error after a type error")
        << Target::Register << QByteArrayLiteral("{\"namespace\":1,\"service\":}")
        << QStringLiteral("invalid character '}' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("syntax: syntax error after an unknown field")
        << Target::Register << QByteArrayLiteral("{\"foo\":1,\"namespace\":\"a\",}")
        << QStringLiteral("invalid character '}' looking for beginning of object key string")
        << true << QByteArray();
    QTest::newRow("syntax: syntax error deep inside an unknown field")
        << Target::Register << QByteArrayLiteral("{\"foo\":{\"bar\":[1,2,}]}}")
        << QStringLiteral("invalid character '}' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("syntax: nesting deeper than 10000")
        << Target::Register
        << QByteArray("{\"foo\":") + QByteArray(10000, '[') + QByteArray(10000, ']') +
               QByteArray("}")
        << QStringLiteral("invalid character '[' exceeded max depth") << true << QByteArray();
    QTest::newRow("syntax: nesting of 9999 levels is allowed")
        << Target::Register << QByteArray(9999, '[') + QByteArray(9999, ']')
        << QStringLiteral(
               "json: cannot unmarshal array into Go value of type registry.RegisterInput")
        << true << QByteArray();
    QTest::newRow("deregister syntax: unclosed object")
        << Target::Deregister << QByteArrayLiteral("{\"namespace\":\"p\"")
        << QStringLiteral("unexpected EOF") << true << QByteArray();
    QTest::newRow("heartbeat syntax: unclosed object")
        << Target::Heartbeat << QByteArrayLiteral("{\"namespace\":\"p\"")
        << QStringLiteral("unexpected EOF") << true << QByteArray();
    QTest::newRow("deregister syntax: bad escape")
        << Target::Deregister << QByteArrayLiteral("{\"instanceId\":\"\\x\"}")
        << QStringLiteral("invalid character 'x' in string escape code") << true << QByteArray();
    QTest::newRow("heartbeat syntax: bad escape")
        << Target::Heartbeat << QByteArrayLiteral("{\"instanceId\":\"\\x\"}")
        << QStringLiteral("invalid character 'x' in string escape code") << true << QByteArray();
    QTest::newRow("deregister syntax: byte order mark")
        << Target::Deregister << QByteArrayLiteral("\357\273\277{}")
        << QStringLiteral("invalid character '\u00ef' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("heartbeat syntax: byte order mark")
        << Target::Heartbeat << QByteArrayLiteral("\357\273\277{}")
        << QStringLiteral("invalid character '\u00ef' looking for beginning of value") << true
        << QByteArray();
    QTest::newRow("first value: second object ignored")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-1\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":["
               "{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}{\"namespace\":1}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-1\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("first value: garbage ignored")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-2\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":["
               "{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]} garbage")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-2\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("first value: unclosed second value ignored")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-3\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}{")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-3\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("first value: null then garbage")
        << Target::Register << QByteArrayLiteral("null x") << QStringLiteral("service is required")
        << false << QByteArray();
    QTest::newRow("first value: deregister with trailing text")
        << Target::Deregister
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-4\",\"service\":\"svc\",\"instanceId\":\"i-1\"}\n{\"x\"")
        << QString() << false << QByteArray();
    QTest::newRow("unknown field")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-5\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":["
               "{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],\"foo\":1}")
        << QStringLiteral("json: unknown field \"foo\"") << true << QByteArray();
    QTest::newRow("unknown field first in document order")
        << Target::Register
        << QByteArrayLiteral("{\"foo\":1,\"namespace\":2,\"namespace\":\"dec-6\",\"service\":"
                             "\"svc\",\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: unknown field \"foo\"") << true << QByteArray();
    QTest::newRow("type error first in document order")
        << Target::Register
        << QByteArrayLiteral(
               "{\"zone\":2,\"foo\":1,\"namespace\":\"dec-7\",\"service\":\"svc\",\"instanceId\":"
               "\"i-1\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal number into Go struct field RegisterInput.Zone "
                          "of type string")
        << true << QByteArray();
    QTest::newRow("unknown field inside an endpoint")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-8\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":["
               "{\"protocol\":\"http\",\"host\":\"h\",\"port\":80,\"url\":\"x\"}]}")
        << QStringLiteral("json: unknown field \"url\"") << true << QByteArray();
    QTest::newRow("unknown field quoted like Go")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-9\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":["
               "{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],\"fo\\\"o\\\\\":1}")
        << QStringLiteral("json: unknown field \"fo\\\"o\\\\\"") << true << QByteArray();
    QTest::newRow("unknown field with escape decoded")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-10\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],\"\\u0066oo\":1}")
        << QStringLiteral("json: unknown field \"foo\"") << true << QByteArray();
    QTest::newRow("unknown non-ASCII field")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-11\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],"
                             "\"\345\220\215\347\247\260\":1}")
        << QStringLiteral("json: unknown field \"\u540d\u79f0\"") << true << QByteArray();
    QTest::newRow("unknown field with control character")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-12\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],\"a\\u0001b\":1}")
        << QStringLiteral("json: unknown field \"a\\x01b\"") << true << QByteArray();
    QTest::newRow("unknown field with invalid UTF-8")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-13\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],\"a\377b\":1}")
        << QStringLiteral("json: unknown field \"a\ufffdb\"") << true << QByteArray();
    QTest::newRow("unknown field with empty name")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-14\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],\"\":1}")
        << QStringLiteral("json: unknown field \"\"") << true << QByteArray();
    QTest::newRow("value of an unknown field is not type-checked")
        << Target::Register
        << QByteArrayLiteral("{\"foo\":{\"port\":\"x\"},\"namespace\":\"dec-15\",\"service\":"
                             "\"svc\",\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: unknown field \"foo\"") << true << QByteArray();
    QTest::newRow("deregister: lease is unknown")
        << Target::Deregister
        << QByteArrayLiteral("{\"namespace\":\"dec-16\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"leaseTtlSeconds\":5}")
        << QStringLiteral("json: unknown field \"leaseTtlSeconds\"") << true << QByteArray();
    QTest::newRow("deregister: endpoints are unknown")
        << Target::Deregister
        << QByteArrayLiteral("{\"namespace\":\"dec-17\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[]}")
        << QStringLiteral("json: unknown field \"endpoints\"") << true << QByteArray();
    QTest::newRow("heartbeat: zone is unknown")
        << Target::Heartbeat
        << QByteArrayLiteral("{\"namespace\":\"dec-18\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"zone\":\"az1\"}")
        << QStringLiteral("json: unknown field \"zone\"") << true << QByteArray();
    QTest::newRow("deregister: unknown field")
        << Target::Deregister
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-19\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"id\":\"x\"}")
        << QStringLiteral("json: unknown field \"id\"") << true << QByteArray();
    QTest::newRow("keys match case-insensitively")
        << Target::Register
        << QByteArrayLiteral(
               "{\"NAMESPACE\":\"dec-20\",\"Service\":\"svc\",\"INSTANCEID\":\"i-1\",\"Endpoints\":"
               "[{\"PROTOCOL\":\"http\",\"Host\":\"h\",\"pOrT\":80,\"WEIGHT\":7}],"
               "\"leasettlseconds\":9,\"ZONE\":\"z\",\"LABELS\":{\"K\":\"V\"}}")
        << QString() << false
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-20\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"zone\":"
               "\"z\",\"labels\":{\"K\":\"V\"},\"endpoints\":[{\"name\":\"http\",\"protocol\":"
               "\"http\",\"host\":\"h\",\"port\":80,\"weight\":7}],\"leaseTtlSeconds\":9,"
               "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("structured keys match case-insensitively")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-21\",\"ORGANIZATION\":\"o\",\"businessdomain\":\"b\","
               "\"CapabilityDomain\":\"c\",\"APPLICATION\":\"a\",\"role\":\"r\",\"instanceId\":\"i-"
               "1\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QString() << false
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-21\",\"service\":\"o.b.c.a.r\",\"organization\":\"o\","
               "\"businessDomain\":\"b\",\"capabilityDomain\":\"c\",\"application\":\"a\",\"role\":"
               "\"r\",\"instanceId\":\"i-1\",\"endpoints\":[{\"name\":\"http\",\"protocol\":"
               "\"http\",\"host\":\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
               "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("escaped key matches")
        << Target::Register
        << QByteArrayLiteral(
               "{\"n\\u0061mespace\":\"dec-22\",\"service\":\"svc\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-22\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("long s folds to S (Go 1.19 and 1.25)")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-23\",\"\305\277ervice\":\"svc\",\"in\305\277tanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"ho\305\277t\":\"h\",\"port\":80}]}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-23\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("Kelvin sign matches no field")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-24\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],\"\342\204\252ey\":1}")
        << QStringLiteral("json: unknown field \"\u212aey\"") << true << QByteArray();
    QTest::newRow("field name with a space is unknown")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-25\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],\"name space\":1}")
        << QStringLiteral("json: unknown field \"name space\"") << true << QByteArray();
    QTest::newRow("snake case is unknown")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-26\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],\"instance_id\":\"x\"}")
        << QStringLiteral("json: unknown field \"instance_id\"") << true << QByteArray();
    QTest::newRow("deregister: keys match case-insensitively")
        << Target::Deregister
        << QByteArrayLiteral(
               "{\"Namespace\":\"dec-27\",\"SERVICE\":\"svc\",\"InstanceID\":\"i-1\"}")
        << QString() << false << QByteArray();
    QTest::newRow("heartbeat: keys match case-insensitively")
        << Target::Heartbeat
        << QByteArrayLiteral("{\"namespace\":\"dec-28\",\"service\":\"svc\",\"instanceid\":\"i-1\","
                             "\"LEASETTLSECONDS\":5}")
        << QString() << false << QByteArray();
    QTest::newRow("type error names the Go field, not the key")
        << Target::Register << QByteArrayLiteral("{\"NAMESPACE\":1}")
        << QStringLiteral("json: cannot unmarshal number into Go struct field "
                          "RegisterInput.Namespace of type string")
        << true << QByteArray();
    QTest::newRow("type error names the json tag on deregister")
        << Target::Deregister << QByteArrayLiteral("{\"NAMESPACE\":1}")
        << QStringLiteral("json: cannot unmarshal number into Go struct field "
                          "DeregisterRequest.namespace of type string")
        << true << QByteArray();
    QTest::newRow("null leaves strings unset")
        << Target::Register
        << QByteArrayLiteral("{\"zone\":null,\"organization\":null,\"namespace\":\"dec-29\","
                             "\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":[{"
                             "\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-29\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("null labels and metadata")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-30\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],"
                             "\"labels\":null,\"metadata\":null}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-30\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("null endpoints")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-31\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":null}")
        << QStringLiteral("at least one endpoint is required") << false << QByteArray();
    QTest::newRow("null endpoint element")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-32\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[null]}")
        << QStringLiteral("endpoint protocol is required") << false << QByteArray();
    QTest::newRow("null endpoint members")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-33\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80,"
                             "\"name\":null,\"weight\":null,\"path\":null}]}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-33\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("null lease")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-34\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],\"leaseTtlSeconds\":null}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-34\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("null label value")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-35\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],"
                             "\"labels\":{\"a\":null,\"b\":\"x\"}}")
        << QString() << false
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-35\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"labels\":{"
               "\"a\":\"\",\"b\":\"x\"},\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\","
               "\"host\":\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
               "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("heartbeat: null lease")
        << Target::Heartbeat
        << QByteArrayLiteral("{\"namespace\":\"dec-36\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"leaseTtlSeconds\":null}")
        << QString() << false << QByteArray();
    QTest::newRow("type: number into namespace")
        << Target::Register
        << QByteArrayLiteral(
               "{\"zone\":1,\"namespace\":\"dec-37\",\"service\":\"svc\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal number into Go struct field RegisterInput.Zone "
                          "of type string")
        << true << QByteArray();
    QTest::newRow("type: bool into zone")
        << Target::Register
        << QByteArrayLiteral(
               "{\"zone\":true,\"namespace\":\"dec-38\",\"service\":\"svc\",\"instanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral(
               "json: cannot unmarshal bool into Go struct field RegisterInput.Zone of type string")
        << true << QByteArray();
    QTest::newRow("type: object into instanceId")
        << Target::Register
        << QByteArrayLiteral(
               "{\"instanceId\":{},\"namespace\":\"dec-39\",\"service\":\"svc\",\"instanceId\":\"i-"
               "1\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal object into Go struct field "
                          "RegisterInput.InstanceID of type string")
        << true << QByteArray();
    QTest::newRow("type: array into organization")
        << Target::Register
        << QByteArrayLiteral(
               "{\"organization\":[],\"namespace\":\"dec-40\",\"service\":\"svc\",\"instanceId\":"
               "\"i-1\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal array into Go struct field "
                          "RegisterInput.Organization of type string")
        << true << QByteArray();
    QTest::newRow("type: string into lease")
        << Target::Register
        << QByteArrayLiteral("{\"leaseTtlSeconds\":\"30\",\"namespace\":\"dec-41\",\"service\":"
                             "\"svc\",\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal string into Go struct field "
                          "RegisterInput.LeaseTTLSeconds of type int64")
        << true << QByteArray();
    QTest::newRow("type: float into lease")
        << Target::Register
        << QByteArrayLiteral("{\"leaseTtlSeconds\":1.5,\"namespace\":\"dec-42\",\"service\":"
                             "\"svc\",\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal number 1.5 into Go struct field "
                          "RegisterInput.LeaseTTLSeconds of type int64")
        << true << QByteArray();
    QTest::newRow("type: exponent into lease")
        << Target::Register
        << QByteArrayLiteral("{\"leaseTtlSeconds\":1e2,\"namespace\":\"dec-43\",\"service\":"
                             "\"svc\",\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal number 1e2 into Go struct field "
                          "RegisterInput.LeaseTTLSeconds of type int64")
        << true << QByteArray();
    QTest::newRow("type: integer with fraction zero into lease")
        << Target::Register
        << QByteArrayLiteral("{\"leaseTtlSeconds\":30.0,\"namespace\":\"dec-44\",\"service\":"
                             "\"svc\",\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal number 30.0 into Go struct field "
                          "RegisterInput.LeaseTTLSeconds of type int64")
        << true << QByteArray();
    QTest::newRow("type: lease above int64")
        << Target::Register
        << QByteArrayLiteral("{\"leaseTtlSeconds\":9223372036854775808,\"namespace\":\"dec-45\","
                             "\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":[{"
                             "\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal number 9223372036854775808 into Go struct field "
                          "RegisterInput.LeaseTTLSeconds of type int64")
        << true << QByteArray();
    QTest::newRow("type: lease below int64")
        << Target::Register
        << QByteArrayLiteral("{\"leaseTtlSeconds\":-9223372036854775809,\"namespace\":\"dec-46\","
                             "\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":[{"
                             "\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal number -9223372036854775809 into Go struct field "
                          "RegisterInput.LeaseTTLSeconds of type int64")
        << true << QByteArray();
    QTest::newRow("type: bool into lease")
        << Target::Register
        << QByteArrayLiteral("{\"leaseTtlSeconds\":false,\"namespace\":\"dec-47\",\"service\":"
                             "\"svc\",\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal bool into Go struct field "
                          "RegisterInput.LeaseTTLSeconds of type int64")
        << true << QByteArray();
    QTest::newRow("type: string into labels")
        << Target::Register
        << QByteArrayLiteral(
               "{\"labels\":\"a=b\",\"namespace\":\"dec-48\",\"service\":\"svc\",\"instanceId\":"
               "\"i-1\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal string into Go struct field RegisterInput.Labels "
                          "of type map[string]string")
        << true << QByteArray();
    QTest::newRow("type: array into metadata")
        << Target::Register
        << QByteArrayLiteral(
               "{\"metadata\":[\"a\"],\"namespace\":\"dec-49\",\"service\":\"svc\",\"instanceId\":"
               "\"i-1\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal array into Go struct field "
                          "RegisterInput.Metadata of type map[string]string")
        << true << QByteArray();
    QTest::newRow("type: number into a label value")
        << Target::Register
        << QByteArrayLiteral(
               "{\"labels\":{\"a\":1},\"namespace\":\"dec-50\",\"service\":\"svc\",\"instanceId\":"
               "\"i-1\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal number into Go struct field RegisterInput.Labels "
                          "of type string")
        << true << QByteArray();
    QTest::newRow("type: object into a label value")
        << Target::Register
        << QByteArrayLiteral(
               "{\"labels\":{\"a\":{}},\"namespace\":\"dec-51\",\"service\":\"svc\",\"instanceId\":"
               "\"i-1\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal object into Go struct field RegisterInput.Labels "
                          "of type string")
        << true << QByteArray();
    QTest::newRow("type: object into endpoints")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-52\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":{}}")
        << QStringLiteral("json: cannot unmarshal object into Go struct field "
                          "RegisterInput.Endpoints of type []registry.Endpoint")
        << true << QByteArray();
    QTest::newRow("type: string into endpoints")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-53\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":\"http\"}")
        << QStringLiteral("json: cannot unmarshal string into Go struct field "
                          "RegisterInput.Endpoints of type []registry.Endpoint")
        << true << QByteArray();
    QTest::newRow("type: number as endpoint")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-54\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[1]}")
        << QStringLiteral("json: cannot unmarshal number into Go struct field "
                          "RegisterInput.Endpoints of type registry.Endpoint")
        << true << QByteArray();
    QTest::newRow("type: array as endpoint")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-55\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[[]]}")
        << QStringLiteral("json: cannot unmarshal array into Go struct field "
                          "RegisterInput.Endpoints of type registry.Endpoint")
        << true << QByteArray();
    QTest::newRow("type: string port")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-56\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":\"80\"}]}")
        << QStringLiteral("json: cannot unmarshal string into Go struct field "
                          "Endpoint.Endpoints.port of type int32")
        << true << QByteArray();
    QTest::newRow("type: float port")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-57\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80.5}]}")
        << QStringLiteral("json: cannot unmarshal number 80.5 into Go struct field "
                          "Endpoint.Endpoints.port of type int32")
        << true << QByteArray();
    QTest::newRow("type: port with zero fraction")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-58\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80.0}]}")
        << QStringLiteral("json: cannot unmarshal number 80.0 into Go struct field "
                          "Endpoint.Endpoints.port of type int32")
        << true << QByteArray();
    QTest::newRow("type: exponent port")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-59\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":8e3}]}")
        << QStringLiteral("json: cannot unmarshal number 8e3 into Go struct field "
                          "Endpoint.Endpoints.port of type int32")
        << true << QByteArray();
    QTest::newRow("type: port above int32")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-60\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":2147483648}]}")
        << QStringLiteral("json: cannot unmarshal number 2147483648 into Go struct field "
                          "Endpoint.Endpoints.port of type int32")
        << true << QByteArray();
    QTest::newRow("type: port far above int32")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-61\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":70000000000}]}")
        << QStringLiteral("json: cannot unmarshal number 70000000000 into Go struct field "
                          "Endpoint.Endpoints.port of type int32")
        << true << QByteArray();
    QTest::newRow("type: port below int32")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-62\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":-2147483649}]}")
        << QStringLiteral("json: cannot unmarshal number -2147483649 into Go struct field "
                          "Endpoint.Endpoints.port of type int32")
        << true << QByteArray();
    QTest::newRow("type: bool port")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-63\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":true}]}")
        << QStringLiteral("json: cannot unmarshal bool into Go struct field "
                          "Endpoint.Endpoints.port of type int32")
        << true << QByteArray();
    QTest::newRow("type: object port")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-64\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":{}}]}")
        << QStringLiteral("json: cannot unmarshal object into Go struct field "
                          "Endpoint.Endpoints.port of type int32")
        << true << QByteArray();
    QTest::newRow("type: huge port")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-65\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":123456789012345678901234567890}]}")
        << QStringLiteral("json: cannot unmarshal number 123456789012345678901234567890 into Go "
                          "struct field Endpoint.Endpoints.port of type int32")
        << true << QByteArray();
    QTest::newRow("type: max int32 port decodes")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-66\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":2147483647}]}")
        << QStringLiteral("endpoint port must be within 1..65535") << false << QByteArray();
    QTest::newRow("type: negative zero port decodes")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-67\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":-0}]}")
        << QStringLiteral("endpoint port must be within 1..65535") << false << QByteArray();
    QTest::newRow("type: string weight")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-68\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80,\"weight\":\"5\"}]}")
        << QStringLiteral("json: cannot unmarshal string into Go struct field "
                          "Endpoint.Endpoints.weight of type int32")
        << true << QByteArray();
    QTest::newRow("type: float weight")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-69\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80,\"weight\":0.5}]}")
        << QStringLiteral("json: cannot unmarshal number 0.5 into Go struct field "
                          "Endpoint.Endpoints.weight of type int32")
        << true << QByteArray();
    QTest::newRow("type: number into endpoint name")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-70\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80,\"name\":7}]}")
        << QStringLiteral("json: cannot unmarshal number into Go struct field "
                          "Endpoint.Endpoints.name of type string")
        << true << QByteArray();
    QTest::newRow("type: error in the second endpoint")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-71\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80},{"
                             "\"protocol\":\"grpc\",\"host\":\"h\",\"port\":\"x\"}]}")
        << QStringLiteral("json: cannot unmarshal string into Go struct field "
                          "Endpoint.Endpoints.port of type int32")
        << true << QByteArray();
    QTest::newRow("type: first type error wins")
        << Target::Register
        << QByteArrayLiteral("{\"zone\":1,\"leaseTtlSeconds\":\"x\",\"namespace\":\"dec-72\","
                             "\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":[{"
                             "\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal number into Go struct field RegisterInput.Zone "
                          "of type string")
        << true << QByteArray();
    QTest::newRow("type: first error is the earlier in the document")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-73\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":\"x\"}],\"zone\":1}")
        << QStringLiteral("json: cannot unmarshal string into Go struct field "
                          "Endpoint.Endpoints.port of type int32")
        << true << QByteArray();
    QTest::newRow("type: type error before an unknown field")
        << Target::Register
        << QByteArrayLiteral("{\"leaseTtlSeconds\":\"x\",\"foo\":1,\"namespace\":\"dec-74\","
                             "\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":[{"
                             "\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: cannot unmarshal string into Go struct field "
                          "RegisterInput.LeaseTTLSeconds of type int64")
        << true << QByteArray();
    QTest::newRow("type: unknown field before a type error")
        << Target::Register
        << QByteArrayLiteral("{\"foo\":1,\"leaseTtlSeconds\":\"x\",\"namespace\":\"dec-75\","
                             "\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":[{"
                             "\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QStringLiteral("json: unknown field \"foo\"") << true << QByteArray();
    QTest::newRow("deregister type: number into namespace")
        << Target::Deregister
        << QByteArrayLiteral("{\"namespace\":1,\"service\":\"svc\",\"instanceId\":\"i-1\"}")
        << QStringLiteral("json: cannot unmarshal number into Go struct field "
                          "DeregisterRequest.namespace of type string")
        << true << QByteArray();
    QTest::newRow("deregister type: object into organization")
        << Target::Deregister
        << QByteArrayLiteral("{\"namespace\":\"dec-76\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"organization\":{}}")
        << QStringLiteral("json: cannot unmarshal object into Go struct field "
                          "DeregisterRequest.organization of type string")
        << true << QByteArray();
    QTest::newRow("heartbeat type: string lease")
        << Target::Heartbeat
        << QByteArrayLiteral("{\"namespace\":\"dec-77\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"leaseTtlSeconds\":\"5\"}")
        << QStringLiteral("json: cannot unmarshal string into Go struct field "
                          "HeartbeatRequest.leaseTtlSeconds of type int64")
        << true << QByteArray();
    QTest::newRow("heartbeat type: float lease")
        << Target::Heartbeat
        << QByteArrayLiteral("{\"namespace\":\"dec-78\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"leaseTtlSeconds\":2.5}")
        << QStringLiteral("json: cannot unmarshal number 2.5 into Go struct field "
                          "HeartbeatRequest.leaseTtlSeconds of type int64")
        << true << QByteArray();
    QTest::newRow("heartbeat type: lease above int64")
        << Target::Heartbeat
        << QByteArrayLiteral("{\"namespace\":\"dec-79\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"leaseTtlSeconds\":18446744073709551616}")
        << QStringLiteral("json: cannot unmarshal number 18446744073709551616 into Go struct field "
                          "HeartbeatRequest.leaseTtlSeconds of type int64")
        << true << QByteArray();
    QTest::newRow("heartbeat type: array into instanceId")
        << Target::Heartbeat
        << QByteArrayLiteral("{\"namespace\":\"p\",\"service\":\"svc\",\"instanceId\":[\"i\"]}")
        << QStringLiteral("json: cannot unmarshal array into Go struct field "
                          "HeartbeatRequest.instanceId of type string")
        << true << QByteArray();
    QTest::newRow("string escapes decoded")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-80\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],"
                             "\"zone\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\te\\u00e9\\ud83d\\ude00\"}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-80\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"zone\":\"a\\\"b\\\\c/"
                             "d\\b\\f\\n\\r\\te\303\251\360\237\230\200\",\"endpoints\":[{\"name\":"
                             "\"http\",\"protocol\":\"http\",\"host\":\"h\",\"port\":80,\"weight\":"
                             "100}],\"leaseTtlSeconds\":30,\"registeredAtUnix\":1795578332,"
                             "\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("lone surrogate escape becomes U+FFFD")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-81\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],"
                             "\"zone\":\"a\\ud800b\\udc00c\"}")
        << QString() << false
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-81\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"zone\":"
               "\"a\357\277\275b\357\277\275c\",\"endpoints\":[{\"name\":\"http\",\"protocol\":"
               "\"http\",\"host\":\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
               "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("invalid UTF-8 becomes U+FFFD")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-82\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],"
                             "\"zone\":\"a\377b\303c\342\202\"}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-82\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"zone\":\"a\357\277\275b\357\277\275c\357\277\275\357\277\275\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("raw non-ASCII kept")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-83\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],"
                             "\"zone\":\"\345\217\257\347\224\250\345\214\272 \360\237\230\200\"}")
        << QString() << false
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-83\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"zone\":"
               "\"\345\217\257\347\224\250\345\214\272 "
               "\360\237\230\200\",\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\","
               "\"host\":\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
               "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("duplicate key: last wins")
        << Target::Register
        << QByteArrayLiteral("{\"zone\":\"a\",\"namespace\":\"dec-84\",\"service\":\"svc\","
                             "\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"h\",\"port\":80}],\"zone\":\"b\"}")
        << QString() << false
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-84\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"zone\":"
               "\"b\",\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":\"h\","
               "\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,\"registeredAtUnix\":"
               "1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("duplicate key in another case: last wins")
        << Target::Register
        << QByteArrayLiteral("{\"zone\":\"a\",\"namespace\":\"dec-85\",\"service\":\"svc\","
                             "\"instanceId\":\"i-1\",\"endpoints\":[{\"protocol\":\"http\","
                             "\"host\":\"h\",\"port\":80}],\"ZONE\":\"b\"}")
        << QString() << false
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-85\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"zone\":"
               "\"b\",\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":\"h\","
               "\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,\"registeredAtUnix\":"
               "1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("duplicate labels objects merge")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-86\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],\"labels\":{\"a\":\"1\",\"b\":"
               "\"2\"},\"labels\":{\"b\":\"3\",\"c\":\"4\"}}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-86\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"labels\":{\"a\":\"1\",\"b\":\"3\",\"c\":\"4\"},\"endpoints\":[{"
                             "\"name\":\"http\",\"protocol\":\"http\",\"host\":\"h\",\"port\":80,"
                             "\"weight\":100}],\"leaseTtlSeconds\":30,\"registeredAtUnix\":"
                             "1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("null between labels objects resets")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-87\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],"
                             "\"labels\":{\"a\":\"1\"},\"labels\":null,\"labels\":{\"c\":\"4\"}}")
        << QString() << false
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-87\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"labels\":{"
               "\"c\":\"4\"},\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
               "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,\"registeredAtUnix\":"
               "1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("duplicate endpoints arrays decode into the same elements")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-88\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],"
                             "\"endpoints\":[{\"port\":81}]}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-88\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":81,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("shorter second endpoints array truncates")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-89\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80},{\"protocol\":\"grpc\","
               "\"host\":\"h\",\"port\":90}],\"endpoints\":[{\"name\":\"web\"}]}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-89\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"web\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("empty second endpoints array")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-90\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],\"endpoints\":[]}")
        << QStringLiteral("at least one endpoint is required") << false << QByteArray();
    QTest::newRow("endpoint keys repeated inside one element")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-91\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80,\"port\":81}]}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-91\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":81,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("lease above 32 bits")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-92\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],"
                             "\"leaseTtlSeconds\":4294967296}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-92\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":4294967296,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("negative lease decodes, then fails validation")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-93\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}],"
                             "\"leaseTtlSeconds\":-9223372036854775808}")
        << QStringLiteral("leaseTtlSeconds must be greater than or equal to 0") << false
        << QByteArray();
    QTest::newRow("white space everywhere")
        << Target::Register
        << QByteArrayLiteral(" \n{ \"namespace\" :\t\"dec-94\" ,\r\n\"service\" : \"svc\" , "
                             "\"instanceId\":\"i-1\" ,\"endpoints\" : [ { \"protocol\" : \"http\" "
                             ", \"host\":\"h\" , \"port\" : 80 } ] } \n")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-94\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("exponent-free big weight")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-95\",\"service\":\"svc\",\"instanceId\":\"i-1\",\"endpoints\":"
               "[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80,\"weight\":2147483647}]}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-95\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":2147483647}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    QTest::newRow("heartbeat: lease decoded")
        << Target::Heartbeat
        << QByteArrayLiteral("{\"namespace\":\"dec-96\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"leaseTtlSeconds\":45}")
        << QString() << false << QByteArray();
    QTest::newRow("heartbeat: structured identity")
        << Target::Heartbeat
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-97\",\"organization\":\"company\",\"businessDomain\":"
               "\"trade\",\"capabilityDomain\":\"order\",\"application\":\"order-center\",\"role\":"
               "\"api\",\"instanceId\":\"i-1\"}")
        << QString() << false << QByteArray();
    QTest::newRow("deregister: escapes decoded")
        << Target::Deregister
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-98\",\"service\":\"s\\u0076c\",\"instanceId\":\"i\\u002d1\"}")
        << QString() << false << QByteArray();

    // Go 1.21 changed the case folding of JSON keys: ı, İ (and ſ, K) fold onto
    // ASCII letters. The real server (Go 1.25) accepts these keys; the Go 1.19
    // reference answers `json: unknown field ...` (captured text noted per row).
    // reference (Go 1.19): json: unknown field "\u0131nstanceId"
    QTest::newRow("dotless i folds to I (Go 1.21+)")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-99\",\"service\":\"svc\",\"\304\261nstanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-99\",\"service\":\"svc\",\"instanceId\":\"i-1\","
                             "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    // reference (Go 1.19): json: unknown field "\u0130nstanceId"
    QTest::newRow("dotted capital I folds to I (Go 1.21+)")
        << Target::Register
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-100\",\"service\":\"svc\",\"\304\260nstanceId\":\"i-1\","
               "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-100\",\"service\":\"svc\",\"instanceId\":\"i-"
                             "1\",\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":100}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    // reference (Go 1.19): json: unknown field "we\u0131ght"
    QTest::newRow("dotless i in an endpoint key (Go 1.21+)")
        << Target::Register
        << QByteArrayLiteral("{\"namespace\":\"dec-101\",\"service\":\"svc\",\"instanceId\":\"i-"
                             "1\",\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80,"
                             "\"we\304\261ght\":5}]}")
        << QString() << false
        << QByteArrayLiteral("{\"namespace\":\"dec-101\",\"service\":\"svc\",\"instanceId\":\"i-"
                             "1\",\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":"
                             "\"h\",\"port\":80,\"weight\":5}],\"leaseTtlSeconds\":30,"
                             "\"registeredAtUnix\":1795578332,\"lastHeartbeatUnix\":1795578332}");
    // reference (Go 1.19): json: unknown field "\u0131nstanceId"
    QTest::newRow("dotless i on deregister (Go 1.21+)")
        << Target::Deregister
        << QByteArrayLiteral(
               "{\"namespace\":\"dec-102\",\"service\":\"svc\",\"\304\261nstanceId\":\"i-1\"}")
        << QString() << false << QByteArray();
}

void TstGoJsonDecoder::decode()
{
    QFETCH(Target, target);
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QFETCH(bool, decodeFails);
    QFETCH(QByteArray, stored);

    QString decodeError;
    QString answer;
    switch (target) {
    case Target::Register: {
        RegisterRequest request;
        decodeError = GoJsonDecoder::decode(body, &request);
        answer = decodeError.isEmpty() ? request.normalize().message : decodeError;
        if (decodeError.isEmpty() && !stored.isEmpty() && answer.isEmpty()) {
            const RegisterRequest expected = storedInstance(stored);
            QCOMPARE(request.key, expected.key);
            QCOMPARE(request.zone, expected.zone);
            QCOMPARE(request.labels, expected.labels);
            QCOMPARE(request.metadata, expected.metadata);
            QCOMPARE(request.endpoints, expected.endpoints);
            QCOMPARE(request.leaseTtlSeconds, expected.leaseTtlSeconds);
        }
        break;
    }
    case Target::Deregister: {
        DeregisterRequest request;
        decodeError = GoJsonDecoder::decode(body, &request);
        answer = decodeError.isEmpty() ? request.normalize().message : decodeError;
        break;
    }
    case Target::Heartbeat: {
        HeartbeatRequest request;
        decodeError = GoJsonDecoder::decode(body, &request);
        answer = decodeError.isEmpty() ? request.normalize().message : decodeError;
        break;
    }
    }
    QCOMPARE(answer, message);
    QCOMPARE(!decodeError.isEmpty(), decodeFails);
}

void TstGoJsonDecoder::decodedIdentity()
{
    // Deregister and heartbeat bodies the reference server accepted (it
    // answered "instance deregistered" / "instance not found"): the decoded
    // values must be those the server used.
    HeartbeatRequest heartbeat;
    QCOMPARE(
        GoJsonDecoder::decode(
            QByteArray(
                R"({"NAMESPACE":"p","Service":"svc","instanceid":"i-1","LEASETTLSECONDS":45})"),
            &heartbeat),
        QString());
    QCOMPARE(heartbeat.key.namespaceName, QStringLiteral("p"));
    QCOMPARE(heartbeat.key.service.service, QStringLiteral("svc"));
    QCOMPARE(heartbeat.key.instanceId, QStringLiteral("i-1"));
    QCOMPARE(heartbeat.leaseTtlSeconds, qint64(45));

    DeregisterRequest deregister;
    QCOMPARE(
        GoJsonDecoder::decode(
            QByteArray(
                R"({"namespace":"p","service":"s\u0076c","instanceId":"i\u002d1","namespace":"q"})"),
            &deregister),
        QString());
    QCOMPARE(deregister.key.namespaceName, QStringLiteral("q")); // the last duplicate wins
    QCOMPARE(deregister.key.service.service, QStringLiteral("svc"));
    QCOMPARE(deregister.key.instanceId, QStringLiteral("i-1"));

    HeartbeatRequest structured;
    QCOMPARE(
        GoJsonDecoder::decode(
            QByteArray(
                R"({"namespace":"p","organization":"company","businessDomain":"trade","capabilityDomain":"order","application":"order-center","role":"api","instanceId":"i-1","leaseTtlSeconds":null})"),
            &structured),
        QString());
    QCOMPARE(structured.key.service.organization, QStringLiteral("company"));
    QCOMPARE(structured.key.service.role, QStringLiteral("api"));
    QCOMPARE(structured.leaseTtlSeconds, qint64(0));
    QVERIFY(!structured.normalize().isError());
    QCOMPARE(structured.key.service.service,
             QStringLiteral("company.trade.order.order-center.api"));
}

void TstGoJsonDecoder::fromGoBytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");

    QTest::newRow("ASCII") << QByteArrayLiteral("abc") << QStringLiteral("abc");
    QTest::newRow("valid two-byte sequence")
        << QByteArrayLiteral("caf\303\251") << QStringLiteral("caf\u00e9");
    QTest::newRow("valid four-byte sequence")
        << QByteArrayLiteral("\360\237\230\200") << QStringLiteral("\U0001f600");
    QTest::newRow("lone continuation byte")
        << QByteArrayLiteral("a\200b") << QStringLiteral("a\ufffdb");
    QTest::newRow("invalid byte 0xFF") << QByteArrayLiteral("a\377b") << QStringLiteral("a\ufffdb");
    QTest::newRow("truncated two-byte sequence")
        << QByteArrayLiteral("a\303b") << QStringLiteral("a\ufffdb");
    QTest::newRow("truncated three-byte sequence: one replacement per byte")
        << QByteArrayLiteral("a\342\202b") << QStringLiteral("a\ufffd\ufffdb");
    QTest::newRow("encoded surrogate")
        << QByteArrayLiteral("a\355\240\200b") << QStringLiteral("a\ufffd\ufffd\ufffdb");
    QTest::newRow("overlong encoding")
        << QByteArrayLiteral("a\300\257b") << QStringLiteral("a\ufffd\ufffdb");
    QTest::newRow("above U+10FFFF")
        << QByteArrayLiteral("a\364\220\200\200b") << QStringLiteral("a\ufffd\ufffd\ufffd\ufffdb");
    QTest::newRow("truncated sequence at the end")
        << QByteArrayLiteral("ab\342\202") << QStringLiteral("ab\ufffd\ufffd");
}

void TstGoJsonDecoder::fromGoBytes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    QCOMPARE(GoJsonDecoder::fromGoBytes(bytes), text);
}

QTEST_GUILESS_MAIN(TstGoJsonDecoder)
#include "tst_gojsondecoder.moc"
