#include "simulator/simulatorscript.h"

#include <algorithm>

#include "simulator/simrandom.h"
#include "simulator/simtokenizer.h"
#include "simulator/simulatorprose.h"
#include "simulator/simulatorschema.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

QString roleName(ChatMessage::Role role)
{
    switch (role) {
    case ChatMessage::Role::System: return u"system"_s;
    case ChatMessage::Role::Developer: return u"developer"_s;
    case ChatMessage::Role::User: return u"user"_s;
    case ChatMessage::Role::Assistant: return u"assistant"_s;
    }
    return u"user"_s;
}

QString failureMessage(ErrorClass errorClass)
{
    switch (errorClass) {
    case ErrorClass::Auth: return u"simulated: invalid API key"_s;
    case ErrorClass::Permission: return u"simulated: this key may not use the model"_s;
    case ErrorClass::NotFound: return u"simulated: the model does not exist"_s;
    case ErrorClass::BadRequest: return u"simulated: invalid request"_s;
    case ErrorClass::ContextLength: return u"simulated: the prompt is longer than the context window"_s;
    case ErrorClass::RateLimit: return u"simulated: rate limit reached, retry later"_s;
    case ErrorClass::Overloaded: return u"simulated: the model is overloaded"_s;
    case ErrorClass::Server: return u"simulated: server error mid-stream"_s;
    case ErrorClass::Network: return u"simulated: connection reset by peer"_s;
    case ErrorClass::Timeout: return u"simulated: timed out"_s;
    case ErrorClass::Truncated: return u"simulated: the stream ended before its terminator"_s;
    case ErrorClass::Cancelled: return u"simulated: cancelled"_s;
    case ErrorClass::Malformed: return u"simulated: the stream contained bytes that are not the protocol"_s;
    case ErrorClass::None: break;
    }
    return {};
}

} // namespace

QString SimulatorScript::renderPrompt(const ChatRequest &request)
{
    QString out;
    for (const ChatMessage &message : request.messages)
        out += roleName(message.role) + u": "_s + message.text + u'\n';
    return out;
}

SimulatorScript SimulatorScript::build(const ChatRequest &request, const SimulatorConfig &config)
{
    SimulatorScript script;
    const QString prompt = renderPrompt(request);
    std::uint64_t seed = fnv1a64(request.model);
    seed = fnv1a64(prompt, seed);
    seed = fnv1a64(request.jsonSchema, seed) ^ config.extraSeed;
    SimRandom random(seed);
    script.requestId = u"sim-%1"_s.arg(seed, 16, 16, QLatin1Char('0'));
    script.inputTokens = SimTokenizer::count(prompt);

    QString userText;
    for (const ChatMessage &message : request.messages) {
        if (message.role == ChatMessage::Role::User)
            userText += message.text + u'\n';
    }
    const QStringList keywords = SimulatorProse::keywords(userText.isEmpty() ? prompt : userText);

    QString reply;
    if (!request.jsonSchema.trimmed().isEmpty()) {
        const auto json = SimulatorSchema::instance(request.jsonSchema, keywords, random.next());
        if (json.ok()) {
            reply = json.value();
        } else {
            script.failure = {ErrorClass::BadRequest, u"simulated: "_s + json.error().message, 400, {}, {}, {}};
            script.failBeforeHeaders = true;
        }
    } else {
        const int target = config.replyTokens.value_or(int(random.range(40, 120)));
        reply = SimulatorProse::reply(keywords, random.next(), target);
    }
    script.pieces = SimTokenizer::pieces(reply);
    script.finishReason = u"stop"_s;
    std::optional<int> limit = config.maxTokens;
    if (request.maxOutputTokens && (!limit || *request.maxOutputTokens < *limit))
        limit = request.maxOutputTokens;
    if (limit && script.pieces.size() > *limit) {
        script.pieces.resize(std::max(0, *limit));
        script.finishReason = u"length"_s;
    }

    // Pace: headers a quarter of the TTFT in, then evenly spaced tokens with seeded jitter.
    const std::int64_t ttftNs = std::int64_t(config.ttft.count()) * 1'000'000;
    const double interval = 1e9 / config.tokensPerSecond;
    script.headersNs = ttftNs / 4;
    std::int64_t at = ttftNs;
    for (qsizetype i = 0; i < script.pieces.size(); ++i) {
        script.dueNs.push_back(at);
        const double jitter = 1.0 + (random.unit() * 2.0 - 1.0) * config.jitterPercent / 100.0;
        at += std::max<std::int64_t>(0, std::int64_t(interval * jitter));
    }

    if (config.fail && !script.failure.isError()) {
        const ErrorClass errorClass = *config.fail;
        script.failure.errorClass = errorClass;
        script.failure.message = failureMessage(errorClass);
        script.failure.httpStatus = simulatorHttpStatus(errorClass);
        script.failBeforeHeaders = simulatorFailsBeforeFirstToken(errorClass);
        if (errorClass == ErrorClass::RateLimit || errorClass == ErrorClass::Overloaded)
            script.failure.retryAfterSeconds = config.retryAfterSeconds;
        if (errorClass == ErrorClass::RateLimit)
            script.failure.providerType = u"rate_limit_error"_s;
        script.failAfter = script.failBeforeHeaders ? 0 : config.failAfter;
    }
    return script;
}

} // namespace Crucible
