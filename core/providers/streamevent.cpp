#include "providers/streamevent.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

// The CLI JSON contract spells each class exactly like this; never rename an entry.
constexpr std::array<std::pair<ErrorClass, QLatin1StringView>, 13> s_classNames{{
    {ErrorClass::Auth, "auth"_L1},
    {ErrorClass::Permission, "permission"_L1},
    {ErrorClass::NotFound, "not-found"_L1},
    {ErrorClass::BadRequest, "bad-request"_L1},
    {ErrorClass::ContextLength, "context-length"_L1},
    {ErrorClass::RateLimit, "rate-limit"_L1},
    {ErrorClass::Overloaded, "overloaded"_L1},
    {ErrorClass::Server, "server"_L1},
    {ErrorClass::Network, "network"_L1},
    {ErrorClass::Timeout, "timeout"_L1},
    {ErrorClass::Truncated, "truncated"_L1},
    {ErrorClass::Cancelled, "cancelled"_L1},
    {ErrorClass::Malformed, "malformed"_L1},
}};

} // namespace

QString errorClassName(ErrorClass c)
{
    for (const auto &[value, name] : s_classNames) {
        if (value == c)
            return QString(name);
    }
    return {};
}

std::optional<ErrorClass> errorClassFromName(const QString &name)
{
    if (name.isEmpty())
        return ErrorClass::None;
    for (const auto &[value, text] : s_classNames) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

void Usage::mergeLatest(const Usage &other)
{
    auto take = [](std::optional<std::int64_t> &mine, const std::optional<std::int64_t> &theirs) {
        if (theirs)
            mine = theirs;
    };
    take(inputTokens, other.inputTokens);
    take(cachedInputTokens, other.cachedInputTokens);
    take(cacheWriteInputTokens, other.cacheWriteInputTokens);
    take(outputTokens, other.outputTokens);
    take(reasoningTokens, other.reasoningTokens);
}

} // namespace Crucible
