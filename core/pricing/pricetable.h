#pragma once

#include <QHash>
#include <QString>

#include <cstdint>
#include <optional>

#include "common/result.h"
#include "providers/streamevent.h"

namespace Crucible {

/// Prices of one model, in micro-dollars per 1M tokens (integers: 0.075 $/M = 75'000).
struct ModelPrice
{
    QString provider;
    QString model;
    std::int64_t inputMicroPerM = 0;
    std::optional<std::int64_t> cachedInputMicroPerM;     ///< nullopt: billed as input
    std::optional<std::int64_t> cacheWriteInputMicroPerM; ///< nullopt: billed as input
    std::int64_t outputMicroPerM = 0;                      ///< reasoning bills as output
    QString asOf;   ///< date of the price, "2026-06-04"
    QString source; ///< where it was read
};

/// Dated price table (resources/prices.json, compiled into core as :/crucible/prices.json).
class PriceTable
{
public:
    static Result<PriceTable> load(const QString &path);
    static Result<PriceTable> builtIn(); ///< :/crucible/prices.json
    static Result<PriceTable> fromJson(const QByteArray &json);

    /// Exact model id first, then the longest "model" prefix ending at '-' (gpt-5.4-mini-2026-03-01
    /// → gpt-5.4-mini). provider may be empty to search every provider.
    const ModelPrice *find(const QString &provider, const QString &model) const;
    QString asOf() const { return m_asOf; }
    int size() const { return int(m_prices.size()); }

    /// Cost of usage in integer micro-dollars, rounded once at the end (half up).
    /// Uncached input = input − cached − cacheWrite. nullopt when input or output is unknown.
    static std::optional<std::int64_t> costMicroUsd(const ModelPrice &price, const Usage &usage);

private:
    QList<ModelPrice> m_prices;
    QString m_asOf;
};

/// "$0.000123" style: 6 decimals below one cent, else 4.
QString formatUsd(std::int64_t microUsd);

} // namespace Crucible
