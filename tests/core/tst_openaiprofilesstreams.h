#pragma once

// Hand-written OpenAI-compatible streams for the documented quirks of each profile (providers.md
// §8.1, §16; no complete raw transcript exists for them, §14) with the events expected from
// them, written by hand (describeEvent form). Used by tst_openaiprofilesreplay.cpp.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace OpenAIProfileStreams {

using namespace Qt::StringLiterals;

struct Stream
{
    const char *name;
    QString profile;
    QByteArray body;
    QStringList expected;
};

// OpenRouter: processing comments before and between chunks; usage (with cost) on a last chunk
// that still has a choice; reasoning in delta.reasoning.
inline const QByteArray openRouterText = R"SSE(: OPENROUTER PROCESSING

: OPENROUTER PROCESSING

data: {"id":"gen-1761-abc","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","created":1761000000,"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":null},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}

: OPENROUTER PROCESSING

data: {"id":"gen-1761-abc","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","created":1761000000,"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Short."},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}

data: {"id":"gen-1761-abc","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","created":1761000000,"choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}

data: {"id":"gen-1761-abc","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","created":1761000000,"choices":[{"index":0,"delta":{"role":"assistant","content":" there"},"finish_reason":"stop","native_finish_reason":"stop","logprobs":null}]}

data: {"id":"gen-1761-abc","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","created":1761000000,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null,"native_finish_reason":null,"logprobs":null}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,"cost":0.0000045,"is_byok":false,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":1}}}

data: [DONE]

)SSE";

// OpenRouter mid-generation error: a normal chunk with a top-level error and finish_reason "error".
inline const QByteArray openRouterError = R"SSE(: OPENROUTER PROCESSING

data: {"id":"gen-2","object":"chat.completion.chunk","created":1761000001,"model":"anthropic/claude-sonnet-4.5","provider":"Anthropic","choices":[{"index":0,"delta":{"role":"assistant","content":"Partial"},"finish_reason":null}]}

: OPENROUTER PROCESSING

data: {"id":"gen-2","object":"chat.completion.chunk","created":1761000001,"model":"anthropic/claude-sonnet-4.5","provider":"Anthropic","error":{"code":"server_error","message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error","native_finish_reason":"error"}]}

data: [DONE]

)SSE";

// The same with a numeric code (OpenRouter codes are HTTP-like numbers).
inline const QByteArray openRouterNumericError = R"SSE(data: {"id":"gen-3","object":"chat.completion.chunk","created":1,"model":"google/gemini-2.5-flash","choices":[{"index":0,"delta":{"content":"A"},"finish_reason":null}]}

data: {"id":"gen-3","object":"chat.completion.chunk","created":1,"model":"google/gemini-2.5-flash","error":{"code":429,"message":"Upstream rate limit exceeded","metadata":{"provider_name":"Google"}},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}

)SSE";

// DeepSeek: keep-alive comments while queued, reasoning_content, usage with cache hit/miss on the
// finish chunk.
inline const QByteArray deepSeekReasoning = R"SSE(: keep-alive

: keep-alive

data: {"id":"5f1a-ds","object":"chat.completion.chunk","created":1761000002,"model":"deepseek-v4-pro","system_fingerprint":"fp_ds_1","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":""},"logprobs":null,"finish_reason":null}]}

data: {"id":"5f1a-ds","object":"chat.completion.chunk","created":1761000002,"model":"deepseek-v4-pro","system_fingerprint":"fp_ds_1","choices":[{"index":0,"delta":{"content":null,"reasoning_content":"The user"},"logprobs":null,"finish_reason":null}]}

: keep-alive

data: {"id":"5f1a-ds","object":"chat.completion.chunk","created":1761000002,"model":"deepseek-v4-pro","system_fingerprint":"fp_ds_1","choices":[{"index":0,"delta":{"content":null,"reasoning_content":" greets."},"logprobs":null,"finish_reason":null}]}

data: {"id":"5f1a-ds","object":"chat.completion.chunk","created":1761000002,"model":"deepseek-v4-pro","system_fingerprint":"fp_ds_1","choices":[{"index":0,"delta":{"content":"Hi","reasoning_content":null},"logprobs":null,"finish_reason":null}]}

data: {"id":"5f1a-ds","object":"chat.completion.chunk","created":1761000002,"model":"deepseek-v4-pro","system_fingerprint":"fp_ds_1","choices":[{"index":0,"delta":{"content":"!","reasoning_content":null},"logprobs":null,"finish_reason":null}]}

