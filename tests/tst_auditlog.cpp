// AuditLog: JSON lines that round-trip, never hold credentials, survive bad
// lines, stay bounded and fail softly.
#include "auditlog.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace stellmap;

namespace {

AuditEntry entry(int n, const QString &result = QStringLiteral("ok"))
{
    AuditEntry e;
    e.time = QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9, n % 1000), Qt::UTC);
    e.profile = QStringLiteral("prod");
    e.server = QStringLiteral("https://node-1:8443");
    e.action = QStringLiteral("register");
    e.namespaceName = QStringLiteral("payments");
    e.service = QStringLiteral("billing.api");
    e.instanceId = QStringLiteral("i-%1").arg(n);
    e.result = result;
    e.message = result == QLatin1String("ok") ? QString() : QStringLiteral("no leader, \"x\"\n");
    e.requestId = QStringLiteral("req-%1").arg(n);
    e.maybeApplied = n % 2 == 1;
    return e;
}

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void appendRaw(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Append));
    QCOMPARE(file.write(bytes), bytes.size());
}

} // namespace

class TstAuditLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultPath();
    void roundTrip();
    void readLimit();
    void stampsTimeInUtc();
    void redactsSecrets_data();
    void redactsSecrets();
    void skipsGarbage();
    void rotates();
    void failsSoftly_data();
    void failsSoftly();
};

void TstAuditLog::defaultPath()
{
    QVERIFY(AuditLog::defaultPath().endsWith(QLatin1String("/audit.jsonl")));
    AuditLog log;
    QCOMPARE(log.path(), AuditLog::defaultPath());
    QCOMPARE(log.maxBytes(), AuditLog::DefaultMaxBytes);
}

void TstAuditLog::roundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // The directory is created on the first append.
    AuditLog log(dir.filePath(QStringLiteral("sub/dir/audit.jsonl")));
    QSignalSpy appended(&log, &AuditLog::appended);
    const QList<AuditEntry> written = {entry(1), entry(2, QStringLiteral("unavailable")),
                                       entry(3, QStringLiteral("not_found"))};
    for (const AuditEntry &e : written) {
        QString error;
        QVERIFY2(log.append(e, &error), qPrintable(error));
    }
    QCOMPARE(appended.size(), 3);
    QCOMPARE(appended.at(1).at(0).value<AuditEntry>(), written.at(1));

    const QList<AuditEntry> read = log.read(100);
    QCOMPARE(read.size(), 3);
    QCOMPARE(read.at(0), written.at(2)); // newest first
    QCOMPARE(read.at(1), written.at(1));
    QCOMPARE(read.at(2), written.at(0));

    const QByteArray file = contents(log.path());
    QCOMPARE(file.count('\n'), 3);
    QVERIFY(file.startsWith("{\"time\":\"2024-05-06T07:08:09.001Z\",\"profile\":\"prod\","));
    QVERIFY(file.contains("\"maybeApplied\":true}\n"));
}

void TstAuditLog::readLimit()
{
    QTemporaryDir dir;
    AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
    for (int n = 0; n < 5; ++n) {
        QVERIFY(log.append(entry(n)));
    }
    const QList<AuditEntry> newest = log.read(2);
    QCOMPARE(newest.size(), 2);
    QCOMPARE(newest.at(0).instanceId, QStringLiteral("i-4"));
    QCOMPARE(newest.at(1).instanceId, QStringLiteral("i-3"));
    QVERIFY(log.read(0).isEmpty());
    QVERIFY(AuditLog(dir.filePath(QStringLiteral("missing.jsonl"))).read(10).isEmpty());
}

void TstAuditLog::stampsTimeInUtc()
{
    QTemporaryDir dir;
    AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
    AuditEntry local = entry(1);
    local.time = QDateTime(QDate(2024, 5, 6), QTime(9, 0), QTimeZone(2 * 3600));
    AuditEntry unstamped = entry(2);
    unstamped.time = QDateTime();
    QVERIFY(log.append(local));
    QVERIFY(log.append(unstamped));
    QVERIFY(contents(log.path()).contains("\"time\":\"2024-05-06T07:00:00.000Z\""));
    const QList<AuditEntry> read = log.read(2);
    QCOMPARE(read.at(1).time, QDateTime(QDate(2024, 5, 6), QTime(7, 0), Qt::UTC));
    QVERIFY(read.at(0).time.isValid());
    QVERIFY(qAbs(read.at(0).time.secsTo(QDateTime::currentDateTimeUtc())) < 60);
}

