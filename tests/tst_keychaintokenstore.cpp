// TokenStore implementations against their contract: KeychainTokenStore with
// a real Secret Service (gnome-keyring in a private session bus, see
// tests/run-with-keyring.sh) and with no session bus at all (NoBackend,
// nothing on disk), MemoryTokenStore always.
#include "keychaintokenstore.h"
#include "memorytokenstore.h"

#include <QDirIterator>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

namespace {

// Set by the parent test for the child process it starts; names what the child checks.
constexpr char ChildVariable[] = "STELLMAP_TOKENSTORE_CHILD";
constexpr char ChildProfileVariable[] = "STELLMAP_TOKENSTORE_PROFILE";
constexpr char ChildTokenVariable[] = "STELLMAP_TOKENSTORE_TOKEN";
constexpr char ChildBusVariable[] = "STELLMAP_TOKENSTORE_BUS";
constexpr int WaitMs = 20000;

bool isolatedKeyring()
{
    return qEnvironmentVariable("STELLMAP_TEST_KEYRING") == QLatin1String("isolated");
}

QString uniqueToken()
{
    // A bearer-token-like value that cannot be on disk by accident.
    return QStringLiteral("tok-%1.ÄÖü-%2")
        .arg(QUuid::createUuid().toString(QUuid::WithoutBraces),
             QUuid::createUuid().toString(QUuid::Id128));
}

//! Files under \a root whose bytes hold \a secret (UTF-8, UTF-16 or base64).
QStringList filesContaining(const QString &root, const QString &secret)
{
    const QByteArray utf8 = secret.toUtf8();
    const QByteArray utf16(reinterpret_cast<const char *>(secret.utf16()),
                           secret.size() * qsizetype(sizeof(char16_t)));
    const QByteArray base64 = utf8.toBase64();
    QStringList hits;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly)) {
            continue;
        }
        const QByteArray data = file.readAll();
        if (data.contains(utf8) || data.contains(utf16) || data.contains(base64)) {
            hits.append(file.fileName());
        }
    }
    return hits;
}

QStringList allFiles(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        files.append(it.next());
    }
    return files;
}

/*!
 * One store's three signals, and the checks every call goes through: no
 * signal inside the call, then exactly one for it.
 */
class Calls
{
public:
    explicit Calls(TokenStore *store)
        : m_store(store)
        , m_read(store, &TokenStore::readFinished)
        , m_write(store, &TokenStore::writeFinished)
        , m_remove(store, &TokenStore::removeFinished)
    {}

    struct Answer
    {
        QString profile;
        QString token;
        TokenStore::Error error = TokenStore::Error::Failed;
        QString message;
        bool ok = false; // exactly one signal came, from the event loop
    };

    Answer read(const QString &profile)
    {
        return finish(m_read, [&] { m_store->read(profile); });
    }
    Answer write(const QString &profile, const QString &token)
    {
        return finish(m_write, [&] { m_store->write(profile, token); });
    }
    Answer remove(const QString &profile)
    {
        return finish(m_remove, [&] { m_store->remove(profile); });
    }

    QSignalSpy &readSpy() { return m_read; }
    qsizetype total() const { return m_read.size() + m_write.size() + m_remove.size(); }

    static Answer answerOf(const QSignalSpy &spy, qsizetype index)
    {
        const QList<QVariant> args = spy.at(index);
        Answer answer;
        answer.ok = true;
        answer.profile = args.at(0).toString();
        if (args.size() == 4) { // readFinished carries the token
            answer.token = args.at(1).toString();
        }
        answer.error = args.at(args.size() - 2).value<TokenStore::Error>();
        answer.message = args.at(args.size() - 1).toString();
        return answer;
    }

private:
    template<typename Call>
    Answer finish(QSignalSpy &spy, Call call)
    {
        const qsizetype before = total();
        const qsizetype spyBefore = spy.size();
        call();
        if (total() != before) {
            qWarning("a signal came from inside the call");
            return {};
        }
        if (!spy.wait(WaitMs)) {
            qWarning("no signal within %d ms", WaitMs);
            return {};
        }
        // Anything already queued behind it would be a second answer.
        QCoreApplication::processEvents();
        if (spy.size() != spyBefore + 1 || total() != before + 1) {
            qWarning("%lld signals for one call", qlonglong(total() - before));
            return {};
        }
        return answerOf(spy, spyBefore);
    }

    TokenStore *m_store;
    QSignalSpy m_read;
    QSignalSpy m_write;
    QSignalSpy m_remove;
};

} // namespace

class TstKeychainTokenStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void contract_data();
    void contract();
    void overlappingCalls_data();
    void overlappingCalls();
    void keychainOutlivesProcess();
    void noBackend_data();
    void noBackend();
    void child();

