// The model types as JSON: Instance, WatchEvent, ApiEnvelope, HealthStatus.
// Reading is lenient, writing must reproduce the server's bytes.
//
// Fixtures under fixtures/ are answers of the reference server
// (/work/ref/refserver): query-*.json and instance-full.json from
// GET /api/v1/registry/instances, envelope-*.json from writes, healthz*.json
// and readyz.json from the health routes, watch-*.sse from the watch stream
// (watch-rev53-* and watch-bigrev-* from servers started with
// --initial-index 9007199254740992 and 18446744073709551600). The reference
// is built with Go 1.19, which writes \b and \f as \u0008 and \u000c; Go 1.22+
// (the real server uses Go 1.25) writes the short forms, so query-escaping.json
// was captured and then given the Go 1.25 form of those two escapes.

#include "apienvelope.h"
#include "healthstatus.h"
#include "instance.h"
#include "jsonwriter.h"
#include "watchevent.h"
#include "watcheventdecoder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace stellmap;

Q_DECLARE_METATYPE(stellmap::Instance)

namespace {

QByteArray readFixture(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qFatal("cannot open fixture %s", qPrintable(path));
    }
    return file.readAll();
}

#define FIXTURE(name) readFixture(QFINDTESTDATA(QStringLiteral("fixtures/") + QStringLiteral(name)))

struct SseEvent
{
    QString id;
    QString event;
    QByteArray data;
};

// The fixtures hold one event each, written by the server as
// "id: N\nevent: T\ndata: {...}\n\n".
SseEvent parseSse(const QByteArray &text)
{
    SseEvent event;
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith("id: ")) {
            event.id = QString::fromUtf8(line.mid(4));
        } else if (line.startsWith("event: ")) {
            event.event = QString::fromUtf8(line.mid(7));
        } else if (line.startsWith("data: ")) {
            event.data = line.mid(6);
        }
    }
    return event;
}

QJsonObject object(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class TstModelJson : public QObject
{
    Q_OBJECT

private slots:
    void queryAnswerRoundTrip_data();
    void queryAnswerRoundTrip();
    void instanceFixtureRoundTrip();
    void instanceFieldsFromTheServer();
    void instanceLenientReading_data();
    void instanceLenientReading();
    void instanceLease_data();
    void instanceLease();
    void watchEventFixtures_data();
    void watchEventFixtures();
    void watchEventRevision_data();
    void watchEventRevision();
    void watchEventWithoutChange_data();
    void watchEventWithoutChange();
    void watchEventErrors_data();
    void watchEventErrors();
    void watchEventLenient();
    void largeSnapshotDecodesLikeASmallOne();
    void envelopeReading_data();
    void envelopeReading();
    void envelopeNotAnEnvelope_data();
    void envelopeNotAnEnvelope();
    void envelopeWriting_data();
    void envelopeWriting();
    void healthStatus_data();
    void healthStatus();
    void healthStatusWithoutLeader();
};

void TstModelJson::queryAnswerRoundTrip_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<int>("count");

    QTest::newRow("full instance, three endpoints") << FIXTURE("query-full.json") << 1;
    QTest::newRow("minimal instance, plain service") << FIXTURE("query-minimal.json") << 1;
    QTest::newRow("Go escaping and UTF-8 key order") << FIXTURE("query-escaping.json") << 1;
    QTest::newRow("empty result") << FIXTURE("query-empty.json") << 0;
}

void TstModelJson::queryAnswerRoundTrip()
{
    QFETCH(QByteArray, answer);
    QFETCH(int, count);

    const std::optional<ApiEnvelope> envelope = ApiEnvelope::fromJson(answer);
    QVERIFY(envelope);
    QVERIFY(envelope->isOk());
    QVERIFY(envelope->data.isArray());
    const QJsonArray items = envelope->data.toArray();
    QCOMPARE(items.size(), count);

    // Re-writing every instance reproduces the server's answer byte for byte.
    QByteArray rewritten = "{\"code\":\"ok\",\"data\":[";
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0) {
            rewritten += ',';
        }
        rewritten += Instance::fromJson(items.at(i).toObject()).toJson();
    }
    rewritten += "]}\n";
    QCOMPARE(rewritten, answer);
}

