#pragma once

#include <QObject>
#include <QStringList>

#include <memory>

#include "providers/chatrequest.h"

namespace Crucible {

class HttpProvider;
class HttpTransport;

/// The settings page's "Test": lists a provider's models through its own
/// buildListModelsRequest()/parseModelList() (providers.md §11), following the page cursor, over
/// httpFetch() on a transport of its own (created at the first list()). One listing at a time;
/// a new list() cancels the previous one. Error texts are redacted with the key; the key is
/// never part of a signal. GUI thread only; the provider must outlive the listing.
class ModelLister : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxPages = 20;

    explicit ModelLister(QObject *parent = nullptr);
    ~ModelLister() override;

    void list(const HttpProvider &provider, const ProviderSettings &settings);
    void cancel();
    bool isBusy() const { return m_context != nullptr; }

Q_SIGNALS:
    /// ok: `models` in the provider's order; else `error` is one line ("auth (401): …").
    void finished(bool ok, const QStringList &models, const QString &error);

private:
    void fetchPage(const QString &cursor);
    void done(bool ok, const QString &error);

    std::unique_ptr<HttpTransport> m_transport;
    const HttpProvider *m_provider = nullptr;
    ProviderSettings m_settings;
    QStringList m_models;
    int m_pages = 0;
    QObject *m_context = nullptr; ///< per listing: destroying it cancels the fetch
};

} // namespace Crucible
