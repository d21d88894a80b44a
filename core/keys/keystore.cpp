#include "keys/keystore.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>
#include <utility>

#include "providers/provider.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

const QString Service = QString::fromLatin1(KeyStore::ServiceName);
/// Read by the probe; never written. "Not found" proves the keychain answers.
const QString ProbeKey = u"crucible-keychain-probe"_s;
constexpr int BlockingReadTimeoutMs = 30000;

QString errorName(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError: return u"no error"_s;
    case QKeychain::EntryNotFound: return u"entry not found"_s;
    case QKeychain::CouldNotDeleteEntry: return u"could not delete entry"_s;
    case QKeychain::AccessDeniedByUser: return u"access denied by user"_s;
    case QKeychain::AccessDenied: return u"access denied"_s;
    case QKeychain::NoBackendAvailable: return u"no keychain backend"_s;
    case QKeychain::NotImplemented: return u"not implemented"_s;
    case QKeychain::OtherError: return u"keychain error"_s;
    }
    return u"keychain error"_s;
}

/// "no keychain backend: <QtKeychain's text>" — the text names services and D-Bus errors only.
QString describeJobError(const QKeychain::Job &job)
{
    const QString text = job.errorString().trimmed();
    return text.isEmpty() ? errorName(job.error()) : errorName(job.error()) + u": "_s + text;
}

template<typename JobT>
JobT *newJob(const QString &key)
{
    // No parent: a job destroyed while its backend call is in flight could be called back
    // after deletion; unparented jobs delete themselves when done (autoDelete).
    auto *job = new JobT(Service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a clear-text file
    job->setKey(key);
    return job;
}

} // namespace

struct KeyStore::Impl
{
    Backend backend = Backend::Probing;
    QString reason;
    QHash<QString, QString> memory;         ///< MemoryOnly saves
    QHash<QString, QString> keychainCache;  ///< keys read from / written to the keychain this session
    QList<std::function<void()>> waiting;   ///< calls made while Probing
    QTimer probeTimer;
};

KeyStore::KeyStore(QObject *parent)
    : KeyStore(Options{}, parent)
{
}

