#include "providers/ollama/ollamadecoder.h"

#include "providers/errorclassifier_p.h"
#include "providers/ssejsondecoder.h"
#include "providers/ssejsondecoder_p.h"

using namespace Qt::StringLiterals;

namespace Crucible {

using DecoderText::excerpt;
using DecoderText::makeError;
using JsonUtil::json;

namespace {

/// SAX handler that accepts everything and remembers where parsing failed.
struct ErrorPosition
{
    std::size_t position = 0;
    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(json::number_integer_t) { return true; }
    bool number_unsigned(json::number_unsigned_t) { return true; }
    bool number_float(json::number_float_t, const std::string &) { return true; }
    bool string(std::string &) { return true; }
    bool binary(json::binary_t &) { return true; }
    bool start_object(std::size_t) { return true; }
    bool key(std::string &) { return true; }
    bool end_object() { return true; }
    bool start_array(std::size_t) { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t p, const std::string &, const nlohmann::detail::exception &)
    {
        position = p;
        return false;
    }
};

/// True when `text` is the start of a JSON value cut short (the parser ran out of input), not junk.
bool isCutJson(QByteArrayView text)
{
    ErrorPosition sax;
    const bool ok = json::sax_parse(text.begin(), text.end(), &sax);
    return !ok && sax.position > std::size_t(text.size());
}

/// Arguments as compact JSON (streamevent.h ToolCall::argumentsJson).
QString argumentsText(const json *args)
{
    if (!args || args->is_null())
        return u"{}"_s;
    json value = *args;
    if (args->is_string()) {
        const std::string &text = args->get_ref<const std::string &>();
        if (QByteArrayView(text.data(), qsizetype(text.size())).trimmed().isEmpty())
            return u"{}"_s;
        const json parsed = json::parse(text, nullptr, false);
        if (!parsed.is_discarded())
            value = parsed;
    }
    return QString::fromStdString(value.dump(-1, ' ', false, json::error_handler_t::replace));
}

ProviderError lineError(const json &line)
{
    ProviderError e = ErrorClassifier::fromStreamJson(line);
    if (e.errorClass == ErrorClass::Server && e.message.contains("not found"_L1, Qt::CaseInsensitive))
        e.errorClass = ErrorClass::NotFound; // "model 'x' not found, try pulling it first"
    return e;
}

void readToolCalls(const json *calls, int &counter, std::vector<StreamEvent> &out)
{
    if (!calls || !calls->is_array())
        return;
    for (const json &call : *calls) {
        const json *function = JsonUtil::member(call, "function");
        ToolCall done;
        done.id = JsonUtil::string(call, "id");
        if (done.id.isEmpty())
            done.id = u"call_%1"_s.arg(counter);
        ++counter;
        if (function) {
            done.name = JsonUtil::string(*function, "name");
            done.argumentsJson = argumentsText(JsonUtil::member(*function, "arguments"));
        } else {
            done.argumentsJson = u"{}"_s;
        }
        out.push_back(StreamEvent::toolCallDone(std::move(done)));
    }
}

/// One chat or generate object; true when it was the done line.
bool readObject(const json &line, int &toolCalls, std::vector<StreamEvent> &out)
{
    const json *message = JsonUtil::member(line, "message");
    const json &source = message && message->is_object() ? *message : line;
    if (const QString thinking = JsonUtil::string(source, "thinking"); !thinking.isEmpty())
        out.push_back(StreamEvent::reasoningDelta(thinking));
    const QString text = message ? JsonUtil::string(*message, "content") : JsonUtil::string(line, "response");
    if (!text.isEmpty())
        out.push_back(StreamEvent::textDelta(text));
    if (message)
        readToolCalls(JsonUtil::member(*message, "tool_calls"), toolCalls, out);

    const json *done = JsonUtil::member(line, "done");
    if (!done || !done->is_boolean() || !done->get<bool>())
        return false;
    Usage usage;
    usage.inputTokens = JsonUtil::integer(line, "prompt_eval_count");
    usage.outputTokens = JsonUtil::integer(line, "eval_count");
    if (!usage.isEmpty())
        out.push_back(StreamEvent::usageReport(usage));
    const QString reason = JsonUtil::string(line, "done_reason").trimmed().toLower();
    out.push_back(StreamEvent::finish(reason.isEmpty() ? u"stop"_s : reason));
    return true;
}

} // namespace

void OllamaDecoder::begin(int httpStatus, const HttpHeaders &headers)
{
    m_status = httpStatus;
    m_headers = headers;
}

void OllamaDecoder::feed(QByteArrayView bytes, std::vector<StreamEvent> &out)
{
    if (m_failed || m_mode == Mode::Ignoring || bytes.isEmpty())
        return;
    const bool httpOk = m_status >= 200 && m_status < 300;
    if (!httpOk || m_mode == Mode::WholeBody || !m_sawLine) {
        // Error bodies and whole documents are read in finish(); before the first line is known
        // to be JSON, the raw bytes are kept in case the body turns out to be one document.
        DecoderText::appendCapped(m_buffer, bytes);
        if (!httpOk || m_mode == Mode::WholeBody)
            return;
    }
    m_lines.clear();
    m_splitter.feed(bytes, m_lines);
    for (const QByteArray &line : m_lines) {
        handleLine(line, false, out);
        if (m_failed || m_mode != Mode::Lines)
            return;
    }
}

void OllamaDecoder::handleLine(const QByteArray &line, bool atEof, std::vector<StreamEvent> &out)
{
    const json object = JsonUtil::parse(line);
    if (object.is_discarded() || !object.is_object()) {
        if (!m_sawLine && !atEof) {
            m_mode = Mode::WholeBody; // m_buffer holds every byte so far
            return;
        }
        if (atEof && isCutJson(line.trimmed()))
            fail(makeError(ErrorClass::Truncated, u"The stream ended in the middle of a line, before \"done\": true"_s), out);
        else
            fail(makeError(ErrorClass::Malformed, u"The stream carried a line that is not JSON: "_s + excerpt(line)), out);
        return;
    }
    if (!m_sawLine) {
        m_sawLine = true;
        m_buffer.clear();
    }
    if (DecoderJson::hasError(object)) {
        fail(lineError(object), out);
        return;
    }
    if (readObject(object, m_toolCalls, out)) {
        m_done = true;
        m_mode = Mode::Ignoring;
    }
}

void OllamaDecoder::finish(std::vector<StreamEvent> &out)
{
    if (m_failed || m_mode == Mode::Ignoring)
        return;
    if (m_status < 200 || m_status >= 300) {
        fail(classifyHttpError(m_status, m_headers, m_buffer), out);
        return;
    }
    if (m_mode == Mode::Lines) {
        m_lines.clear();
        m_splitter.finish(m_lines); // a last line without its newline
        for (const QByteArray &line : m_lines) {
            handleLine(line, true, out);
            if (m_failed || m_mode == Mode::Ignoring)
                return;
        }
    }
    if (m_mode == Mode::WholeBody) {
        const QByteArray body = m_buffer.trimmed();
        m_mode = Mode::Lines;
        m_sawLine = true; // read the document as one line, at EOF
        handleLine(body, true, out);
        if (m_failed || m_mode == Mode::Ignoring)
            return;
    }
    fail(makeError(ErrorClass::Truncated,
                   m_sawLine ? u"The stream ended before \"done\": true"_s
                             : u"The server closed the connection without sending an answer"_s),
         out);
}

void OllamaDecoder::fail(ProviderError error, std::vector<StreamEvent> &out)
{
    if (m_failed)
        return;
    m_failed = true;
    m_mode = Mode::Ignoring;
    out.push_back(StreamEvent::failure(std::move(error)));
}

} // namespace Crucible
