#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

#include "common/result.h"
#include "providers/streamevent.h"

namespace Crucible {

/// A long-context tier: when the whole prompt of one request (input incl. cache reads and
/// writes) is above `promptAbove` tokens, these prices replace the row's for that request.
/// A field left out keeps the row's price.
struct PriceTier
{
    std::int64_t promptAbove = 0;
    std::optional<std::int64_t> inputMicroPerM;
    std::optional<std::int64_t> cachedInputMicroPerM;
    std::optional<std::int64_t> cacheWriteInputMicroPerM;
    std::optional<std::int64_t> cacheWrite1hInputMicroPerM;
    std::optional<std::int64_t> outputMicroPerM;
    std::optional<std::int64_t> reasoningMicroPerM;
};

/// Prices of one model, in micro-dollars per 1M tokens (integers: 0.075 $/M = 75'000).
struct ModelPrice
{
    QString provider;
    QString model;
    std::int64_t inputMicroPerM = 0;
    std::optional<std::int64_t> cachedInputMicroPerM;     ///< nullopt: billed as input
    std::optional<std::int64_t> cacheWriteInputMicroPerM; ///< 5-minute cache write; nullopt: billed as input
    std::optional<std::int64_t> cacheWrite1hInputMicroPerM; ///< Anthropic 1-hour cache write (shown only)
    std::int64_t outputMicroPerM = 0;
    std::optional<std::int64_t> reasoningMicroPerM;       ///< nullopt: reasoning bills as output
    QList<PriceTier> tiers;  ///< ascending promptAbove
    QDateTime validFrom;     ///< invalid: no start
    QDateTime validUntil;    ///< invalid: no end; exclusive
    QString asOf;   ///< date of the price, "2026-06-04"
    QString source; ///< where it was read
    QString note;

    /// The flat prices that apply to one request whose whole prompt has `promptTokens` tokens
    /// (the highest tier below it; tiers cleared in the result).
    ModelPrice forPrompt(std::int64_t promptTokens) const;
    bool validAt(const QDateTime &when) const;
};

/// Dated price table (resources/prices.json, compiled into core as :/crucible/prices.json).
/// Several rows may name one model with different validity windows (a price change on a date, a
/// promotion); find() picks the row valid at the given time. Provider aliases
/// ("openai-responses" → "openai") let one row serve several provider ids.
class PriceTable
{
public:
    static Result<PriceTable> load(const QString &path);
    static Result<PriceTable> builtIn(); ///< :/crucible/prices.json
    static Result<PriceTable> fromJson(const QByteArray &json);
    /// QStandardPaths::AppConfigLocation + "/prices.json".
    static QString userOverridesPath();
    /// builtIn() with the user's overrides applied when the file exists; a broken file leaves
    /// the built-in prices in use and is described in `overrideError`.
    static Result<PriceTable> withUserOverrides(QString *overrideError = nullptr);

    /// Per-model overrides (same format). Every (provider, model) named in the overrides replaces
    /// all of that model's rows (all dates); other models are untouched. A broken document is an
    /// error and changes nothing.
    Result<void> applyOverrides(const QByteArray &json);

    /// Exact model id first, then the longest "model" prefix ending at '-' (gpt-5.4-mini-2026-03-01
    /// → gpt-5.4-mini). provider may be empty to search every provider; a provider's aliases are
    /// searched too. `when` chooses among dated rows (invalid: now); among rows valid then, the
    /// one with the latest start wins, then one with an end (a promotion) over an open one.
    const ModelPrice *find(const QString &provider, const QString &model, const QDateTime &when = {}) const;
    QString asOf() const { return m_asOf; }
    int size() const { return int(m_prices.size()); }
    const QList<ModelPrice> &rows() const { return m_prices; }
    /// Provider ids whose rows `provider` also uses ("openai-responses" → {"openai"}).
    QStringList aliasesOf(const QString &provider) const { return m_aliases.value(provider); }

    /// Cost of usage in integer micro-dollars, rounded once at the end (half up). The tier is
    /// chosen from usage.inputTokens (the whole prompt). Uncached input = input − cached − cacheWrite;
    /// reasoning tokens (a part of output) bill at the reasoning price when the row has one.
    /// nullopt when input or output is unknown.
    static std::optional<std::int64_t> costMicroUsd(const ModelPrice &price, const Usage &usage);

private:
    QList<ModelPrice> m_prices;
    QHash<QString, QStringList> m_aliases;
    QString m_asOf;
};

/// "$0.000123" style: 6 decimals below one cent, else 4.
QString formatUsd(std::int64_t microUsd);

} // namespace Crucible