void TstModelJson::instanceFixtureRoundTrip()
{
    const QByteArray json = FIXTURE("instance-full.json");
    const Instance instance = Instance::fromJson(object(json));
    QCOMPARE(instance.toJson(), json);

    JsonWriter writer;
    writer.beginArray();
    instance.writeJson(writer);
    instance.writeJson(writer);
    writer.endArray();
    QCOMPARE(writer.data(), QByteArray('[' + json + ',' + json + ']'));
}

void TstModelJson::instanceFieldsFromTheServer()
{
    const Instance instance = Instance::fromJson(object(FIXTURE("instance-full.json")));
    QCOMPARE(instance.key.namespaceName, QStringLiteral("fixture-full"));
    QCOMPARE(instance.key.service.service, QStringLiteral("company.trade.order.order-center.api"));
    QCOMPARE(instance.key.service.organization, QStringLiteral("company"));
    QCOMPARE(instance.key.service.businessDomain, QStringLiteral("trade"));
    QCOMPARE(instance.key.service.capabilityDomain, QStringLiteral("order"));
    QCOMPARE(instance.key.service.application, QStringLiteral("order-center"));
    QCOMPARE(instance.key.service.role, QStringLiteral("api"));
    QCOMPARE(instance.key.instanceId, QStringLiteral("order-center-api-10.0.1.23"));
    QCOMPARE(instance.zone, QStringLiteral("az1"));
    QCOMPARE(instance.labels, (StringMap{{QStringLiteral("color"), QStringLiteral("gray")},
                                         {QStringLiteral("version"), QStringLiteral("v2")}}));
    QCOMPARE(instance.metadata,
             (StringMap{{QStringLiteral("build_sha"), QStringLiteral("abc123")},
                        {QStringLiteral("owner"), QStringLiteral("team-order")}}));
    const QList<Endpoint> endpoints{
        Endpoint{QStringLiteral("http"), QStringLiteral("http"), QStringLiteral("10.0.1.23"), 8080,
                 QStringLiteral("/"), 100},
        Endpoint{QStringLiteral("grpc"), QStringLiteral("grpc"), QStringLiteral("10.0.1.23"), 9090,
                 QString(), 50},
        Endpoint{QStringLiteral("metrics"), QStringLiteral("http"), QStringLiteral("10.0.1.23"),
                 9100, QStringLiteral("/metrics"), 100}};
    QCOMPARE(instance.endpoints, endpoints);
    QCOMPARE(instance.leaseTtlSeconds, qint64(45));
    QVERIFY(instance.registeredAtUnix > 1700000000);
    QCOMPARE(instance.lastHeartbeatUnix, instance.registeredAtUnix);
}

void TstModelJson::instanceLenientReading_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<Instance>("expected");

    Instance key;
    key.key.namespaceName = QStringLiteral("prod");
    key.key.service = ServiceName::fromService(QStringLiteral("svc"));
    key.key.instanceId = QStringLiteral("i-1");

    QTest::newRow("empty object") << QByteArray("{}") << Instance();
    QTest::newRow("only the key, no endpoints, labels or times")
        << QByteArray(R"({"namespace":"prod","service":"svc","instanceId":"i-1"})") << key;
    QTest::newRow("unknown members ignored")
        << QByteArray(
               R"({"namespace":"prod","service":"svc","instanceId":"i-1","future":{"x":[1,2]},"region":"eu"})")
        << key;
    QTest::newRow("nulls read as absent")
        << QByteArray(
               R"({"namespace":"prod","service":"svc","instanceId":"i-1","zone":null,"labels":null,"endpoints":null,"leaseTtlSeconds":null})")
        << key;
    QTest::newRow("mistyped members ignored")
        << QByteArray(
               R"({"namespace":"prod","service":"svc","instanceId":"i-1","zone":7,"labels":["a"],"metadata":"x","endpoints":{"a":1},"leaseTtlSeconds":"30","registeredAtUnix":true})")
        << key;
    {
        Instance expected = key;
        expected.endpoints = {Endpoint{QStringLiteral("http"), QStringLiteral("http"),
                                       QStringLiteral("h"), 0, QString(), 0},
                              Endpoint{QString(), QString(), QString(), 0, QString(), 0}};
        QTest::newRow("mistyped endpoint members")
            << QByteArray(
                   R"({"namespace":"prod","service":"svc","instanceId":"i-1","endpoints":[{"name":"http","protocol":"http","host":"h","port":"80","weight":"5"},"garbage"]})")
            << expected;
    }
    {
        Instance expected = key;
        expected.leaseTtlSeconds = 30;
        expected.registeredAtUnix = 4102444800; // beyond 2^31: 64-bit times
        expected.lastHeartbeatUnix = 4102444812;
        QTest::newRow("64-bit times")
            << QByteArray(
                   R"({"namespace":"prod","service":"svc","instanceId":"i-1","leaseTtlSeconds":30,"registeredAtUnix":4102444800,"lastHeartbeatUnix":4102444812})")
            << expected;
    }
}

