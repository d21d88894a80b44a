#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>
#include <vector>

#include "providers/sselinechecker.h"
#include "transport/sseparser.h"
#include "transport/streamdecoder.h"

namespace Crucible {

/// Small helpers every stream decoder uses (SSE and NDJSON alike).
namespace DecoderText {
/// Error bodies and whole-JSON answers are kept up to this size.
constexpr qsizetype maxBufferedBody = 4 * 1024 * 1024;
/// An error of class `c` whose message is `message` on one line.
ProviderError makeError(ErrorClass c, const QString &message);
/// The first 120 bytes of `bytes`, for error messages.
QString excerpt(QByteArrayView bytes);
/// Appends `bytes` to `buffer` up to maxBufferedBody bytes in all.
void appendCapped(QByteArray &buffer, QByteArrayView bytes);
} // namespace DecoderText

/// The machinery shared by the decoders of SSE streams whose events carry JSON (OpenAI Chat,
/// Responses, Anthropic, Gemini), see StreamDecoder for the contract:
/// - non-2xx: the whole body is buffered and classified by classifyHttpError() in finish();
/// - sniffing: a 2xx body that starts (after a BOM and blanks) with '{' (or '[' when
///   acceptsJsonArrayBody) is one JSON document, buffered and handed to finishJsonBody() at EOF;
///   anything else is SSE;
/// - SSE: framed by SseParser, each event handed to handleEvent(); a line that is not SSE (see
///   SseLineChecker) is collected up to its end and handed to bareLineError(): a bare JSON error
///   line gives that error, anything else Malformed. With keepsBareJson, a non-SSE line that
///   starts a JSON value is kept until EOF instead (it may span lines);
/// - EOF: an event whose lines all ended but whose closing blank line is missing is still read,
///   then finishStream() decides between a normal end and truncation; EOF before any answer byte
///   -> Truncated.
/// After fail() or stopReading() nothing more is read; after fail() nothing more is emitted.
class SseJsonDecoder : public StreamDecoder
{
public:
    void begin(int httpStatus, const HttpHeaders &headers) override;
    void feed(QByteArrayView bytes, std::vector<StreamEvent> &out) override;
    void finish(std::vector<StreamEvent> &out) override;

protected:
    struct Options
    {
        bool acceptsJsonArrayBody = false; ///< a body starting with '[' is one JSON document
        bool keepsBareJson = false;        ///< a non-SSE line starting a JSON value is kept to EOF
    };
    explicit SseJsonDecoder(Options options);

    /// One complete SSE event of a 2xx stream.
    virtual void handleEvent(const SseEvent &event, std::vector<StreamEvent> &out) = 0;
    /// At EOF: the whole 2xx body (buffer()) that is one JSON document.
    virtual void finishJsonBody(std::vector<StreamEvent> &out) = 0;
    /// At EOF in SSE mode (after the last complete event was read), unless stopped or failed:
    /// end normally or report truncation (see failTruncated()).
    virtual void finishStream(std::vector<StreamEvent> &out) = 0;
    /// The error a line that is not SSE reports when it is a bare JSON error, nullopt otherwise.
    virtual std::optional<ProviderError> bareLineError(const QByteArray &line) = 0;
    /// Called once just before the Error event is appended (e.g. to flush open tool calls).
    virtual void beforeFailure(std::vector<StreamEvent> &out);

    /// Emits the Error event (once) and stops reading.
    void fail(ProviderError error, std::vector<StreamEvent> &out);
    /// Malformed error for an SSE event whose data is not a JSON object.
    void failNotJson(QByteArrayView data, std::vector<StreamEvent> &out);
    /// Malformed error for a whole JSON body that does not parse, or (with `what`, e.g. "a chat
    /// completion") that parses but is not what the provider answers.
    void failBadBody(std::vector<StreamEvent> &out, const QString &what = {});
    /// Truncated error "The stream ended [in the middle of an event, ]before <terminator>".
    void failTruncated(const QString &terminator, std::vector<StreamEvent> &out);
    /// The terminator was read: everything after it is ignored.
    void stopReading() { m_mode = Mode::Ignoring; }
    bool stoppedReading() const { return m_mode == Mode::Ignoring; }
    bool failed() const { return m_failed; }
    int httpStatus() const { return m_status; }
    const HttpHeaders &headers() const { return m_headers; }
    /// The buffered JSON body (in finishJsonBody()).
    const QByteArray &buffer() const { return m_buffer; }

private:
    enum class Mode { Sniffing, Sse, JsonBody, BadLine, BareJson, Ignoring };
    void sniff(QByteArrayView bytes, std::vector<StreamEvent> &out);
    void feedSse(QByteArrayView bytes, std::vector<StreamEvent> &out);
    void feedBadLine(QByteArrayView bytes, std::vector<StreamEvent> &out);
    void finishSse(std::vector<StreamEvent> &out);
    void finishBadLine(std::vector<StreamEvent> &out);

    Options m_options;
    int m_status = 0;
    HttpHeaders m_headers;
    Mode m_mode = Mode::Sniffing;
    QByteArray m_buffer; ///< sniffed prefix, error body, JSON body or bad line
    SseParser m_sse;
    SseLineChecker m_lines;
    std::vector<SseEvent> m_events; ///< scratch
    char m_lastByte = 0; ///< last SSE byte fed: a line end means the last line is complete
    bool m_failed = false;
};

} // namespace Crucible