KeyStore::KeyStore(const Options &options, QObject *parent)
    : QObject(parent)
    , d(new Impl)
{
    if (options.memoryOnly) {
        d->backend = Backend::MemoryOnly;
        d->reason = options.memoryOnlyReason.isEmpty() ? tr("the keychain is turned off")
                                                       : options.memoryOnlyReason;
        return;
    }
    const QString runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    const bool noBus = qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")
        && (runtimeDir.isEmpty() || !QFileInfo::exists(runtimeDir + u"/bus"_s));
    if (noBus) {
        // No address and no $XDG_RUNTIME_DIR/bus: D-Bus would only try X11 autolaunch. Say so.
        d->backend = Backend::MemoryOnly;
        d->reason = tr("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
        return;
    }

    auto settle = [this](Backend backend, const QString &reason) {
        const bool wasProbing = d->backend == Backend::Probing;
        if (!wasProbing && !(d->backend == Backend::MemoryOnly && backend == Backend::Keychain))
            return; // only a late success may still change the verdict
        d->probeTimer.stop();
        d->backend = backend;
        d->reason = backend == Backend::MemoryOnly ? reason : QString();
        const QList<std::function<void()>> waiting = std::exchange(d->waiting, {});
        for (const auto &call : waiting)
            call();
        Q_EMIT backendChanged();
    };

    d->probeTimer.setSingleShot(true);
    d->probeTimer.setInterval(options.probeTimeoutMs);
    connect(&d->probeTimer, &QTimer::timeout, this, [settle, timeout = options.probeTimeoutMs] {
        settle(Backend::MemoryOnly,
               tr("the keychain service did not answer within %1 s").arg(timeout / 1000.0));
    });
    d->probeTimer.start();

    auto *probe = newJob<QKeychain::ReadPasswordJob>(ProbeKey);
    connect(probe, &QKeychain::Job::finished, this, [settle](QKeychain::Job *job) {
        if (job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound)
            settle(Backend::Keychain, {});
        else
            settle(Backend::MemoryOnly, describeJobError(*job));
    });
    probe->start();
}

KeyStore::~KeyStore()
{
    delete d;
}

KeyStore::Backend KeyStore::backend() const
{
    return d->backend;
}

QString KeyStore::unavailableReason() const
{
    return d->backend == Backend::MemoryOnly ? d->reason : QString();
}

void KeyStore::read(const Provider &provider, std::function<void(Lookup)> done)
{
    if (d->backend == Backend::Probing) {
        // The registry outlives the store (it is the app's); keep only what the lookup needs.
        const QPointer<KeyStore> self(this);
        d->waiting.append([self, &provider, done = std::move(done)]() mutable {
            if (self)
                self->read(provider, std::move(done));
        });
        return;
    }
    const QString id = provider.id();
    const QStringList vars = provider.apiKeyEnvVars();
    auto fromEnvironment = [vars]() {
        for (const QString &var : vars) {
            const QString value = qEnvironmentVariable(var.toLocal8Bit().constData()).trimmed();
            if (!value.isEmpty())
                return Lookup{value, Source::Environment, var};
        }
        return Lookup{};
    };

    if (const auto it = d->memory.constFind(id); it != d->memory.cend())
        return done(Lookup{*it, Source::Memory, {}});
    if (d->backend != Backend::Keychain)
        return done(fromEnvironment());
    if (const auto it = d->keychainCache.constFind(id); it != d->keychainCache.cend())
        return done(Lookup{*it, Source::Keychain, {}});

    auto *job = newJob<QKeychain::ReadPasswordJob>(id);
    connect(job, &QKeychain::Job::finished, this,
            [this, id, fromEnvironment, done = std::move(done)](QKeychain::Job *finished) {
                const QString key =
                    static_cast<QKeychain::ReadPasswordJob *>(finished)->textData().trimmed();
                if (finished->error() == QKeychain::NoError && !key.isEmpty()) {
                    d->keychainCache.insert(id, key);
                    done(Lookup{key, Source::Keychain, {}});
                } else {
                    done(fromEnvironment()); // not found or unreadable: the environment decides
                }
            });
    job->start();
}

void KeyStore::write(const QString &providerId, const QString &key,
                     std::function<void(bool ok, QString error)> done)
{
    const QString trimmed = key.trimmed();
    if (providerId.isEmpty() || trimmed.isEmpty())
        return done(false, tr("nothing to save: the key is empty"));
    if (d->backend == Backend::Probing) {
        const QPointer<KeyStore> self(this);
        d->waiting.append([self, providerId, trimmed, done = std::move(done)]() mutable {
            if (self)
                self->write(providerId, trimmed, std::move(done));
        });
        return;
    }
    if (d->backend == Backend::MemoryOnly) {
        d->memory.insert(providerId, trimmed);
        done(true, {});
        Q_EMIT keyChanged(providerId);
        return;
    }
    auto *job = newJob<QKeychain::WritePasswordJob>(providerId);
    job->setTextData(trimmed);
    connect(job, &QKeychain::Job::finished, this,
            [this, providerId, trimmed, done = std::move(done)](QKeychain::Job *finished) {
                if (finished->error() != QKeychain::NoError)
                    return done(false, tr("could not save to the keychain (%1)")
                                           .arg(describeJobError(*finished)));
                d->memory.remove(providerId);
                d->keychainCache.insert(providerId, trimmed);
                done(true, {});
                Q_EMIT keyChanged(providerId);
            });
    job->start();
}

void KeyStore::remove(const QString &providerId, std::function<void(bool ok, QString error)> done)
{
    if (d->backend == Backend::Probing) {
        const QPointer<KeyStore> self(this);
        d->waiting.append([self, providerId, done = std::move(done)]() mutable {
            if (self)
                self->remove(providerId, std::move(done));
        });
        return;
    }
    d->memory.remove(providerId);
    d->keychainCache.remove(providerId);
    if (d->backend == Backend::MemoryOnly) {
        done(true, {});
        Q_EMIT keyChanged(providerId);
        return;
    }
    auto *job = newJob<QKeychain::DeletePasswordJob>(providerId);
    connect(job, &QKeychain::Job::finished, this,
            [this, providerId, done = std::move(done)](QKeychain::Job *finished) {
                const QKeychain::Error error = finished->error();
                if (error != QKeychain::NoError && error != QKeychain::EntryNotFound)
                    return done(false, tr("could not remove from the keychain (%1)")
                                           .arg(describeJobError(*finished)));
                done(true, {});
                Q_EMIT keyChanged(providerId);
            });
    job->start();
}

KeyStore::Lookup KeyStore::readBlocking(const Provider &provider)
{
    // Shared with the callback: a late answer (after the bounded wait) writes here harmlessly.
    struct State
    {
        Lookup result;
        bool finished = false;
        QPointer<QEventLoop> loop;
    };
    auto state = std::make_shared<State>();
    read(provider, [state](Lookup lookup) {
        state->result = std::move(lookup);
        state->finished = true;
        if (state->loop)
            state->loop->quit();
    });
    if (!state->finished) {
        QEventLoop loop;
        state->loop = &loop;
        QTimer::singleShot(BlockingReadTimeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (state->finished)
        return state->result;
    // No answer in time: the environment still counts.
    for (const QString &var : provider.apiKeyEnvVars()) {
        const QString value = qEnvironmentVariable(var.toLocal8Bit().constData()).trimmed();
        if (!value.isEmpty())
            return Lookup{value, Source::Environment, var};
    }
    return {};
}

QString KeyStore::describeSource(const Lookup &lookup)
{
    switch (lookup.source) {
    case Source::None: return tr("none");
    case Source::Keychain: return tr("keychain");
    case Source::Memory: return tr("memory (until you quit)");
    case Source::Environment: return tr("environment $%1").arg(lookup.detail);
    }
    return tr("none");
}

} // namespace Crucible
