#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <cstring>

#include "engine/streamsource.h"
#include "keys/keystore.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

const QString TestKey = u"test-key-4242"_s;
const QByteArray ChildFlag = "--keystore-child";
const QStringList PathVars = {u"HOME"_s, u"XDG_CONFIG_HOME"_s, u"XDG_DATA_HOME"_s,
                              u"XDG_CACHE_HOME"_s, u"XDG_STATE_HOME"_s, u"XDG_RUNTIME_DIR"_s};

/// A provider with Gemini's two variables, so the order is tested whatever the registry holds.
class StubProvider : public Provider
{
public:
    QString id() const override { return u"crucible-test-stub"_s; }
    QString displayName() const override { return u"Stub"_s; }
    QUrl defaultBaseUrl() const override { return {}; }
    QStringList apiKeyEnvVars() const override { return {u"GEMINI_API_KEY"_s, u"GOOGLE_API_KEY"_s}; }
    Result<std::unique_ptr<StreamSource>> createSource(const ChatRequest &, const ProviderSettings &,
                                                       HttpTransport &) const override
    {
        return Error{Error::Kind::Usage, u"stub"_s};
    }
};

KeyStore::Lookup lookup(KeyStore &store, const Provider &provider)
{
    return store.readBlocking(provider);
}

/// write()/remove() as a blocking call; the callback may run before the call returns.
QString blockingWrite(KeyStore &store, const QString &id, const QString *key)
{
    bool done = false;
    QString failure;
    auto finish = [&](bool ok, const QString &error) {
        failure = ok ? QString() : (error.isEmpty() ? u"failed"_s : error);
        done = true;
    };
    if (key)
        store.write(id, *key, finish);
    else
        store.remove(id, finish);
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        return u"no answer"_s;
    return failure;
}

/// Every file under dir whose bytes contain needle.
QStringList filesContaining(const QString &dir, const QByteArray &needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            hits << file.fileName();
    }
    return hits;
}

/// Child process for the real Secret Service case: a fresh process per phase, so nothing is
/// cached in memory between writing and reading back. Prints one line; exit code 0 = passed.
int runChild(const QByteArray &phase)
{
    StubProvider provider;
    auto fail = [](const QString &why) {
        std::printf("FAIL %s\n", qPrintable(why));
        return 1;
    };
    // The daemon may still be registering its name: retry the probe for a while.
    std::unique_ptr<KeyStore> store;
    for (int attempt = 0; attempt < 50; ++attempt) {
        store = std::make_unique<KeyStore>();
        if (!QTest::qWaitFor([&] { return store->backend() != KeyStore::Backend::Probing; }, 10000))
            continue;
        if (store->backend() == KeyStore::Backend::Keychain)
            break;
        QTest::qWait(200);
    }
    if (store->backend() != KeyStore::Backend::Keychain)
        return fail(u"no keychain: "_s + store->unavailableReason());
    if (phase == "write") {
        const QString error = blockingWrite(*store, provider.id(), &TestKey);
        if (!error.isEmpty())
            return fail(u"write: "_s + error);
        std::printf("ok written\n");
        return 0;
    }
    if (phase == "read-remove") {
        const KeyStore::Lookup found = lookup(*store, provider);
        if (found.source != KeyStore::Source::Keychain || found.key != TestKey)
            return fail(u"read back: source "_s + KeyStore::describeSource(found));
        const QString error = blockingWrite(*store, provider.id(), nullptr);
        if (!error.isEmpty())
            return fail(u"remove: "_s + error);
        KeyStore fresh; // no session cache: asks the service again
        if (!QTest::qWaitFor([&] { return fresh.backend() != KeyStore::Backend::Probing; }, 10000))
            return fail(u"second store: probe did not settle"_s);
        const KeyStore::Lookup gone = lookup(fresh, provider);
        if (gone.source != KeyStore::Source::None)
            return fail(u"still there after remove: "_s + KeyStore::describeSource(gone));
        std::printf("ok read back and removed\n");
        return 0;
    }
    return fail(u"unknown phase"_s);
}

} // namespace

class TestKeyStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void memoryOnlyWhenNoBusAnswers();
    void memoryOnlyByOption();
    void environmentFallbackOrder();
    void registryProvidersUseTheirVariables();
    void realSecretService();

private:
    QHash<QString, QByteArray> m_savedEnv;
};

void TestKeyStore::init()
{
    m_savedEnv.clear();
    for (const QString &var : PathVars + QStringList{u"DBUS_SESSION_BUS_ADDRESS"_s,
                                                     u"GEMINI_API_KEY"_s, u"GOOGLE_API_KEY"_s})
        m_savedEnv.insert(var, qgetenv(var.toLocal8Bit().constData()));
    qunsetenv("GEMINI_API_KEY");
    qunsetenv("GOOGLE_API_KEY");
}

