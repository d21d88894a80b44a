#include "simulator/simulatorconfig.h"

#include <QUrlQuery>

#include "simulator/simrandom.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

Error usage(const QString &message)
{
    return Error{Error::Kind::Usage, u"simulator base URL: "_s + message};
}

std::optional<double> toNumber(const QString &text, double min, double max)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !(value >= min && value <= max))
        return std::nullopt;
    return value;
}

std::optional<int> toInt(const QString &text, int min, int max)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

} // namespace

SimulatorConfig SimulatorConfig::defaultsFor(const QString &model)
{
    SimulatorConfig config;
    if (model == u"sim-fast") {
        config.ttft = std::chrono::milliseconds(60);
        config.tokensPerSecond = 400.0;
        return config;
    }
    if (model == u"sim-slow") {
        config.ttft = std::chrono::milliseconds(1500);
        config.tokensPerSecond = 6.0;
        return config;
    }
    SimRandom random(fnv1a64(u"pace:"_s + model));
    config.ttft = std::chrono::milliseconds(random.range(150, 600));
    config.tokensPerSecond = double(random.range(25, 90));
    return config;
}

Result<SimulatorConfig> SimulatorConfig::parse(const QUrl &baseUrl, const QString &model)
{
    SimulatorConfig config = defaultsFor(model);
    if (baseUrl.isEmpty())
        return config;
    if (!baseUrl.isValid() || baseUrl.scheme() != u"simulator")
        return usage(u"expected simulator://local?key=value..., got \"%1\""_s.arg(baseUrl.toDisplayString()));
    const QUrlQuery query(baseUrl);
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &item : items) {
        const QString &key = item.first;
        const QString &value = item.second;
        const auto bad = [&key, &value] {
            return usage(u"bad value for %1: \"%2\""_s.arg(key, value));
        };
        if (key == u"ttft_ms") {
            const auto v = toInt(value, 0, 3'600'000);
            if (!v)
                return bad();
            config.ttft = std::chrono::milliseconds(*v);
        } else if (key == u"tokens_per_s") {
            const auto v = toNumber(value, 0.01, 1e6);
            if (!v)
                return bad();
            config.tokensPerSecond = *v;
        } else if (key == u"jitter") {
            const auto v = toInt(value, 0, 90);
            if (!v)
                return bad();
            config.jitterPercent = *v;
        } else if (key == u"tokens") {
            const auto v = toInt(value, 1, 100'000);
            if (!v)
                return bad();
            config.replyTokens = v;
        } else if (key == u"max_tokens") {
            const auto v = toInt(value, 1, 10'000'000);
            if (!v)
                return bad();
            config.maxTokens = v;
        } else if (key == u"fail") {
            const auto c = errorClassFromName(value);
            if (!c || *c == ErrorClass::None)
                return bad();
            config.fail = c;
        } else if (key == u"fail_after") {
            const auto v = toInt(value, 0, 10'000'000);
            if (!v)
                return bad();
            config.failAfter = *v;
        } else if (key == u"retry_after_s") {
            const auto v = toNumber(value, 0.0, 86400.0);
            if (!v)
                return bad();
            config.retryAfterSeconds = *v;
        } else if (key == u"seed") {
            config.extraSeed = fnv1a64(value);
        } else {
            return usage(u"unknown key \"%1\" (known: ttft_ms, tokens_per_s, jitter, tokens, "
                         "max_tokens, fail, fail_after, retry_after_s, seed)"_s.arg(key));
        }
    }
    return config;
}

bool simulatorFailsBeforeFirstToken(ErrorClass errorClass)
{
    return simulatorHttpStatus(errorClass) != 0;
}

int simulatorHttpStatus(ErrorClass errorClass)
{
    switch (errorClass) {
    case ErrorClass::Auth: return 401;
    case ErrorClass::Permission: return 403;
    case ErrorClass::NotFound: return 404;
    case ErrorClass::BadRequest: return 400;
    case ErrorClass::ContextLength: return 400;
    case ErrorClass::RateLimit: return 429;
    case ErrorClass::Overloaded: return 529;
    default: return 0;
    }
}

} // namespace Crucible
