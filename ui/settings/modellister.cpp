#include "settings/modellister.h"

#include "common/redact.h"
#include "providers/httpprovider.h"
#include "transport/httpfetch.h"
#include "transport/httptransport.h"

using namespace Qt::StringLiterals;

namespace Crucible {

ModelLister::ModelLister(QObject *parent)
    : QObject(parent)
{
}

ModelLister::~ModelLister()
{
    cancel(); // the context goes before the transport
}

void ModelLister::list(const HttpProvider &provider, const ProviderSettings &settings)
{
    cancel();
    if (!m_transport)
        m_transport = std::make_unique<HttpTransport>();
    m_provider = &provider;
    m_settings = settings;
    m_models.clear();
    m_pages = 0;
    m_context = new QObject(this);
    fetchPage({});
}

void ModelLister::cancel()
{
    delete m_context; // cancels the fetch in flight, silently
    m_context = nullptr;
    m_settings.apiKey.clear();
}

void ModelLister::fetchPage(const QString &cursor)
{
    Result<HttpRequest> request = m_provider->buildListModelsRequest(m_settings, cursor);
    if (!request) {
        // Asynchronous like every other answer, so callers see one shape.
        const QString error = redacted(request.error().message, {m_settings.apiKey});
        QMetaObject::invokeMethod(m_context, [this, error] { done(false, error); }, Qt::QueuedConnection);
        return;
    }
    ++m_pages;
    httpFetch(*m_transport, std::move(request).value(), m_context,
              [this](const HttpFetchResult &result) {
                  if (!result.ok()) {
                      const ProviderError &e = result.error;
                      QString text = errorClassName(e.errorClass);
                      if (e.httpStatus)
                          text += u" (%1)"_s.arg(e.httpStatus);
                      if (!e.message.isEmpty())
                          text += u": "_s + e.message;
                      return done(false, redacted(text, {m_settings.apiKey}));
                  }
                  Result<HttpProvider::ModelPage> page = m_provider->parseModelList(result.body);
                  if (!page)
                      return done(false, redacted(page.error().message, {m_settings.apiKey}));
                  m_models += page.value().models;
                  if (page.value().nextCursor.isEmpty() || m_pages >= MaxPages)
                      return done(true, {});
                  fetchPage(page.value().nextCursor);
              });
}

void ModelLister::done(bool ok, const QString &error)
{
    const QStringList models = std::exchange(m_models, {});
    m_context->deleteLater(); // we may be inside its callback
    m_context = nullptr;
    m_settings.apiKey.clear();
    Q_EMIT finished(ok, ok ? models : QStringList(), error);
}

} // namespace Crucible