void TstModelJson::instanceLenientReading()
{
    QFETCH(QByteArray, json);
    QFETCH(Instance, expected);

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const Instance actual = Instance::fromJson(document.object());
    QCOMPARE(actual.key.namespaceName, expected.key.namespaceName);
    QCOMPARE(actual.key.service.service, expected.key.service.service);
    QCOMPARE(actual.key.instanceId, expected.key.instanceId);
    QCOMPARE(actual.zone, expected.zone);
    QCOMPARE(actual.labels, expected.labels);
    QCOMPARE(actual.metadata, expected.metadata);
    QCOMPARE(actual.endpoints.size(), expected.endpoints.size());
    QCOMPARE(actual.endpoints, expected.endpoints);
    QCOMPARE(actual.leaseTtlSeconds, expected.leaseTtlSeconds);
    QCOMPARE(actual.registeredAtUnix, expected.registeredAtUnix);
    QCOMPARE(actual.lastHeartbeatUnix, expected.lastHeartbeatUnix);
}

void TstModelJson::instanceLease_data()
{
    QTest::addColumn<qint64>("ttl");
    QTest::addColumn<qint64>("registeredAt");
    QTest::addColumn<qint64>("lastHeartbeat");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<qint64>("effectiveTtl");
    QTest::addColumn<qint64>("expiresAt");
    QTest::addColumn<bool>("alive");

    // Contract section 3 and registry.IsAlive / EffectiveLeaseTTLSeconds.
    QTest::newRow("heartbeat plus TTL") << qint64(30) << qint64(1000) << qint64(1010)
                                        << qint64(1040) << qint64(30) << qint64(1040) << true;
    QTest::newRow("one second after") << qint64(30) << qint64(1000) << qint64(1010) << qint64(1041)
                                      << qint64(30) << qint64(1040) << false;
    QTest::newRow("no heartbeat yet: registration")
        << qint64(30) << qint64(1000) << qint64(0) << qint64(1031) << qint64(30) << qint64(1030)
        << false;
    QTest::newRow("TTL 0 is 30") << qint64(0) << qint64(1000) << qint64(1000) << qint64(1030)
                                 << qint64(30) << qint64(1030) << true;
    QTest::newRow("negative TTL is 30") << qint64(-5) << qint64(1000) << qint64(1000)
                                        << qint64(1031) << qint64(30) << qint64(1030) << false;
    QTest::newRow("no times known: alive")
        << qint64(30) << qint64(0) << qint64(0) << qint64(99999) << qint64(30) << qint64(0) << true;
}

void TstModelJson::instanceLease()
{
    QFETCH(qint64, ttl);
    QFETCH(qint64, registeredAt);
    QFETCH(qint64, lastHeartbeat);
    QFETCH(qint64, now);
    QFETCH(qint64, effectiveTtl);
    QFETCH(qint64, expiresAt);
    QFETCH(bool, alive);

    Instance instance;
    instance.leaseTtlSeconds = ttl;
    instance.registeredAtUnix = registeredAt;
    instance.lastHeartbeatUnix = lastHeartbeat;
    QCOMPARE(instance.effectiveLeaseTtl(), effectiveTtl);
    QCOMPARE(instance.expiresAtUnix(), expiresAt);
    QCOMPARE(instance.isAlive(now), alive);
    QCOMPARE(instance.expiresAt().isValid(), expiresAt > 0);
    if (expiresAt > 0) {
        QCOMPARE(instance.expiresAt().toSecsSinceEpoch(), expiresAt);
    }
}