void TstAuditLog::redactsSecrets_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("expectedServer");
    QTest::addColumn<QString>("expectedMessage");
    QTest::addColumn<QStringList>("secrets");

    const QStringList secrets = {QStringLiteral("hunter2"), QStringLiteral("s3cr3tT0ken"),
                                 QStringLiteral("alice")};
    QTest::newRow("userinfo and query")
        << QStringLiteral("https://alice:hunter2@node-1:8443/base?token=s3cr3tT0ken#frag")
        << QStringLiteral("unavailable") << QStringLiteral("https://node-1:8443/base")
        << QStringLiteral("unavailable") << secrets;
    QTest::newRow("userinfo only")
        << QStringLiteral("http://alice:hunter2@127.0.0.1:8080") << QString()
        << QStringLiteral("http://127.0.0.1:8080") << QString() << secrets;
    QTest::newRow("no scheme") << QStringLiteral("alice:hunter2@node-1:8443?token=s3cr3tT0ken")
                               << QString() << QStringLiteral("node-1:8443") << QString()
                               << secrets;
    QTest::newRow("unencoded slash in the password")
        << QStringLiteral("http://alice:hun/ter2@node-1") << QString()
        << QStringLiteral("http://node-1") << QString()
        << QStringList{QStringLiteral("alice"), QStringLiteral("hun/ter2")};
    // Password or query? Either reading could keep the other's secret: nothing is kept.
    QTest::newRow("unencoded question mark in the password")
        << QStringLiteral("http://alice:hun?ter2@node-1") << QString()
        << QStringLiteral("http://(redacted)") << QString()
        << QStringList{QStringLiteral("alice"), QStringLiteral("hun"), QStringLiteral("ter2")};
    QTest::newRow("at sign in the query")
        << QStringLiteral("http://node-1/?mail=alice@x&token=s3cr3tT0ken") << QString()
        << QStringLiteral("http://(redacted)") << QString() << secrets;
    QTest::newRow("url in the message")
        << QStringLiteral("https://node-1:8443")
        << QStringLiteral("Error transferring https://alice:hunter2@node-1:8443/v1/instances"
                          "?token=s3cr3tT0ken - server replied: Forbidden")
        << QStringLiteral("https://node-1:8443")
        << QStringLiteral("Error transferring https://node-1:8443/v1/instances - server "
                          "replied: Forbidden")
        << secrets;
    QTest::newRow("bearer token in the message")
        << QStringLiteral("https://node-1:8443")
        << QStringLiteral("sent Authorization: Bearer s3cr3tT0ken.abcdefghij; missing bearer "
                          "token")
        << QStringLiteral("https://node-1:8443")
        << QStringLiteral("sent Authorization: Bearer (redacted); missing bearer token") << secrets;
}

void TstAuditLog::redactsSecrets()
{
    QFETCH(QString, server);
    QFETCH(QString, message);
    QFETCH(QString, expectedServer);
    QFETCH(QString, expectedMessage);
    QFETCH(QStringList, secrets);

    QTemporaryDir dir;
    AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
    QSignalSpy appended(&log, &AuditLog::appended);
    AuditEntry e = entry(1, QStringLiteral("unavailable"));
    e.server = server;
    e.message = message;
    QVERIFY(log.append(e));

    const QList<AuditEntry> read = log.read(1);
    QCOMPARE(read.size(), 1);
    QCOMPARE(read.at(0).server, expectedServer);
    QCOMPARE(read.at(0).message, expectedMessage);
    QCOMPARE(appended.at(0).at(0).value<AuditEntry>(), read.at(0));
    const QByteArray file = contents(log.path());
    QVERIFY(!file.isEmpty());
    for (const QString &secret : secrets) {
        QVERIFY2(!file.contains(secret.toUtf8()), qPrintable(secret));
    }
    QVERIFY(!file.contains("token="));
}

void TstAuditLog::skipsGarbage()
{
    QTemporaryDir dir;
    AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
    QVERIFY(log.append(entry(1)));
    appendRaw(log.path(), "garbage\n{\"time\":\"not a time\",\"action\":\"register\"}\n[1,2]\n\n");
    QVERIFY(log.append(entry(2)));
    // A record cut short by a crash: no newline at the end.
    appendRaw(log.path(), "{\"time\":\"2024-05-06T07:08:09.000Z\",\"act");
    QVERIFY(log.append(entry(3)));

    const QList<AuditEntry> read = log.read(100);
    QCOMPARE(read.size(), 3);
    QCOMPARE(read.at(0), entry(3));
    QCOMPARE(read.at(1), entry(2));
    QCOMPARE(read.at(2), entry(1));
}