private:
    std::unique_ptr<TokenStore> createStore(const QString &kind);
    bool runChild(const QString &mode, const QProcessEnvironment &environment, QByteArray *output,
                  const QStringList &wrapper = {});
};

std::unique_ptr<TokenStore> TstKeychainTokenStore::createStore(const QString &kind)
{
    if (kind == QLatin1String("keychain")) {
        return std::make_unique<KeychainTokenStore>();
    }
    return std::make_unique<MemoryTokenStore>();
}

bool TstKeychainTokenStore::runChild(const QString &mode, const QProcessEnvironment &environment,
                                     QByteArray *output, const QStringList &wrapper)
{
    QProcessEnvironment env = environment;
    env.insert(QString::fromLatin1(ChildVariable), mode);
    QStringList command = wrapper;
    command << QCoreApplication::applicationFilePath() << QStringLiteral("child");
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(command.takeFirst(), command);
    const bool finished = process.waitForFinished(60000);
    *output = process.readAll();
    // A skipped child exits 0 too: it must have run and passed.
    return finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0 &&
           output->contains("PASS   : TstKeychainTokenStore::child()");
}

void TstKeychainTokenStore::contract_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("memory") << QStringLiteral("memory");
    QTest::newRow("keychain (gnome-keyring)") << QStringLiteral("keychain");
}

void TstKeychainTokenStore::contract()
{
    QFETCH(QString, kind);
    if (kind == QLatin1String("keychain") && !isolatedKeyring()) {
        QSKIP("needs a throwaway Secret Service: run through tests/run-with-keyring.sh (ctest "
              "does)");
    }
    const std::unique_ptr<TokenStore> store = createStore(kind);
    Calls calls(store.get());
    const QString prod = QStringLiteral("prod");
    const QString staging = QStringLiteral("staging ü/Ω \"quoted\"");
    const QString first = uniqueToken();
    const QString second = uniqueToken();
    const QString third = QString(4000, u'x') + uniqueToken(); // JWT-sized and then some

    Calls::Answer answer = calls.read(QStringLiteral("never-stored"));
    QVERIFY(answer.ok);
    QCOMPARE(answer.profile, QStringLiteral("never-stored"));
    QCOMPARE(answer.error, TokenStore::Error::NotFound);
    QVERIFY(answer.token.isEmpty());
    QVERIFY(!answer.message.isEmpty());

    answer = calls.write(prod, first);
    QVERIFY(answer.ok);
    QCOMPARE(answer.profile, prod);
    QCOMPARE(answer.error, TokenStore::Error::NoError);
    QVERIFY2(answer.message.isEmpty(), qPrintable(answer.message));
    answer = calls.read(prod);
    QVERIFY(answer.ok);
    QCOMPARE(answer.error, TokenStore::Error::NoError);
    QCOMPARE(answer.token, first);
    QVERIFY(answer.message.isEmpty());

    // Overwrite, and a second profile beside it.
    QCOMPARE(calls.write(prod, second).error, TokenStore::Error::NoError);
    QCOMPARE(calls.write(staging, third).error, TokenStore::Error::NoError);
    QCOMPARE(calls.read(prod).token, second);
    QCOMPARE(calls.read(staging).token, third);

    if (kind == QLatin1String("keychain")) {
        // In the keyring, which encrypts its file: not in the clear anywhere in HOME.
        for (const QString &token : {first, second, third}) {
            QCOMPARE(filesContaining(QDir::homePath(), token), QStringList());
        }
    }

    answer = calls.remove(prod);
    QVERIFY(answer.ok);
    QCOMPARE(answer.profile, prod);
    QCOMPARE(answer.error, TokenStore::Error::NoError);
    answer = calls.read(prod);
    QCOMPARE(answer.error, TokenStore::Error::NotFound);
    QVERIFY(answer.token.isEmpty());
    QCOMPARE(calls.read(staging).token, third);
    // Removing what is not there is what was asked for.
    QCOMPARE(calls.remove(prod).error, TokenStore::Error::NoError);
    QCOMPARE(calls.remove(staging).error, TokenStore::Error::NoError);
    QCOMPARE(calls.read(staging).error, TokenStore::Error::NotFound);
    QCOMPARE(calls.total(), 13);
}

void TstKeychainTokenStore::overlappingCalls_data()
{
    contract_data();
}

