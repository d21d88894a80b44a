#include "providers/redactingdecoder.h"

#include "common/redact.h"

namespace Crucible {

RedactingDecoder::RedactingDecoder(std::unique_ptr<StreamDecoder> inner, QStringList secrets)
    : m_inner(std::move(inner)), m_secrets(std::move(secrets))
{
}

void RedactingDecoder::begin(int httpStatus, const HttpHeaders &headers)
{
    m_inner->begin(httpStatus, headers);
}

void RedactingDecoder::feed(QByteArrayView bytes, std::vector<StreamEvent> &out)
{
    const std::size_t first = out.size();
    m_inner->feed(bytes, out);
    redactFrom(first, out);
}

void RedactingDecoder::finish(std::vector<StreamEvent> &out)
{
    const std::size_t first = out.size();
    m_inner->finish(out);
    redactFrom(first, out);
}

void RedactingDecoder::redactFrom(std::size_t first, std::vector<StreamEvent> &out) const
{
    for (std::size_t i = first; i < out.size(); ++i) {
        if (out[i].kind == StreamEvent::Kind::Error)
            out[i].error.message = redacted(out[i].error.message, m_secrets);
    }
}

} // namespace Crucible
