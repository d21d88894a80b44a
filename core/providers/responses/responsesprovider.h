#pragma once

#include "providers/httpprovider.h"

namespace Crucible {

/// OpenAI Responses API (providers.md §4): id "openai-responses", base https://api.openai.com/v1,
/// key from OPENAI_API_KEY (required except for a local base URL, HttpProvider::isLocalHost;
/// without a key no Authorization header is sent).
///
/// Request: POST {base}/responses with "stream": true and "store": false (a workbench never chains
/// responses, §4.1). System and Developer messages become "instructions" (joined by a blank line,
/// in order); User messages are input items with input_text content, Assistant messages input
/// items with plain string content. max_output_tokens (includes reasoning), temperature and top_p
/// when set. ChatRequest::stop and seed are not sent: the API has neither (§4.1; the catalog greys
/// them out). A reasoning effort becomes reasoning {effort, summary: "auto"} (no summary for
/// "none"). A JSON schema becomes text.format {type: json_schema, name: "response", schema}
/// (§4.2, not strict: a user's schema need not meet the strict subset).
/// Model list: GET {base}/models, data[].id. Token counting: POST {base}/responses/input_tokens
/// with the same model/instructions/input, answer {"input_tokens": N}.
/// Decoding: ResponsesDecoder. Stateless; any thread.
class OpenAIResponsesProvider : public HttpProvider
{
public:
    OpenAIResponsesProvider();

    Result<HttpRequest> buildRequest(const ChatRequest &request,
                                     const ProviderSettings &settings) const override;
    std::unique_ptr<StreamDecoder> createDecoder() const override;

    Result<HttpRequest> buildListModelsRequest(const ProviderSettings &settings,
                                               const QString &cursor = {}) const override;
    Result<ModelPage> parseModelList(const QByteArray &body) const override;

    bool canCountTokens() const override { return true; }
    Result<HttpRequest> buildCountTokensRequest(const ChatRequest &request,
                                                const ProviderSettings &settings) const override;
    Result<std::int64_t> parseCountTokens(const QByteArray &body) const override;

private:
    /// A request to {base}{suffix} with Authorization (when a key is given) and timeouts; Usage
    /// error for a bad base URL or a missing required key.
    Result<HttpRequest> makeRequest(const ProviderSettings &settings, const QByteArray &method,
                                    QStringView suffix) const;
};

} // namespace Crucible
