#pragma once

#include <QStringList>

#include <memory>

#include "transport/streamdecoder.h"

namespace Crucible {

/// Wraps a provider's decoder and removes the request's secrets (API keys) from every Error
/// event's message, so an error body that echoes a key never reaches the UI, the CLI or a log.
/// HttpProvider::createSource() puts it around every decoder when the request has secrets.
/// Same threading as the wrapped decoder.
class RedactingDecoder : public StreamDecoder
{
public:
    RedactingDecoder(std::unique_ptr<StreamDecoder> inner, QStringList secrets);
    void begin(int httpStatus, const HttpHeaders &headers) override;
    void feed(QByteArrayView bytes, std::vector<StreamEvent> &out) override;
    void finish(std::vector<StreamEvent> &out) override;

private:
    void redactFrom(std::size_t first, std::vector<StreamEvent> &out) const;
    std::unique_ptr<StreamDecoder> m_inner;
    QStringList m_secrets;
};

} // namespace Crucible
