#include "openaichatsse.h"

namespace Crucible::Test {

namespace {

const QByteArray ChunkHead = R"(data: {"id":"chatcmpl-test","object":"chat.completion.chunk","created":1,"model":"m1",)";

QByteArray jsonText(const QByteArray &text)
{
    return '"' + QByteArray(text).replace("\\", "\\\\").replace("\"", "\\\"") + '"';
}

QByteArray contentDeltas(const QList<QByteArray> &texts)
{
    QByteArray body;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        const QByteArray role = i == 0 ? R"("role":"assistant",)" : "";
        body += chatChunk("{" + role + R"("content":)" + jsonText(texts.at(i)) + "}");
    }
    return body;
}

FakeProviderServer::Response eventStream(const QByteArray &body)
{
    FakeProviderServer::Response r;
    r.headers = {{"Content-Type", "text/event-stream"}};
    r.body = body;
    return r;
}

} // namespace

QByteArray chatChunk(const QByteArray &delta, const QByteArray &finish)
{
    return ChunkHead + R"("choices":[{"index":0,"delta":)" + delta + R"(,"finish_reason":)" + finish + "}]}\n\n";
}

QByteArray chatUsageChunk(int promptTokens, int completionTokens)
{
    return ChunkHead + R"("choices":[],"usage":{"prompt_tokens":)" + QByteArray::number(promptTokens)
        + R"(,"completion_tokens":)" + QByteArray::number(completionTokens) + R"(,"total_tokens":)"
        + QByteArray::number(promptTokens + completionTokens) + "}}\n\n";
}

QByteArray chatStream(const QList<QByteArray> &texts, int promptTokens, int completionTokens)
{
    return contentDeltas(texts) + chatChunk("{}", R"("stop")") + chatUsageChunk(promptTokens, completionTokens)
        + "data: [DONE]\n\n";
}

FakeProviderServer::Response chatStreamResponse(const QList<QByteArray> &texts, int promptTokens,
                                                int completionTokens)
{
    return eventStream(chatStream(texts, promptTokens, completionTokens));
}

FakeProviderServer::Response chatMidStreamErrorResponse(const QList<QByteArray> &texts)
{
    return eventStream(contentDeltas(texts)
                       + R"(data: {"error": {"message": "The server had an error while processing your request.", "type": "server_error"}})"
                         "\n\n");
}

} // namespace Crucible::Test