void TstModelJson::watchEventFixtures_data()
{
    QTest::addColumn<QByteArray>("sse");
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("instances");
    QTest::addColumn<QString>("instanceId");
    QTest::addColumn<QString>("organization");

    const int snapshot = int(WatchEvent::Type::Snapshot);
    const int upsert = int(WatchEvent::Type::Upsert);
    const int removal = int(WatchEvent::Type::Delete);
    QTest::newRow("snapshot") << FIXTURE("watch-snapshot.sse") << snapshot << 1 << QString()
                              << QString();
    QTest::newRow("empty snapshot without instances member")
        << FIXTURE("watch-snapshot-empty.sse") << snapshot << 0 << QString() << QString();
    QTest::newRow("upsert") << FIXTURE("watch-upsert.sse") << upsert << 0 << QStringLiteral("i-2")
                            << QStringLiteral("company");
    QTest::newRow("delete of a structured service")
        << FIXTURE("watch-delete.sse") << removal << 0 << QStringLiteral("i-2")
        << QStringLiteral("company");
    QTest::newRow("delete of a plain service")
        << FIXTURE("watch-delete-plain.sse") << removal << 0 << QStringLiteral("x") << QString();
    QTest::newRow("snapshot, revision above 2^53")
        << FIXTURE("watch-rev53-snapshot.sse") << snapshot << 1 << QString() << QString();
    QTest::newRow("upsert, revision above 2^53")
        << FIXTURE("watch-rev53-upsert.sse") << upsert << 0 << QStringLiteral("i-2")
        << QStringLiteral("company");
    QTest::newRow("delete, revision above 2^53")
        << FIXTURE("watch-rev53-delete.sse") << removal << 0 << QStringLiteral("i-2")
        << QStringLiteral("company");
    QTest::newRow("snapshot, revision above 2^63")
        << FIXTURE("watch-bigrev-snapshot.sse") << snapshot << 1 << QString() << QString();
    QTest::newRow("upsert, revision above 2^63")
        << FIXTURE("watch-bigrev-upsert.sse") << upsert << 0 << QStringLiteral("i-2")
        << QStringLiteral("company");
    QTest::newRow("delete, revision above 2^63")
        << FIXTURE("watch-bigrev-delete-plain.sse") << removal << 0 << QStringLiteral("x")
        << QString();
}

void TstModelJson::watchEventFixtures()
{
    QFETCH(QByteArray, sse);
    QFETCH(int, type);
    QFETCH(int, instances);
    QFETCH(QString, instanceId);
    QFETCH(QString, organization);

    const SseEvent raw = parseSse(sse);
    QString error;
    const std::optional<WatchEvent> event =
        WatchEvent::fromSse(raw.event, raw.data, raw.id, &error);
    QCOMPARE(error, QString());
    QVERIFY(event);
    QCOMPARE(int(event->type), type);
    bool ok = false;
    QCOMPARE(event->revision, raw.id.toULongLong(&ok)); // exact, also above 2^53
    QVERIFY(ok);
    const QString expectedNamespace = raw.data.contains("\"watch-empty\"")
                                          ? QStringLiteral("watch-empty")
                                          : QStringLiteral("watch-fixture");
    QCOMPARE(event->namespaceName, expectedNamespace);
    QCOMPARE(event->instances.size(), instances);
    QCOMPARE(event->instanceId, instanceId);
    QCOMPARE(event->service.organization, organization);
    QCOMPARE(!event->instance.isNull(), type == int(WatchEvent::Type::Upsert));
    if (event->instance) {
        QCOMPARE(event->instance.instanceId(), instanceId);
        QCOMPARE(event->instance.labels().value(QStringLiteral("tier")), QStringLiteral("<web>"));
    }
    // Written back exactly as the server wrote it.
    QCOMPARE(event->toJson(), raw.data);
}

