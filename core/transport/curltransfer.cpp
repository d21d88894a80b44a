#include "transport/curltransfer.h"

#include <curl/curl.h>

#include <limits>

#include "common/clock.h"
#include "common/logging.h"
#include "common/redact.h"

using namespace Qt::StringLiterals;

namespace Crucible {

static_assert(CURL_ERROR_SIZE <= 256, "m_errorBuffer too small");

namespace {

constexpr std::int64_t kNsPerMs = 1'000'000;

int parseStatus(QByteArrayView statusLine) // "HTTP/1.1 200 OK", "HTTP/2 404"
{
    const qsizetype space = statusLine.indexOf(' ');
    if (space < 0)
        return 0;
    QByteArrayView rest = statusLine.sliced(space + 1);
    if (const qsizetype end = rest.indexOf(' '); end >= 0)
        rest = rest.first(end);
    bool ok = false;
    const int status = rest.toByteArray().toInt(&ok);
    return ok ? status : 0;
}

} // namespace

CurlTransfer::CurlTransfer(Id id, HttpRequest request, std::unique_ptr<StreamDecoder> decoder)
    : m_id(id), m_request(std::move(request)), m_decoder(std::move(decoder))
{
}

CurlTransfer::~CurlTransfer()
{
    if (m_easy)
        curl_easy_cleanup(m_easy); // the network thread removed it from the multi handle first
    curl_slist_free_all(m_headerList);
}

bool CurlTransfer::setup()
{
    m_easy = curl_easy_init();
    if (!m_easy || !m_decoder) {
        fail(ErrorClass::Network, u"could not create an HTTP transfer"_s, monotonicNs());
        return false;
    }
    CURL *h = m_easy;
    curl_easy_setopt(h, CURLOPT_URL, m_request.url.toEncoded().constData()); // libcurl copies
    curl_easy_setopt(h, CURLOPT_PRIVATE, this);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, m_errorBuffer);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &CurlTransfer::onWrite);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &CurlTransfer::onHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(h, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L); // proxy CONNECT replies are not ours
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(m_request.timeouts.connect.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(m_request.timeouts.total.count()));
#if LIBCURL_VERSION_NUM >= 0x075500 // 7.85
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    // Proxies: libcurl reads http_proxy / https_proxy / no_proxy itself; nothing to do here.

    const QByteArray method = m_request.method.toUpper();
    if (method == "GET") {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
        if (method != "POST")
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.constData());
        if (method == "POST" || !m_request.body.isEmpty()) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(m_request.body.size()));
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, m_request.body.constData()); // we keep it alive
        }
    }

    bool hasExpect = false;
    QByteArrayList logged;
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        hasExpect = hasExpect || name.compare("expect", Qt::CaseInsensitive) == 0;
        // "Name;" is libcurl's spelling of a header with an empty value.
        const QByteArray line = value.isEmpty() ? name + ';' : name + ": " + value;
        m_headerList = curl_slist_append(m_headerList, line.constData());
        logged << name + ": " + (isSecretHeader(name) ? QByteArray("[redacted]") : value);
    }
    if (!hasExpect) // no 100-continue round trip (many small servers never answer it)
        m_headerList = curl_slist_append(m_headerList, "Expect:");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, m_headerList);

    qCDebug(lcTransport).noquote()
        << "transfer" << m_id << QString::fromUtf8(method)
        << redacted(m_request.url.toDisplayString(), m_request.secrets)
        << redacted(QString::fromUtf8(logged.join(", ")), m_request.secrets);
    return true;
}

void CurlTransfer::markSent(std::int64_t nowNs)
{
    m_update.marks.sentNs = nowNs;
    m_lastActivityNs = nowNs;
}

size_t CurlTransfer::onHeader(char *data, size_t size, size_t count, void *self)
{
    const size_t n = size * count;
    QByteArrayView line(data, qsizetype(n)); // libcurl passes one complete header line per call
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    static_cast<CurlTransfer *>(self)->headerLine(line, monotonicNs());
    return n;
}