void TstKeychainTokenStore::overlappingCalls()
{
    QFETCH(QString, kind);
    if (kind == QLatin1String("keychain") && !isolatedKeyring()) {
        QSKIP("needs a throwaway Secret Service: run through tests/run-with-keyring.sh");
    }
    const std::unique_ptr<TokenStore> store = createStore(kind);
    Calls calls(store.get());
    const QString a = uniqueToken();
    const QString b = uniqueToken();
    QCOMPARE(calls.write(QStringLiteral("a"), a).error, TokenStore::Error::NoError);
    QCOMPARE(calls.write(QStringLiteral("b"), b).error, TokenStore::Error::NoError);

    // Several reads in flight: one answer each, told apart by profile.
    const qsizetype before = calls.readSpy().size();
    store->read(QStringLiteral("b"));
    store->read(QStringLiteral("a"));
    store->read(QStringLiteral("missing"));
    QCOMPARE(calls.readSpy().size(), before);
    QTRY_COMPARE_WITH_TIMEOUT(calls.readSpy().size(), before + 3, WaitMs);
    QHash<QString, Calls::Answer> answers;
    for (qsizetype i = before; i < before + 3; ++i) {
        const Calls::Answer answer = Calls::answerOf(calls.readSpy(), i);
        answers.insert(answer.profile, answer);
    }
    QCOMPARE(answers.size(), 3);
    QCOMPARE(answers.value(QStringLiteral("a")).token, a);
    QCOMPARE(answers.value(QStringLiteral("b")).token, b);
    QCOMPARE(answers.value(QStringLiteral("missing")).error, TokenStore::Error::NotFound);

    QCOMPARE(calls.remove(QStringLiteral("a")).error, TokenStore::Error::NoError);
    QCOMPARE(calls.remove(QStringLiteral("b")).error, TokenStore::Error::NoError);
    QCOMPARE(calls.readSpy().size(), before + 3);
}

void TstKeychainTokenStore::keychainOutlivesProcess()
{
    if (!isolatedKeyring()) {
        QSKIP("needs a throwaway Secret Service: run through tests/run-with-keyring.sh");
    }
    KeychainTokenStore store;
    Calls calls(&store);
    const QString profile = QStringLiteral("cross-process");
    const QString token = uniqueToken();
    QCOMPARE(calls.write(profile, token).error, TokenStore::Error::NoError);

    // Another process on the same bus reads it: the token is in the Secret
    // Service, not in this process.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(ChildProfileVariable), profile);
    env.insert(QString::fromLatin1(ChildTokenVariable), token);
    QByteArray output;
    QVERIFY2(runChild(QStringLiteral("read"), env, &output), output.constData());

    QCOMPARE(calls.remove(profile).error, TokenStore::Error::NoError);
    QCOMPARE(calls.read(profile).error, TokenStore::Error::NotFound);
}

void TstKeychainTokenStore::noBackend_data()
{
    // QtKeychain picks its backend by desktop. KWallet's code path is the one
    // with the plaintext fallback (a QSettings file) that must stay off; KDE 4
    // takes it unconditionally, Plasma 5 only when kwalletd5 answers.
    QTest::addColumn<bool>("sessionBus");
    QTest::addColumn<QString>("desktop");
    QTest::addColumn<QString>("kdeSessionVersion");
    QTest::newRow("no bus, no desktop (libsecret)") << false << QString() << QString();
    QTest::newRow("no bus, GNOME (libsecret)") << false << QStringLiteral("GNOME") << QString();
    QTest::newRow("no bus, KDE Plasma 5 (libsecret, no kwalletd5)")
        << false << QStringLiteral("KDE") << QStringLiteral("5");
    QTest::newRow("no bus, KDE 4 (KWallet)")
        << false << QStringLiteral("KDE") << QStringLiteral("4");
    // A bus whose services are only what is running: nothing provides or
    // can start org.freedesktop.secrets or kwalletd.
    QTest::newRow("bus without keychain, no desktop (libsecret)") << true << QString() << QString();
    QTest::newRow("bus without keychain, KDE 4 (KWallet)")
        << true << QStringLiteral("KDE") << QStringLiteral("4");
}

