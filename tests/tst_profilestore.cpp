// Profiles survive in QSettings; tokens never do.
#include "profilestore.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

class TstProfileStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripWithoutToken();
    void validation_data();
    void validation();
};

void TstProfileStore::roundTripWithoutToken()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    Profile profile;
    profile.name = QStringLiteral("production-eu");
    profile.servers = {QStringLiteral("https://10.0.0.1:8443"),
                       QStringLiteral("https://10.0.0.2:8443")};
    profile.namespaces = {QStringLiteral("prod"), QStringLiteral("payments")};
    profile.token = QStringLiteral("super-secret-token");
    profile.askToken = true;
    Profile demo;
    demo.name = QStringLiteral("demo");
    demo.demo = true;
    {
        QSettings settings(path, QSettings::IniFormat);
        ProfileStore store(&settings);
        store.save({profile, demo});
        store.setLastUsed(profile.name);
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(written.contains("production-eu"));
    QVERIFY(!written.contains("super-secret-token"));
    QVERIFY(!written.contains("demo")); // a demo registry's profile is not kept

    QSettings settings(path, QSettings::IniFormat);
    ProfileStore store(&settings);
    const QList<Profile> loaded = store.load();
    QCOMPARE(loaded.size(), 1);
    Profile expected = profile;
    expected.token.clear();
    QCOMPARE(loaded.first(), expected);
    QCOMPARE(store.lastUsed(), profile.name);
}

void TstProfileStore::validation_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("servers");
    QTest::addColumn<QStringList>("namespaces");
    QTest::addColumn<QString>("field");
    const QStringList server = {QStringLiteral("http://127.0.0.1:8080")};
    const QStringList prod = {QStringLiteral("prod")};
    QTest::newRow("ok") << "local" << server << prod << "";
    QTest::newRow("no name") << " " << server << prod << "name";
    QTest::newRow("no namespace") << "local" << server << QStringList() << "namespaces";
    QTest::newRow("no server") << "local" << QStringList() << prod << "server";
    QTest::newRow("bad scheme") << "local" << QStringList{QStringLiteral("ftp://x")} << prod
                                << "server";
}

void TstProfileStore::validation()
{
    QFETCH(QString, name);
    QFETCH(QStringList, servers);
    QFETCH(QStringList, namespaces);
    QFETCH(QString, field);
    Profile profile;
    profile.name = name;
    profile.servers = servers;
    profile.namespaces = namespaces;
    QCOMPARE(profile.validate().field, field);
}

QTEST_GUILESS_MAIN(TstProfileStore)
#include "tst_profilestore.moc"