void TstModelJson::watchEventRevision_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("id");
    QTest::addColumn<quint64>("revision");

    const QByteArray tail = R"(,"type":"delete","namespace":"p","service":"s","instanceId":"i"})";
    QTest::newRow("payload revision")
        << QByteArray(R"({"revision":42)" + tail) << QStringLiteral("42") << quint64(42);
    QTest::newRow("payload wins over the id when set")
        << QByteArray(R"({"revision":7)" + tail) << QStringLiteral("42") << quint64(7);
    QTest::newRow("revision 0 falls back to the id")
        << QByteArray(R"({"revision":0)" + tail) << QStringLiteral("42") << quint64(42);
    QTest::newRow("absent revision falls back to the id")
        << QByteArray(R"({"type":"delete","namespace":"p","service":"s","instanceId":"i"})")
        << QStringLiteral("43") << quint64(43);
    QTest::newRow("revision 0 and no id")
        << QByteArray(R"({"revision":0)" + tail) << QString() << quint64(0);
    QTest::newRow("2^53 + 1 exact from the payload")
        << QByteArray(R"({"revision":9007199254740993)" + tail) << QString()
        << Q_UINT64_C(9007199254740993);
    QTest::newRow("2^63 - 1 exact from the payload")
        << QByteArray(R"({"revision":9223372036854775807)" + tail) << QString()
        << Q_UINT64_C(9223372036854775807);
    QTest::newRow("2^63 exact through the id")
        << QByteArray(R"({"revision":9223372036854775808)" + tail)
        << QStringLiteral("9223372036854775808") << Q_UINT64_C(9223372036854775808);
    QTest::newRow("2^64 - 1 exact through the id")
        << QByteArray(R"({"revision":18446744073709551615)" + tail)
        << QStringLiteral("18446744073709551615") << Q_UINT64_C(18446744073709551615);
    QTest::newRow("2^64 - 2 exact through the id (a double would round it)")
        << QByteArray(R"({"revision":18446744073709551614)" + tail)
        << QStringLiteral("18446744073709551614") << Q_UINT64_C(18446744073709551614);
    QTest::newRow("revision as a string falls back to the id")
        << QByteArray(R"({"revision":"12")" + tail) << QStringLiteral("13") << quint64(13);
}

void TstModelJson::watchEventRevision()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, id);
    QFETCH(quint64, revision);

    QString error;
    const std::optional<WatchEvent> event =
        WatchEvent::fromSse(QStringLiteral("delete"), data, id, &error);
    QCOMPARE(error, QString());
    QVERIFY(event);
    QCOMPARE(event->revision, revision);
}

void TstModelJson::watchEventWithoutChange_data()
{
    QTest::addColumn<QString>("eventName");
    QTest::addColumn<QByteArray>("data");

    QTest::newRow("ping") << QStringLiteral("ping") << QByteArray();
    QTest::newRow("heartbeat") << QStringLiteral("heartbeat") << QByteArray();
    QTest::newRow("keepalive") << QStringLiteral("keepalive") << QByteArray();
    QTest::newRow("keepalive with data") << QStringLiteral("keepalive") << QByteArray("{}");
}

void TstModelJson::watchEventWithoutChange()
{
    QFETCH(QString, eventName);
    QFETCH(QByteArray, data);

    QString error = QStringLiteral("stale");
    QVERIFY(!WatchEvent::fromSse(eventName, data, QStringLiteral("5"), &error));
    QCOMPARE(error, QString());
}

void TstModelJson::watchEventErrors_data()
{
    QTest::addColumn<QString>("eventName");
    QTest::addColumn<QByteArray>("data");

    QTest::newRow("unknown type") << QStringLiteral("message")
                                  << QByteArray(R"({"revision":1,"type":"rename"})");
    QTest::newRow("unknown event name without type")
        << QStringLiteral("message") << QByteArray(R"({"revision":1})");
    QTest::newRow("upsert without instance")
        << QStringLiteral("upsert")
        << QByteArray(
               R"({"revision":1,"type":"upsert","namespace":"p","service":"s","instanceId":"i"})");
    QTest::newRow("not JSON") << QStringLiteral("upsert") << QByteArray("<html>");
    QTest::newRow("JSON array") << QStringLiteral("snapshot") << QByteArray("[]");
    QTest::newRow("no data") << QStringLiteral("upsert") << QByteArray();
}

void TstModelJson::watchEventErrors()
{
    QFETCH(QString, eventName);
    QFETCH(QByteArray, data);

    QString error;
    QVERIFY(!WatchEvent::fromSse(eventName, data, QStringLiteral("1"), &error));
    QVERIFY(!error.isEmpty());
}

void TstModelJson::watchEventLenient()
{
    QString error;
    // The payload's type wins over the SSE event name.
    std::optional<WatchEvent> event = WatchEvent::fromSse(
        QStringLiteral("message"),
        QByteArray(
            R"({"revision":3,"type":"delete","namespace":"p","service":"s","instanceId":"i"})"),
        QString(), &error);
    QVERIFY(event);
    QCOMPARE(event->type, WatchEvent::Type::Delete);

    // Without a type in the payload the event name decides.
    event = WatchEvent::fromSse(QStringLiteral("snapshot"),
                                QByteArray(R"({"revision":4,"namespace":"p"})"), QString(), &error);
    QVERIFY(event);
    QCOMPARE(event->type, WatchEvent::Type::Snapshot);
    QVERIFY(event->instances.isEmpty());

    // An upsert whose event members are missing takes its key from the instance.
    event = WatchEvent::fromSse(
        QStringLiteral("upsert"),
        QByteArray(
            R"({"revision":5,"type":"upsert","instance":{"namespace":"p","service":"a.b.c.d.e","role":"e","instanceId":"i"}})"),
        QString(), &error);
    QVERIFY(event);
    QCOMPARE(event->namespaceName, QStringLiteral("p"));
    QCOMPARE(event->service.service, QStringLiteral("a.b.c.d.e"));
    QCOMPARE(event->instanceId, QStringLiteral("i"));
}