void TestKeyStore::cleanup()
{
    for (auto it = m_savedEnv.cbegin(); it != m_savedEnv.cend(); ++it) {
        if (it.value().isNull())
            qunsetenv(it.key().toLocal8Bit().constData());
        else
            qputenv(it.key().toLocal8Bit().constData(), it.value());
    }
}

void TestKeyStore::memoryOnlyWhenNoBusAnswers()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const QString &var : PathVars) {
        const QString path = dir.filePath(var.toLower());
        QVERIFY(QDir().mkpath(path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        qputenv(var.toLocal8Bit().constData(), QFile::encodeName(path));
    }
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + QFile::encodeName(dir.filePath(u"no-bus-here"_s)));

    KeyStore store;
    QTRY_VERIFY_WITH_TIMEOUT(store.backend() != KeyStore::Backend::Probing, 15000);
    QCOMPARE(store.backend(), KeyStore::Backend::MemoryOnly);
    QVERIFY(!store.unavailableReason().isEmpty());
    qInfo("memory-only reason: %s", qPrintable(store.unavailableReason()));

    StubProvider provider;
    QCOMPARE(lookup(store, provider).source, KeyStore::Source::None);
    QSignalSpy changed(&store, &KeyStore::keyChanged);
    QCOMPARE(blockingWrite(store, provider.id(), &TestKey), QString());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().first().toString(), provider.id());
    KeyStore::Lookup found = lookup(store, provider);
    QCOMPARE(found.key, TestKey);
    QCOMPARE(found.source, KeyStore::Source::Memory);
    QVERIFY(!KeyStore::describeSource(found).contains(TestKey));

    const QString blank = u"   "_s;
    QVERIFY(!blockingWrite(store, provider.id(), &blank).isEmpty()); // empty key refused
    QCOMPARE(lookup(store, provider).key, TestKey);

    // Nothing in clear anywhere under the temporary HOME / XDG directories.
    QCOMPARE(filesContaining(dir.path(), TestKey.toUtf8()), QStringList());

    QCOMPARE(blockingWrite(store, provider.id(), nullptr), QString());
    QCOMPARE(changed.count(), 2);
    QCOMPARE(lookup(store, provider).source, KeyStore::Source::None);
    // Another store (a later session) never sees it: memory only.
    KeyStore::Options options;
    options.memoryOnly = true;
    KeyStore other(options);
    QCOMPARE(lookup(other, provider).source, KeyStore::Source::None);
}

void TestKeyStore::memoryOnlyByOption()
{
    KeyStore::Options options;
    options.memoryOnly = true;
    options.memoryOnlyReason = u"turned off for this test"_s;
    KeyStore store(options);
    QCOMPARE(store.backend(), KeyStore::Backend::MemoryOnly); // no probe, at once
    QCOMPARE(store.unavailableReason(), u"turned off for this test"_s);
}

void TestKeyStore::environmentFallbackOrder()
{
    KeyStore::Options options;
    options.memoryOnly = true;
    KeyStore store(options);
    StubProvider provider;

    qputenv("GOOGLE_API_KEY", "test-key-google");
    KeyStore::Lookup found = lookup(store, provider);
    QCOMPARE(found.key, u"test-key-google"_s);
    QCOMPARE(found.source, KeyStore::Source::Environment);
    QCOMPARE(found.detail, u"GOOGLE_API_KEY"_s);
    QCOMPARE(KeyStore::describeSource(found), u"environment $GOOGLE_API_KEY"_s);

    qputenv("GEMINI_API_KEY", "test-key-gemini");
    found = lookup(store, provider);
    QCOMPARE(found.key, u"test-key-gemini"_s); // the first variable wins
    QCOMPARE(found.detail, u"GEMINI_API_KEY"_s);

    qputenv("GEMINI_API_KEY", "   "); // blank counts as unset
    QCOMPARE(lookup(store, provider).detail, u"GOOGLE_API_KEY"_s);

    // A saved key beats the environment; removing it brings the environment back.
    QCOMPARE(blockingWrite(store, provider.id(), &TestKey), QString());
    found = lookup(store, provider);
    QCOMPARE(found.key, TestKey);
    QCOMPARE(found.source, KeyStore::Source::Memory);
    QCOMPARE(blockingWrite(store, provider.id(), nullptr), QString());
    QCOMPARE(lookup(store, provider).source, KeyStore::Source::Environment);
}

void TestKeyStore::registryProvidersUseTheirVariables()
{
    KeyStore::Options options;
    options.memoryOnly = true;
    KeyStore store(options);
    ProviderRegistry registry;
    for (const Provider *provider : registry.all()) {
        const QStringList vars = provider->apiKeyEnvVars();
        if (provider->id() == u"gemini"_s)
            QCOMPARE(vars, (QStringList{u"GEMINI_API_KEY"_s, u"GOOGLE_API_KEY"_s}));
        for (const QString &var : vars) {
            if (!m_savedEnv.contains(var)) // restored by cleanup()
                m_savedEnv.insert(var, qgetenv(var.toLocal8Bit().constData()));
            qunsetenv(var.toLocal8Bit().constData());
        }
        if (vars.isEmpty()) {
            QCOMPARE(lookup(store, *provider).source, KeyStore::Source::None);
            continue;
        }
        // Every variable is honoured; the earlier one wins.
        for (qsizetype i = vars.size() - 1; i >= 0; --i) {
            qputenv(vars[i].toLocal8Bit().constData(), "test-key-" + QByteArray::number(i));
            const KeyStore::Lookup found = lookup(store, *provider);
            QCOMPARE(found.detail, vars[i]);
            QCOMPARE(found.key, u"test-key-"_s + QString::number(i));
        }
        for (const QString &var : vars)
            qunsetenv(var.toLocal8Bit().constData());
    }
}

