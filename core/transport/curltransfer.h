#pragma once

#include <cstdint>
#include <memory>

#include "transport/httptransport.h"

using CURL = void; // as in <curl/curl.h>, which stays out of headers
struct curl_slist;

namespace Crucible {

/// One libcurl easy transfer and the state the network thread keeps for it. Private to the
/// transport; every method runs on the network thread. libcurl's callbacks feed the decoder
/// directly and collect events into the pending update, which the loop posts (coalesced) with
/// takeUpdate(). Exactly one finalize call (complete/fail) ends the transfer.
class CurlTransfer
{
public:
    using Id = HttpTransport::TransferId;

    CurlTransfer(Id id, HttpRequest request, std::unique_ptr<StreamDecoder> decoder);
    ~CurlTransfer();
    CurlTransfer(const CurlTransfer &) = delete;
    CurlTransfer &operator=(const CurlTransfer &) = delete;

    /// Creates and configures the easy handle. False (with the update finalized as a Network
    /// error) when libcurl refuses the request.
    bool setup();
    CURL *easy() const { return m_easy; }
    Id id() const { return m_id; }

    void markSent(std::int64_t nowNs);
    /// libcurl reported the transfer done with this CURLcode (as int: no curl types here).
    void complete(int curlCode, std::int64_t nowNs);
    /// Ends the transfer without finish(): cancel, timeouts we detect ourselves.
    void fail(ErrorClass errorClass, const QString &message, std::int64_t nowNs);

    /// ns until the idle timeout fires (<= 0: fired); INT64_MAX without an idle limit.
    std::int64_t idleRemainingNs(std::int64_t nowNs) const;
    qint64 idleTimeoutMs() const { return qint64(m_request.timeouts.idle.count()); }

    bool hasUpdate() const { return m_dirty; }
    bool isFinished() const { return m_update.finished; }
    TransferUpdate takeUpdate();

private:
    static size_t onWrite(char *data, size_t size, size_t count, void *self);
    static size_t onHeader(char *data, size_t size, size_t count, void *self);
    void headerLine(QByteArrayView line, std::int64_t nowNs);
    void beginDecoder(std::int64_t nowNs);
    void appendEvents(std::vector<StreamEvent> &events, std::int64_t atNs);
    QString curlErrorMessage(int curlCode) const;

    Id m_id;
    HttpRequest m_request;
    std::unique_ptr<StreamDecoder> m_decoder;
    CURL *m_easy = nullptr;
    curl_slist *m_headerList = nullptr;
    char m_errorBuffer[256] = {}; // CURL_ERROR_SIZE

    TransferUpdate m_update; ///< accumulates until takeUpdate(); marks/status/headers persist
    bool m_dirty = false;
    bool m_headersComplete = false;
    bool m_begun = false;
    int m_status = 0;
    HttpHeaders m_headers;
    std::int64_t m_lastActivityNs = 0;
    std::vector<StreamEvent> m_scratch;
};

} // namespace Crucible