void TstModelJson::largeSnapshotDecodesLikeASmallOne()
{
    // Above 1 MB a snapshot is read instance by instance: texts with braces,
    // brackets, quotes, escapes and non-ASCII must not confuse the split, and
    // non-object elements read as empty instances, as in the small path.
    QList<Instance> instances;
    for (int i = 0; i < 3000; ++i) {
        Instance instance;
        instance.key.namespaceName = QStringLiteral("prod");
        instance.key.service.service = QStringLiteral("a.b.c.d.e");
        instance.key.service.organization = QStringLiteral("a");
        instance.key.instanceId = QStringLiteral("i-%1 {x} [y]").arg(i);
        instance.labels = {{QStringLiteral("note"), QStringLiteral("\"}]{[\\\" \\ ü ✓ %1").arg(i)},
                           {QStringLiteral("k}"), QStringLiteral("v]")}};
        instance.metadata = {{QStringLiteral("blob"), QString(300, QLatin1Char('z'))}};
        instance.endpoints = {Endpoint{QStringLiteral("http"), QStringLiteral("http"),
                                       QStringLiteral("10.0.0.1"), 8080, QStringLiteral("/{}"),
                                       100}};
        instance.leaseTtlSeconds = 30;
        instance.registeredAtUnix = 1764000000 + i;
        instances.append(instance);
    }
    WatchEvent snapshot;
    snapshot.type = WatchEvent::Type::Snapshot;
    snapshot.revision = 77;
    snapshot.namespaceName = QStringLiteral("prod");
    for (const Instance &instance : std::as_const(instances)) {
        snapshot.instances.append(InstanceRecord::fromInstance(instance));
    }
    QByteArray data = snapshot.toJson();
    QVERIFY(data.size() > (1 << 20));
    // A number and an array element that is not an object, in server member order.
    data.replace("\"instances\":[", "\"instances\":[7,");

    QString error;
    const std::optional<WatchEvent> event =
        WatchEvent::fromSse(QStringLiteral("snapshot"), data, QString(), &error);
    QCOMPARE(error, QString());
    QVERIFY(event);
    QCOMPARE(event->revision, quint64(77));
    QCOMPARE(event->namespaceName, QStringLiteral("prod"));
    QCOMPARE(event->instances.size(), instances.size() + 1);
    QCOMPARE(event->instances.first().toInstance(), Instance());
    QList<Instance> decoded;
    for (const InstanceRecord &record : event->instances.mid(1)) {
        decoded.append(record.toInstance());
    }
    QCOMPARE(decoded, instances);

    // The same payload streamed in pieces as it arrives (what a watch stream does)
    // decodes to the same event; a decoder takes one payload after another.
    WatchEventDecoder decoder;
    for (const qsizetype piece : {qsizetype(1) << 20, qsizetype(4093), qsizetype(977)}) {
        for (qsizetype pos = 0; pos < data.size(); pos += piece) {
            decoder.streamData(QByteArrayView(data).sliced(pos, qMin(piece, data.size() - pos)));
        }
        const std::optional<WatchEvent> streamed = decoder.finishStream("snapshot", {}, &error);
        QCOMPARE(error, QString());
        QVERIFY(streamed);
        QCOMPARE(streamed->toJson(), event->toJson());
    }

    // Broken inside an instance: an error, never a partial snapshot.
    QByteArray broken = snapshot.toJson();
    broken.replace("\"i-1500 {x} [y]\"", "\"i-1500");
    QVERIFY(!WatchEvent::fromSse(QStringLiteral("snapshot"), broken, QString(), &error));
    QVERIFY(!error.isEmpty());
    // Cut off inside the array: an error too, and the next payload is unaffected.
    decoder.streamData(QByteArrayView(data).first(data.size() / 2));
    QVERIFY(!decoder.finishStream("snapshot", {}, &error));
    QVERIFY2(error.contains(QLatin1String("instances")), qPrintable(error));
    decoder.streamData(data);
    QVERIFY(decoder.finishStream("snapshot", {}, &error));
}