void TestKeyStore::realSecretService()
{
    const QString dbus = QStandardPaths::findExecutable(u"dbus-daemon"_s);
    const QString keyring = QStandardPaths::findExecutable(u"gnome-keyring-daemon"_s);
    if (dbus.isEmpty() || keyring.isEmpty())
        QSKIP("needs dbus-daemon and gnome-keyring-daemon (scripts/crucible.sh installs them)");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &var : PathVars) {
        const QString path = dir.filePath(var.toLower());
        QVERIFY(QDir().mkpath(path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        env.insert(var, path);
    }
    // No desktop hints: QtKeychain would try KWallet first under Plasma.
    for (const QString &var : {u"XDG_CURRENT_DESKTOP"_s, u"DESKTOP_SESSION"_s, u"KDE_FULL_SESSION"_s})
        env.remove(var);
    // A private bus without service directories: no D-Bus activation of the user's own daemons.
    const QString config = dir.filePath(u"bus.conf"_s);
    {
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                   " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                   "<busconfig><type>session</type><listen>unix:path="
                   + QFile::encodeName(dir.filePath(u"bus"_s))
                   + "</listen><auth>EXTERNAL</auth><policy context=\"default\">"
                     "<allow send_destination=\"*\" eavesdrop=\"true\"/><allow eavesdrop=\"true\"/>"
                     "<allow own=\"*\"/></policy></busconfig>\n");
    }
    QProcess bus;
    QProcess daemon;
    // Both daemons end with the test, whatever fails (terminate, then kill).
    const auto stopAll = qScopeGuard([&] {
        for (QProcess *process : {&daemon, &bus}) {
            if (process->state() == QProcess::NotRunning)
                continue;
            process->terminate();
            if (!process->waitForFinished(5000)) {
                process->kill();
                process->waitForFinished();
            }
        }
    });
    bus.setProcessEnvironment(env);
    bus.start(dbus, {u"--config-file="_s + config, u"--nofork"_s, u"--print-address=1"_s});
    QVERIFY2(bus.waitForStarted(5000), qPrintable(bus.errorString()));
    QVERIFY(QTest::qWaitFor([&] { return bus.canReadLine() || bus.state() != QProcess::Running; }, 10000));
    const QString address = QString::fromUtf8(bus.readLine()).trimmed();
    QVERIFY2(address.startsWith(u"unix:"_s), qPrintable(address + QString::fromUtf8(bus.readAllStandardError())));
    env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, address);

    daemon.setProcessEnvironment(env);
    daemon.setProcessChannelMode(QProcess::MergedChannels);
    daemon.start(keyring, {u"--foreground"_s, u"--unlock"_s, u"--components=secrets"_s});
    QVERIFY2(daemon.waitForStarted(5000), qPrintable(daemon.errorString()));
    daemon.write("crucible-test-keyring-password"); // --unlock reads the login password on stdin
    QVERIFY(daemon.waitForBytesWritten(5000));
    daemon.closeWriteChannel();

    auto runPhase = [&](const char *phase) {
        QProcess child;
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::MergedChannels);
        child.start(QCoreApplication::applicationFilePath(),
                    {QString::fromLatin1(ChildFlag), QString::fromLatin1(phase)});
        // An event loop, not waitForFinished(): the daemons' pipes keep being served meanwhile.
        if (!QTest::qWaitFor([&] { return child.state() == QProcess::NotRunning; }, 60000)) {
            child.kill();
            child.waitForFinished();
        }
        return std::make_pair(child.exitCode(), QString::fromUtf8(child.readAll()).trimmed());
    };
    const auto written = runPhase("write");
    QVERIFY2(written.first == 0, qPrintable(written.second + u" | daemon: "_s
                                            + QString::fromUtf8(daemon.readAll())));
    // The keyring lives under the temporary HOME, encrypted: the key is not in any file in clear.
    QCOMPARE(filesContaining(dir.path(), TestKey.toUtf8()), QStringList());
    const auto readBack = runPhase("read-remove");
    QVERIFY2(readBack.first == 0, qPrintable(readBack.second));
}

int main(int argc, char **argv)
{
    if (argc >= 3 && std::strcmp(argv[1], ChildFlag.constData()) == 0) {
        QCoreApplication app(argc, argv);
        return runChild(QByteArray(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestKeyStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keystore.moc"