data: {"id":"5f1a-ds","object":"chat.completion.chunk","created":1761000002,"model":"deepseek-v4-pro","system_fingerprint":"fp_ds_1","choices":[{"index":0,"delta":{"content":"","reasoning_content":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":16},"completion_tokens_details":{"reasoning_tokens":5},"prompt_cache_hit_tokens":16,"prompt_cache_miss_tokens":4}}

data: [DONE]

)SSE";

// A proxy that writes "data:" without the space, in front of DeepSeek-style usage with only the
// hit/miss split (no prompt_tokens): input = hit + miss.
inline const QByteArray noSpaceProxy = "data:{\"id\":\"p1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Tight\"},\"finish_reason\":null}]}\n\n"
                                "data:{\"id\":\"p1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n"
                                "data:{\"id\":\"p1\",\"choices\":[],\"usage\":{\"completion_tokens\":1,\"prompt_cache_hit_tokens\":128,\"prompt_cache_miss_tokens\":22}}\n\n"
                                "data:[DONE]\n\n";

// Groq: x_groq on the first chunk (id, seed) and x_groq.usage with timing fields on the finish chunk.
inline const QByteArray groqText = R"SSE(data: {"id":"chatcmpl-g1","object":"chat.completion.chunk","created":1761000003,"model":"llama-3.3-70b-versatile","system_fingerprint":"fp_groq","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"x_groq":{"id":"req_01abc","seed":12345}}

data: {"id":"chatcmpl-g1","object":"chat.completion.chunk","created":1761000003,"model":"llama-3.3-70b-versatile","system_fingerprint":"fp_groq","choices":[{"index":0,"delta":{"content":"Fast"},"logprobs":null,"finish_reason":null}]}

data: {"id":"chatcmpl-g1","object":"chat.completion.chunk","created":1761000003,"model":"llama-3.3-70b-versatile","system_fingerprint":"fp_groq","choices":[{"index":0,"delta":{"content":" answer"},"logprobs":null,"finish_reason":null}]}

data: {"id":"chatcmpl-g1","object":"chat.completion.chunk","created":1761000003,"model":"llama-3.3-70b-versatile","system_fingerprint":"fp_groq","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"x_groq":{"id":"req_01abc","usage":{"queue_time":0.021,"prompt_tokens":18,"prompt_time":0.0012,"completion_tokens":2,"completion_time":0.004,"total_tokens":20,"total_time":0.0052}}}

data: [DONE]

)SSE";

// Groq tool call: whole in one chunk, then usage both top-level and in x_groq on the finish chunk.
inline const QByteArray groqTool = R"SSE(data: {"id":"chatcmpl-g2","object":"chat.completion.chunk","created":1,"model":"openai/gpt-oss-20b","choices":[{"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null}],"x_groq":{"id":"req_2"}}

data: {"id":"chatcmpl-g2","object":"chat.completion.chunk","created":1,"model":"openai/gpt-oss-20b","choices":[{"index":0,"delta":{"tool_calls":[{"id":"fc_7","type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Oslo\", \"unit\": \"c\"}"},"index":0}]},"finish_reason":null}]}

data: {"id":"chatcmpl-g2","object":"chat.completion.chunk","created":1,"model":"openai/gpt-oss-20b","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":90,"completion_tokens":25,"total_tokens":115,"completion_tokens_details":{"reasoning_tokens":10}},"x_groq":{"id":"req_2","usage":{"prompt_tokens":90,"completion_tokens":25,"total_tokens":115}}}

data: [DONE]

)SSE";

// Mistral: thinking parts in a content array, usage and the last token on the finish chunk.
inline const QByteArray mistralThinking = R"SSE(data: {"id":"9c1e7a","object":"chat.completion.chunk","created":1761000004,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

data: {"id":"9c1e7a","object":"chat.completion.chunk","created":1761000004,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":"Two plus two"}]}]},"finish_reason":null}]}

data: {"id":"9c1e7a","object":"chat.completion.chunk","created":1761000004,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":" is four."}]}]},"finish_reason":null}]}

data: {"id":"9c1e7a","object":"chat.completion.chunk","created":1761000004,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"content":"The answer"},"finish_reason":null}]}

data: {"id":"9c1e7a","object":"chat.completion.chunk","created":1761000004,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"content":" is 4."},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"total_tokens":25,"completion_tokens":15}}

data: [DONE]

)SSE";

// llama.cpp: comment ping, reasoning_content, usage with cached_tokens plus a timings object.
inline const QByteArray llamaCppText = R"SSE(: ping

data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1761000005,"id":"chatcmpl-ll1","model":"gpt-oss-20b","system_fingerprint":"b6000-00dc805","object":"chat.completion.chunk"}