void TstModelJson::envelopeReading_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<quint64>("leaderId");
    QTest::addColumn<QString>("leaderAddr");
    QTest::addColumn<int>("dataType");

    const int undefinedData = int(QJsonValue::Undefined);
    QTest::newRow("write accepted")
        << FIXTURE("envelope-registered.json") << QStringLiteral("ok")
        << QStringLiteral("instance registered") << quint64(0) << QString() << undefinedData;
    QTest::newRow("bad request with escaped message")
        << FIXTURE("envelope-error.json") << QStringLiteral("bad_request")
        << QStringLiteral(
               "service \"a<b>&\\\"c\\\".b.c.d.e\" does not match structured service identity "
               "\"o.b.c.d.e\"")
        << quint64(0) << QString() << undefinedData;
    QTest::newRow("not found") << FIXTURE("envelope-not-found.json") << QStringLiteral("not_found")
                               << QStringLiteral("instance not found") << quint64(0) << QString()
                               << undefinedData;
    QTest::newRow("not leader") << FIXTURE("envelope-not-leader.json")
                                << QStringLiteral("not_leader")
                                << QStringLiteral("current node is not leader, leaderId=1 "
                                                  "leaderAddr=127.0.0.1:18294")
                                << quint64(1) << QStringLiteral("127.0.0.1:18294") << undefinedData;
    QTest::newRow("query answer with empty data")
        << FIXTURE("query-empty.json") << QStringLiteral("ok") << QString() << quint64(0)
        << QString() << int(QJsonValue::Array);
    QTest::newRow("health answer") << FIXTURE("healthz.json") << QStringLiteral("ok") << QString()
                                   << quint64(0) << QString() << int(QJsonValue::Object);
    QTest::newRow("data null") << QByteArray(R"({"code":"ok","data":null})") << QStringLiteral("ok")
                               << QString() << quint64(0) << QString() << int(QJsonValue::Null);
    QTest::newRow("unknown members ignored")
        << QByteArray(R"({"code":"unauthorized","message":"m","requestId":"r-1","extra":[1]})")
        << QStringLiteral("unauthorized") << QStringLiteral("m") << quint64(0) << QString()
        << undefinedData;
}

void TstModelJson::envelopeReading()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(quint64, leaderId);
    QFETCH(QString, leaderAddr);
    QFETCH(int, dataType);

    const std::optional<ApiEnvelope> envelope = ApiEnvelope::fromJson(body);
    QVERIFY(envelope);
    QCOMPARE(envelope->code, code);
    QCOMPARE(envelope->isOk(), code == QLatin1String("ok"));
    QCOMPARE(envelope->message, message);
    QCOMPARE(envelope->leaderId, leaderId);
    QCOMPARE(envelope->leaderAddr, leaderAddr);
    QCOMPARE(int(envelope->data.type()), dataType);
}

void TstModelJson::envelopeNotAnEnvelope_data()
{
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("proxy HTML page")
        << QByteArray("<html><body><h1>502 Bad Gateway</h1></body></html>\n");
    QTest::newRow("plain text") << QByteArray("method not allowed\n");
    QTest::newRow("Go 404 page") << QByteArray("404 page not found\n");
    QTest::newRow("empty body") << QByteArray();
    QTest::newRow("JSON array") << QByteArray(R"([{"code":"ok"}])");
    QTest::newRow("object without code") << QByteArray(R"({"message":"x"})");
    QTest::newRow("code not a string") << QByteArray(R"({"code":200,"message":"x"})");
    QTest::newRow("truncated JSON") << QByteArray(R"({"code":"ok","data":[)");
}

void TstModelJson::envelopeNotAnEnvelope()
{
    QFETCH(QByteArray, body);
    QVERIFY(!ApiEnvelope::fromJson(body));
}

