#include "transport/httpfetch.h"

#include <QEventLoop>
#include <QMutex>

#include <memory>

#include "common/redact.h"
#include "providers/errorclassifier.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

/// What the decoder (network thread) hands to the callback (transport thread).
struct Buffer
{
    QMutex mutex;
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
    bool overflow = false;
};

/// Keeps every byte; emits no events.
class BufferingDecoder final : public StreamDecoder
{
public:
    explicit BufferingDecoder(std::shared_ptr<Buffer> buffer) : m_buffer(std::move(buffer)) {}

    void begin(int httpStatus, const HttpHeaders &headers) override
    {
        QMutexLocker lock(&m_buffer->mutex);
        m_buffer->status = httpStatus;
        m_buffer->headers = headers;
    }
    void feed(QByteArrayView bytes, std::vector<StreamEvent> &) override
    {
        QMutexLocker lock(&m_buffer->mutex);
        if (m_buffer->overflow)
            return;
        if (m_buffer->body.size() + bytes.size() > HttpFetchMaxBodyBytes) {
            m_buffer->overflow = true;
            m_buffer->body.clear();
            return;
        }
        m_buffer->body.append(bytes);
    }
    void finish(std::vector<StreamEvent> &) override {}

private:
    std::shared_ptr<Buffer> m_buffer;
};

} // namespace

HttpTransport::TransferId httpFetch(HttpTransport &transport, HttpRequest request, QObject *context,
                                    HttpFetchCallback done)
{
    auto buffer = std::make_shared<Buffer>();
    const QStringList secrets = request.secrets;
    auto decoder = std::make_unique<BufferingDecoder>(buffer);
    return transport.start(std::move(request), std::move(decoder), context,
                           [buffer, secrets, done = std::move(done)](const TransferUpdate &update) {
        if (!update.finished)
            return;
        HttpFetchResult result;
        {
            QMutexLocker lock(&buffer->mutex);
            result.status = buffer->status ? buffer->status : update.httpStatus;
            result.headers = buffer->status ? buffer->headers : update.headers;
            result.body = buffer->body;
            if (buffer->overflow) {
                result.error.errorClass = ErrorClass::Malformed;
                result.error.httpStatus = result.status;
                result.error.message = u"response body larger than %1 MiB"_s.arg(HttpFetchMaxBodyBytes >> 20);
            }
        }
        if (update.transportError.isError()) {
            result.error = update.transportError;
        } else if (!result.error.isError() && (result.status < 200 || result.status > 299)) {
            result.error = classifyHttpError(result.status, result.headers, result.body);
        }
        result.error.message = redacted(result.error.message, secrets);
        done(result);
    });
}

HttpFetchResult httpFetchBlocking(HttpTransport &transport, HttpRequest request)
{
    QEventLoop loop;
    HttpFetchResult out;
    bool finished = false;
    httpFetch(transport, std::move(request), &loop, [&](const HttpFetchResult &result) {
        out = result;
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return out;
}

} // namespace Crucible