void TstKeychainTokenStore::noBackend()
{
    QFETCH(bool, sessionBus);
    QFETCH(QString, desktop);
    QFETCH(QString, kdeSessionVersion);
    QTemporaryDir scratch;
    QVERIFY(scratch.isValid());
    const QString home = scratch.filePath(QStringLiteral("home"));
    const QString runtime = scratch.filePath(QStringLiteral("run"));
    QVERIFY(QDir().mkpath(home));
    QVERIFY(QDir().mkpath(runtime));
    QVERIFY(QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // No session bus, and nothing that could find or start one: no
    // $XDG_RUNTIME_DIR/bus, no X11 to autolaunch a bus on.
    for (const char *name :
         {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "XDG_CURRENT_DESKTOP",
          "DESKTOP_SESSION", "KDE_FULL_SESSION", "KDE_SESSION_VERSION", "GNOME_DESKTOP_SESSION_ID",
          "GNOME_KEYRING_CONTROL", "STELLMAP_TEST_KEYRING"}) {
        env.remove(QString::fromLatin1(name));
    }
    if (!desktop.isEmpty()) {
        env.insert(QStringLiteral("XDG_CURRENT_DESKTOP"), desktop);
    }
    if (!kdeSessionVersion.isEmpty()) {
        env.insert(QStringLiteral("KDE_SESSION_VERSION"), kdeSessionVersion);
    }
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QLatin1String("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QLatin1String("/.local/share"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QLatin1String("/.cache"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    const QString token = uniqueToken();
    env.insert(QString::fromLatin1(ChildProfileVariable), QStringLiteral("prod"));
    env.insert(QString::fromLatin1(ChildTokenVariable), token);
    env.insert(QString::fromLatin1(ChildBusVariable), sessionBus ? QStringLiteral("1") : QString());

    QStringList wrapper;
    QTemporaryDir busDir; // outside scratch: its .conf is not one the store wrote
    if (sessionBus) {
        const QString runSession =
            QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
        QVERIFY2(!runSession.isEmpty(), "dbus-run-session is missing (scripts/deps)");
        QFile config(busDir.filePath(QStringLiteral("session.conf")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        // The standard session configuration minus its service directories.
        config.write(QStringLiteral(
                         "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration "
                         "1.0//EN\" \"http://www.freedesktop.org/standards/dbus/1.0/"
                         "busconfig.dtd\">\n"
                         "<busconfig><type>session</type><listen>unix:tmpdir=%1</listen>"
                         "<auth>EXTERNAL</auth><policy context=\"default\">"
                         "<allow send_destination=\"*\" eavesdrop=\"true\"/>"
                         "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n")
                         .arg(busDir.path())
                         .toUtf8());
        config.close();
        wrapper << runSession << QStringLiteral("--config-file=%1").arg(config.fileName())
                << QStringLiteral("--");
    }

    QByteArray output;
    QVERIFY2(runChild(QStringLiteral("nobackend"), env, &output, wrapper), output.constData());

    // Nothing holds the token: no QSettings/ini fallback, no cache, nothing.
    QCOMPARE(filesContaining(scratch.path(), token), QStringList());
    const QStringList settingsFiles =
        allFiles(scratch.path()).filter(QRegularExpression(QStringLiteral("\\.(conf|ini)$")));
    QCOMPARE(settingsFiles, QStringList());
}

// The other half of keychainOutlivesProcess() and noBackend(),
// in a process of its own (QtKeychain and Qt D-Bus settle the backend and
// the session bus once per process).
void TstKeychainTokenStore::child()
{
    const QString mode = qEnvironmentVariable(ChildVariable);
    if (mode.isEmpty()) {
        QSKIP("runs as a child process of the other tests");
    }
    const QString profile = qEnvironmentVariable(ChildProfileVariable);
    const QString token = qEnvironmentVariable(ChildTokenVariable);
    QVERIFY(!profile.isEmpty());
    QVERIFY(!token.isEmpty());
    KeychainTokenStore store;
    Calls calls(&store);

    if (mode == QLatin1String("read")) {
        const Calls::Answer answer = calls.read(profile);
        QVERIFY(answer.ok);
        QCOMPARE(answer.error, TokenStore::Error::NoError);
        QVERIFY2(answer.token == token, "a different token came back");
        return;
    }

    QCOMPARE(mode, QStringLiteral("nobackend"));
    // The parent's row: with a bus (dbus-run-session) or without any.
    QCOMPARE(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             qEnvironmentVariable(ChildBusVariable) == QLatin1String("1"));
    QStandardPaths::setTestModeEnabled(true);
    for (int round = 0; round < 2; ++round) { // the backend is settled once; ask twice
        Calls::Answer answer = calls.write(profile, token);
        QVERIFY(answer.ok);
        QCOMPARE(answer.profile, profile);
        QCOMPARE(answer.error, TokenStore::Error::NoBackend);
        QCOMPARE(answer.message, TokenStore::noBackendMessage());

        answer = calls.read(profile);
        QVERIFY(answer.ok);
        QCOMPARE(answer.error, TokenStore::Error::NoBackend);
        QCOMPARE(answer.message, TokenStore::noBackendMessage());
        QVERIFY(answer.token.isEmpty());

        answer = calls.remove(profile);
        QVERIFY(answer.ok);
        QCOMPARE(answer.error, TokenStore::Error::NoBackend);
        QCOMPARE(answer.message, TokenStore::noBackendMessage());
    }
    QCOMPARE(calls.total(), 6);
    // QtKeychain's plaintext fallback would be QSettings(service name).
    QCOMPARE(QSettings(KeychainTokenStore::serviceName()).allKeys(), QStringList());
    QCOMPARE(QSettings().allKeys(), QStringList());
}

QTEST_GUILESS_MAIN(TstKeychainTokenStore)
#include "tst_keychaintokenstore.moc"