void CurlTransfer::headerLine(QByteArrayView line, std::int64_t nowNs)
{
    m_lastActivityNs = nowNs;
    if (m_headersComplete) // trailers of a chunked body
        return;
    if (line.startsWith("HTTP/")) { // a new response: keep only the last one's headers (1xx)
        m_headers.clear();
        m_status = parseStatus(line);
        return;
    }
    if (line.isEmpty()) {
        if (m_status >= 200) { // 1xx responses are followed by the real one
            m_update.marks.headersNs = nowNs;
            m_headersComplete = true;
            beginDecoder(nowNs);
        }
        return;
    }
    if ((line.front() == ' ' || line.front() == '\t') && !m_headers.isEmpty()) { // obs-fold
        m_headers.last().second += ' ' + line.trimmed().toByteArray();
        return;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return;
    m_headers.append({line.first(colon).trimmed().toByteArray(),
                      line.sliced(colon + 1).trimmed().toByteArray()});
}

void CurlTransfer::beginDecoder(std::int64_t nowNs)
{
    if (m_begun)
        return;
    m_begun = true;
    if (!m_headersComplete) { // body or EOF without a parsable header block
        m_headersComplete = true;
        m_update.marks.headersNs = nowNs;
    }
    m_update.headersArrived = true;
    m_update.httpStatus = m_status;
    m_update.headers = m_headers;
    m_dirty = true;
    m_decoder->begin(m_status, m_headers);
}

size_t CurlTransfer::onWrite(char *data, size_t size, size_t count, void *self)
{
    const size_t n = size * count;
    auto *t = static_cast<CurlTransfer *>(self);
    if (t->m_update.finished)
        return n;
    const std::int64_t now = monotonicNs();
    t->m_lastActivityNs = now;
    TransferMarks &marks = t->m_update.marks;
    if (!t->m_begun)
        t->beginDecoder(now);
    if (marks.firstByteNs == 0)
        marks.firstByteNs = now;
    marks.lastChunkNs = now;
    t->m_update.bytesReceived += std::int64_t(n);
    t->m_decoder->feed(QByteArrayView(data, qsizetype(n)), t->m_scratch);
    t->appendEvents(t->m_scratch, now);
    t->m_dirty = true;
    return n;
}

void CurlTransfer::appendEvents(std::vector<StreamEvent> &events, std::int64_t atNs)
{
    for (StreamEvent &e : events)
        m_update.events.append(TimedEvent{atNs, std::move(e)});
    events.clear();
}

void CurlTransfer::complete(int curlCode, std::int64_t nowNs)
{
    if (m_update.finished)
        return;
    const auto code = CURLcode(curlCode);
    // PARTIAL_FILE is a clean close before the announced end of the body: an EOF. The decoder
    // decides whether that truncated the provider's stream (no terminator seen) or not.
    if (code == CURLE_OK || code == CURLE_PARTIAL_FILE) {
        if (!m_begun) {
            if (m_status == 0) {
                long status = 0;
                curl_easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &status);
                m_status = int(status);
            }
            beginDecoder(nowNs);
        }
        m_decoder->finish(m_scratch);
        appendEvents(m_scratch, nowNs);
        m_update.marks.endNs = nowNs;
        m_update.finished = true;
        m_dirty = true;
        return;
    }
    if (code == CURLE_OPERATION_TIMEDOUT) {
        curl_off_t connectUs = 0;
        curl_easy_getinfo(m_easy, CURLINFO_CONNECT_TIME_T, &connectUs);
        const qint64 elapsedMs = (nowNs - m_update.marks.sentNs) / kNsPerMs;
        const qint64 totalMs = qint64(m_request.timeouts.total.count());
        if (connectUs == 0 && !(totalMs > 0 && elapsedMs >= totalMs))
            fail(ErrorClass::Timeout, u"connect timeout: no connection within %1 ms"_s
                                          .arg(m_request.timeouts.connect.count()), nowNs);
        else
            fail(ErrorClass::Timeout, u"total timeout: request took longer than %1 ms"_s
                                          .arg(totalMs), nowNs);
        return;
    }
    fail(ErrorClass::Network, curlErrorMessage(curlCode), nowNs);
}

QString CurlTransfer::curlErrorMessage(int curlCode) const
{
    const QString what = QString::fromUtf8(curl_easy_strerror(CURLcode(curlCode)));
    const QString detail = QString::fromUtf8(m_errorBuffer).trimmed();
    if (detail.isEmpty() || detail == what)
        return u"network error: %1"_s.arg(what);
    return u"network error: %1 (%2)"_s.arg(what, detail);
}

void CurlTransfer::fail(ErrorClass errorClass, const QString &message, std::int64_t nowNs)
{
    if (m_update.finished)
        return;
    m_update.transportError.errorClass = errorClass;
    m_update.transportError.message = redacted(message, m_request.secrets);
    m_update.marks.endNs = nowNs;
    m_update.finished = true;
    m_dirty = true;
    qCDebug(lcTransport).noquote() << "transfer" << m_id << "failed:" << m_update.transportError.message;
}

std::int64_t CurlTransfer::idleRemainingNs(std::int64_t nowNs) const
{
    const std::int64_t idleMs = m_request.timeouts.idle.count();
    if (idleMs <= 0 || m_update.finished)
        return std::numeric_limits<std::int64_t>::max();
    return m_lastActivityNs + idleMs * kNsPerMs - nowNs;
}

TransferUpdate CurlTransfer::takeUpdate()
{
    QList<TimedEvent> events = std::exchange(m_update.events, {});
    TransferUpdate update = m_update;
    update.events = std::move(events);
    m_update.headersArrived = false;
    m_dirty = false;
    return update;
}

} // namespace Crucible
