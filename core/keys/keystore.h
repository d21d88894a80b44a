#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace Crucible {

class Provider;

/// API keys, one per provider id. Stored in the OS keychain through QtKeychain (Secret Service /
/// KWallet) under service "crucible"; when no keychain service answers, keys live in this
/// object's memory only (backend() == MemoryOnly, reason in unavailableReason()). Never written
/// in clear to any file. Lookup order for a provider: keychain / memory, then its environment
/// variables (Provider::apiKeyEnvVars()).
/// Threading: one thread (GUI or CLI main); callbacks run on it, from its event loop.
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
        QString detail; ///< e.g. the environment variable name; never the key
    };

    explicit KeyStore(QObject *parent = nullptr);
    ~KeyStore() override;

    Backend backend() const;
    QString unavailableReason() const;

    void read(const Provider &provider, std::function<void(Lookup)> done);
    void write(const QString &providerId, const QString &key, std::function<void(bool ok, QString error)> done);
    void remove(const QString &providerId, std::function<void(bool ok, QString error)> done);
    /// Synchronous convenience for the CLI: spins a local event loop (bounded wait).
    Lookup readBlocking(const Provider &provider);

Q_SIGNALS:
    void backendChanged();
    void keyChanged(const QString &providerId);

private:
    struct Impl;
    Impl *d;
};

} // namespace Crucible