data: {"choices":[{"finish_reason":null,"index":0,"delta":{"reasoning_content":"Think"}}],"created":1761000005,"id":"chatcmpl-ll1","model":"gpt-oss-20b","system_fingerprint":"b6000-00dc805","object":"chat.completion.chunk"}

data: {"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Done"}}],"created":1761000005,"id":"chatcmpl-ll1","model":"gpt-oss-20b","system_fingerprint":"b6000-00dc805","object":"chat.completion.chunk"}

data: {"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"created":1761000005,"id":"chatcmpl-ll1","model":"gpt-oss-20b","system_fingerprint":"b6000-00dc805","object":"chat.completion.chunk","usage":{"completion_tokens":12,"prompt_tokens":30,"total_tokens":42,"prompt_tokens_details":{"cached_tokens":24}},"timings":{"cache_n":24,"prompt_n":6,"prompt_ms":12.5,"prompt_per_second":480.0,"predicted_n":12,"predicted_ms":80.1,"predicted_per_second":149.8}}

data: [DONE]

)SSE";

// Ollama /v1: delta.reasoning, usage chunk with choices [] (no details).
inline const QByteArray ollamaV1Reasoning = R"SSE(data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1761000006,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Okay, the"},"finish_reason":null}]}

data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1761000006,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":" user asks."},"finish_reason":null}]}

data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1761000006,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"Four."},"finish_reason":null}]}

data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1761000006,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}

data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1761000006,"model":"qwen3:8b","system_fingerprint":"fp_ollama","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":40,"total_tokens":51}}

data: [DONE]

)SSE";

inline const QList<Stream> &streams()
{
    static const QList<Stream> all{
        {"openrouter-comments-reasoning-usage", u"openrouter"_s, openRouterText,
         {u"meta gen-1761-abc"_s, u"reasoning Short."_s, u"text Hello"_s, u"text  there"_s, u"finish stop"_s,
          u"usage in=12 cached=0 write=-1 out=3 reasoning=1"_s}},
        {"openrouter-midstream-error", u"openrouter"_s, openRouterError,
         {u"meta gen-2"_s, u"text Partial"_s, u"error server 0: Provider disconnected unexpectedly"_s}},
        {"openrouter-numeric-code-error", u"openrouter"_s, openRouterNumericError,
         {u"meta gen-3"_s, u"text A"_s, u"error rate-limit 0: Upstream rate limit exceeded"_s}},
        {"deepseek-keepalive-reasoning-cache", u"deepseek"_s, deepSeekReasoning,
         {u"meta 5f1a-ds"_s, u"reasoning The user"_s, u"reasoning  greets."_s, u"text Hi"_s, u"text !"_s,
          u"finish stop"_s, u"usage in=20 cached=16 write=-1 out=9 reasoning=5"_s}},
        {"proxy-data-without-space", u"deepseek"_s, noSpaceProxy,
         {u"meta p1"_s, u"text Tight"_s, u"finish length"_s, u"usage in=150 cached=128 write=-1 out=1 reasoning=-1"_s}},
        {"groq-x_groq-usage", u"groq"_s, groqText,
         {u"meta chatcmpl-g1"_s, u"text Fast"_s, u"text  answer"_s, u"finish stop"_s,
          u"usage in=18 cached=-1 write=-1 out=2 reasoning=-1"_s}},
        {"groq-whole-tool-call", u"groq"_s, groqTool,
         {u"meta chatcmpl-g2"_s, u"tool fc_7 get_weather {\"city\":\"Oslo\",\"unit\":\"c\"}"_s, u"finish tool_calls"_s,
          u"usage in=90 cached=-1 write=-1 out=25 reasoning=10"_s}},
        {"mistral-thinking-usage-on-finish", u"mistral"_s, mistralThinking,
         {u"meta 9c1e7a"_s, u"reasoning Two plus two"_s, u"reasoning  is four."_s, u"text The answer"_s,
          u"text  is 4."_s, u"finish stop"_s, u"usage in=10 cached=-1 write=-1 out=15 reasoning=-1"_s}},
        {"llamacpp-ping-reasoning-timings", u"openai-compatible"_s, llamaCppText,
         {u"meta chatcmpl-ll1"_s, u"reasoning Think"_s, u"text Done"_s, u"finish stop"_s,
          u"usage in=30 cached=24 write=-1 out=12 reasoning=-1"_s}},
        {"ollama-v1-reasoning", u"openai-compatible"_s, ollamaV1Reasoning,
         {u"meta chatcmpl-123"_s, u"reasoning Okay, the"_s, u"reasoning  user asks."_s, u"text Four."_s,
          u"finish stop"_s, u"usage in=11 cached=-1 write=-1 out=40 reasoning=-1"_s}},
    };
    return all;
}

} // namespace OpenAIProfileStreams