void TstModelJson::envelopeWriting_data()
{
    QTest::addColumn<QByteArray>("actual");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("success message")
        << ApiEnvelope::successJson(QStringLiteral("instance registered"))
        << FIXTURE("envelope-registered.json");
    // SuccessResponse's message is omitempty.
    QTest::newRow("success without message")
        << ApiEnvelope::successJson(QString()) << QByteArray("{\"code\":\"ok\"}\n");
    QTest::newRow("error") << ApiEnvelope::errorJson(QStringLiteral("not_found"),
                                                     QStringLiteral("instance not found"))
                           << FIXTURE("envelope-not-found.json");
    const QByteArray escaped = FIXTURE("envelope-error.json");
    QTest::newRow("error message with Go escaping")
        << ApiEnvelope::errorJson(QStringLiteral("bad_request"),
                                  ApiEnvelope::fromJson(escaped)->message)
        << escaped;
    QTest::newRow("not leader with leader id and address")
        << ApiEnvelope::errorJson(
               QStringLiteral("not_leader"),
               QStringLiteral("current node is not leader, leaderId=1 leaderAddr=127.0.0.1:18294"),
               1, QStringLiteral("127.0.0.1:18294"))
        << FIXTURE("envelope-not-leader.json");
    // ErrorResponse: leaderId and leaderAddr are omitempty (no leader yet).
    QTest::newRow("not leader without a leader")
        << ApiEnvelope::errorJson(
               QStringLiteral("not_leader"),
               QStringLiteral("current node is not leader, leaderId=0 leaderAddr="))
        << QByteArray(
               "{\"code\":\"not_leader\",\"message\":\"current node is not leader, leaderId=0 "
               "leaderAddr=\"}\n");
    // Go's encoder writes a byte of invalid UTF-8 (held as U+DC80..U+DCFF, see
    // GoJsonDecoder::fromRawGoBytes) as \ufffd, and < as \u003c.
    QTest::newRow("raw byte in a message")
        << ApiEnvelope::errorJson(QStringLiteral("bad_request"),
                                  QStringLiteral("a") + QChar(0xDCFF) + QStringLiteral("b<"))
        << QByteArray("{\"code\":\"bad_request\",\"message\":\"a\\ufffdb\\u003c\"}\n");
}

void TstModelJson::envelopeWriting()
{
    QFETCH(QByteArray, actual);
    QFETCH(QByteArray, expected);
    QCOMPARE(actual, expected);
}

void TstModelJson::healthStatus_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("status");
    QTest::addColumn<quint64>("leaderId");
    QTest::addColumn<quint64>("localNodeId");
    QTest::addColumn<QString>("leaderAddr");

    QTest::newRow("healthz on the leader")
        << FIXTURE("healthz.json") << QStringLiteral("ok") << quint64(1) << quint64(1)
        << QStringLiteral("127.0.0.1:18290");
    QTest::newRow("readyz on the leader")
        << FIXTURE("readyz.json") << QStringLiteral("ready") << quint64(1) << quint64(1)
        << QStringLiteral("127.0.0.1:18290");
    QTest::newRow("healthz on a follower")
        << FIXTURE("healthz-follower.json") << QStringLiteral("ok") << quint64(1) << quint64(2)
        << QStringLiteral("127.0.0.1:18294");
}

void TstModelJson::healthStatus()
{
    QFETCH(QByteArray, answer);
    QFETCH(QString, status);
    QFETCH(quint64, leaderId);
    QFETCH(quint64, localNodeId);
    QFETCH(QString, leaderAddr);

    const std::optional<ApiEnvelope> envelope = ApiEnvelope::fromJson(answer);
    QVERIFY(envelope);
    const HealthStatus health = HealthStatus::fromJson(envelope->data.toObject());
    QCOMPARE(health.status, status);
    QCOMPARE(health.leaderId, leaderId);
    QCOMPARE(health.localNodeId, localNodeId);
    QCOMPARE(health.leaderAddr, leaderAddr);

    QCOMPARE(ApiEnvelope::successJson([&](JsonWriter &writer) { health.writeJson(writer); }),
             answer);
}

void TstModelJson::healthStatusWithoutLeader()
{
    // HealthResponseDTO: leaderId and localNodeId always, leaderAddr omitempty.
    HealthStatus health;
    health.status = QStringLiteral("ok");
    health.localNodeId = 3;
    JsonWriter writer;
    health.writeJson(writer);
    QCOMPARE(writer.data(), QByteArray(R"({"status":"ok","leaderId":0,"localNodeId":3})"));
    QCOMPARE(HealthStatus::fromJson(object(writer.data())), health);
}

QTEST_GUILESS_MAIN(TstModelJson)
#include "tst_modeljson.moc"