void TstAuditLog::rotates()
{
    QTemporaryDir dir;
    const qsizetype lineSize = [&] {
        AuditLog probe(dir.filePath(QStringLiteral("probe.jsonl")));
        probe.append(entry(100));
        return contents(probe.path()).size();
    }();
    const qint64 maxBytes = 3 * lineSize + lineSize / 2;
    AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")), maxBytes);
    for (int n = 100; n < 103; ++n) {
        QVERIFY(log.append(entry(n)));
    }
    QVERIFY(!QFile::exists(log.rotatedPath()));
    QVERIFY(log.append(entry(103))); // would pass maxBytes: rotates first
    QVERIFY(QFile::exists(log.rotatedPath()));
    QCOMPARE(contents(log.rotatedPath()).count('\n'), 3);
    QCOMPARE(contents(log.path()).count('\n'), 1);

    QList<AuditEntry> read = log.read(100);
    QCOMPARE(read.size(), 4);
    QCOMPARE(read.first().instanceId, QStringLiteral("i-103"));
    QCOMPARE(read.last().instanceId, QStringLiteral("i-100"));

    // One old generation only: the oldest records go.
    for (int n = 104; n < 109; ++n) {
        QVERIFY(log.append(entry(n)));
        QVERIFY(QFileInfo(log.path()).size() <= maxBytes);
    }
    QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("audit.jsonl*")}, QDir::Files),
             (QStringList{QStringLiteral("audit.jsonl"), QStringLiteral("audit.jsonl.1")}));
    read = log.read(100);
    QCOMPARE(read.size(), 3 + 3);
    QCOMPARE(read.first().instanceId, QStringLiteral("i-108"));
    QCOMPARE(read.last().instanceId, QStringLiteral("i-103"));
    // A limit takes the newest records, across the two generations.
    QCOMPARE(log.read(2).last().instanceId, QStringLiteral("i-107"));
    QCOMPARE(log.read(4).last().instanceId, QStringLiteral("i-105"));
}

void TstAuditLog::failsSoftly_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("parent is a file") << QStringLiteral("file");
    QTest::newRow("path is a directory") << QStringLiteral("directory");
    QTest::newRow("read-only directory") << QStringLiteral("readonly");
    QTest::newRow("under /proc") << QStringLiteral("proc");
}

void TstAuditLog::failsSoftly()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    QString path;
    if (kind == QLatin1String("file")) {
        appendRaw(dir.filePath(QStringLiteral("plain")), "x");
        path = dir.filePath(QStringLiteral("plain/audit.jsonl"));
    } else if (kind == QLatin1String("directory")) {
        path = dir.filePath(QStringLiteral("audit.jsonl"));
        QVERIFY(QDir().mkpath(path));
    } else if (kind == QLatin1String("readonly")) {
        const QString locked = dir.filePath(QStringLiteral("locked"));
        QVERIFY(QDir().mkpath(locked));
        QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner));
        path = locked + QLatin1String("/audit.jsonl");
        QFile probe(locked + QLatin1String("/probe"));
        if (probe.open(QIODevice::WriteOnly)) {
            probe.remove();
            QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            QSKIP("permissions do not stop this user (root): covered by the other rows");
        }
    } else {
        path = QStringLiteral("/proc/stellmap-audit-test/audit.jsonl");
    }

    AuditLog log(path);
    QSignalSpy appended(&log, &AuditLog::appended);
    QString error;
    QVERIFY(!log.append(entry(1), &error));
    QVERIFY2(!error.isEmpty(), "a failed append says why");
    QVERIFY2(error.contains(path) || error.contains(QFileInfo(path).absolutePath()),
             qPrintable(error));
    QVERIFY(!log.append(entry(2))); // no error pointer: still no crash
    QCOMPARE(appended.size(), 0);
    QVERIFY(log.read(10).isEmpty());
    if (kind == QLatin1String("readonly")) {
        QFile::setPermissions(QFileInfo(path).absolutePath(),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
}

QTEST_GUILESS_MAIN(TstAuditLog)
#include "tst_auditlog.moc"
