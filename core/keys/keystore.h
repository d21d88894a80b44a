#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace Crucible {

class Provider;

/// API keys, one per provider id. Stored in the OS keychain through QtKeychain (Secret Service /
/// KWallet) under service "crucible", key = provider id; when no keychain service answers, keys
/// live in this object's memory only (backend() == MemoryOnly, reason in unavailableReason()).
/// Never written in clear to any file (QtKeychain's insecure fallback stays off) and never logged.
///
/// Lookup order for a provider: a key saved in this session's memory (MemoryOnly, or a keychain
/// read cached for the session), then the keychain, then its environment variables in the order
/// of Provider::apiKeyEnvVars() (Gemini: GEMINI_API_KEY, then GOOGLE_API_KEY).
///
/// At construction a probe (a read of a key nobody writes) asks the keychain whether it answers:
/// "not found" means it works (Keychain); any other error, or no answer within probeTimeoutMs,
/// means MemoryOnly with the reason. A late successful answer still switches to Keychain.
/// Calls made while Probing wait for the probe.
///
/// Callbacks: they run on this object's thread and never after it is destroyed. They may run
/// before read()/write()/remove() return when no keychain call is needed (memory, environment).
/// Threading: one thread (GUI or CLI main) with an event loop.
class KeyStore : public QObject
{
    Q_OBJECT
public:
    enum class Backend { Probing, Keychain, MemoryOnly };
    enum class Source { None, Keychain, Memory, Environment };
    struct Lookup
    {
        QString key;    ///< empty: none found
        Source source = Source::None;
        QString detail; ///< the environment variable name for Source::Environment; never the key
    };
    struct Options
    {
        bool memoryOnly = false; ///< skip the keychain entirely (tests, --no-keychain)
        QString memoryOnlyReason; ///< shown as unavailableReason() when memoryOnly
        int probeTimeoutMs = 8000;
    };
    static constexpr const char *ServiceName = "crucible";

    explicit KeyStore(QObject *parent = nullptr);
    explicit KeyStore(const Options &options, QObject *parent = nullptr);
    ~KeyStore() override;

    Backend backend() const;
    QString unavailableReason() const; ///< empty unless MemoryOnly

    void read(const Provider &provider, std::function<void(Lookup)> done);
    /// Saves a key (trimmed; an empty key is an error). keyChanged() follows on success.
    void write(const QString &providerId, const QString &key, std::function<void(bool ok, QString error)> done);
    /// Removes the saved key (a key that was not there counts as removed). Environment
    /// variables are not touched: a lookup may still find one afterwards.
    void remove(const QString &providerId, std::function<void(bool ok, QString error)> done);
    /// Synchronous convenience for the CLI: spins a local event loop (bounded wait).
    Lookup readBlocking(const Provider &provider);

    /// "keychain", "environment $GEMINI_API_KEY", "memory (until you quit)", "none".
    static QString describeSource(const Lookup &lookup);

Q_SIGNALS:
    void backendChanged();
    void keyChanged(const QString &providerId);

private:
    struct Impl;
    Impl *d;
};

} // namespace Crucible
