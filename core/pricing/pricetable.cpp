#include "pricing/pricetable.h"

#include <QFile>

#include <nlohmann/json.hpp>

#include <limits>

using namespace Qt::StringLiterals;
using json = nlohmann::json;

namespace Crucible {

namespace {

constexpr std::int64_t MicroPerUnit = 1'000'000;
constexpr std::int64_t TokensPerPriceUnit = 1'000'000; // prices are per 1M tokens

Error parseError(const QString &message)
{
    return Error{Error::Kind::Parse, u"price table: "_s + message};
}

/// Exact decimal text ("0.075", "12", "1e-05", "2.50") → integer millionths. No floating point.
std::optional<std::int64_t> parseMicro(const std::string &text)
{
    std::string digits;
    int fractionDigits = 0;
    int exponent = 0;
    bool seenDot = false;
    std::size_t i = 0;
    if (i < text.size() && text[i] == '+')
        ++i;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            digits += c;
            if (seenDot)
                ++fractionDigits;
        } else if (c == '.' && !seenDot) {
            seenDot = true;
        } else {
            break;
        }
    }
    if (digits.empty())
        return std::nullopt;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool negative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            negative = text[i++] == '-';
        if (i == text.size())
            return std::nullopt;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
            exponent = exponent * 10 + (text[i] - '0');
            if (exponent > 100)
                return std::nullopt;
        }
        if (negative)
            exponent = -exponent;
    }
    if (i != text.size())
        return std::nullopt;
    // value = digits × 10^(exponent − fractionDigits); micro = value × 10^6
    int shift = exponent - fractionDigits + 6;
    while (shift < 0) { // drop digits that must be zero
        if (digits.back() != '0')
            return std::nullopt; // finer than a micro-dollar per 1M tokens
        digits.pop_back();
        ++shift;
        if (digits.empty())
            return 0;
    }
    std::int64_t value = 0;
    constexpr std::int64_t Max = std::numeric_limits<std::int64_t>::max() / 10;
    for (char c : digits) {
        if (value > Max)
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    for (; shift > 0; --shift) {
        if (value > Max)
            return std::nullopt;
        value *= 10;
    }
    return value;
}

/// A price field: decimal string or JSON number; absent/null → nullopt with ok.
Result<std::optional<std::int64_t>> priceField(const json &row, const char *key)
{
    const auto it = row.find(key);
    if (it == row.end() || it->is_null())
        return std::optional<std::int64_t>{};
    std::string text;
    if (it->is_string())
        text = it->get<std::string>();
    else if (it->is_number_unsigned() || it->is_number_integer() || it->is_number_float())
        text = it->dump(); // shortest round-trip text of the literal: "0.075" stays "0.075"
    else
        return parseError(u"\"%1\" must be a decimal string or a number"_s.arg(QLatin1StringView(key)));
    const auto micro = parseMicro(text);
    if (!micro)
        return parseError(u"\"%1\" is not a non-negative decimal with at most 6 decimals: %2"_s
                              .arg(QLatin1StringView(key), QString::fromStdString(text)));
    return std::optional<std::int64_t>{*micro};
}

QString stringField(const json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? QString::fromStdString(it->get<std::string>())
                                                   : QString();
}

} // namespace

Result<PriceTable> PriceTable::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{Error::Kind::Io, u"cannot read price table %1: %2"_s.arg(path, file.errorString())};
    return fromJson(file.readAll());
}

Result<PriceTable> PriceTable::builtIn()
{
    return load(u":/crucible/prices.json"_s);
}

Result<PriceTable> PriceTable::fromJson(const QByteArray &bytes)
{
    const json doc = json::parse(bytes.cbegin(), bytes.cend(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return parseError(u"not a JSON object"_s);
    const auto version = doc.find("formatVersion");
    if (version != doc.end() && (!version->is_number_integer() || version->get<int>() != 1))
        return parseError(u"unsupported formatVersion (this build reads version 1)"_s);
    const QString currency = stringField(doc, "currency");
    if (!currency.isEmpty() && currency != u"USD")
        return parseError(u"unsupported currency %1"_s.arg(currency));
    const QString unit = stringField(doc, "unit");
    if (!unit.isEmpty() && unit != u"per_1m_tokens")
        return parseError(u"unsupported unit %1"_s.arg(unit));
    const auto models = doc.find("models");
    if (models == doc.end() || !models->is_array())
        return parseError(u"\"models\" must be an array"_s);

    PriceTable table;
    table.m_asOf = stringField(doc, "asOf");
    for (const json &row : *models) {
        if (!row.is_object())
            return parseError(u"every model row must be an object"_s);
        ModelPrice price;
        price.provider = stringField(row, "provider");
        price.model = stringField(row, "model");
        if (price.model.isEmpty())
            return parseError(u"a row has no \"model\""_s);
        const auto input = priceField(row, "input");
        const auto cached = priceField(row, "cached_input");
        const auto write = priceField(row, "cache_write");
        const auto output = priceField(row, "output");
        for (const auto *field : {&input, &cached, &write, &output}) {
            if (!field->ok())
                return Error{field->error().kind, field->error().message + u" (model "_s + price.model + u')'};
        }
        if (!input.value() || !output.value())
            return parseError(u"model %1 needs \"input\" and \"output\""_s.arg(price.model));
        price.inputMicroPerM = *input.value();
        price.cachedInputMicroPerM = cached.value();
        price.cacheWriteInputMicroPerM = write.value();
        price.outputMicroPerM = *output.value();
        price.asOf = stringField(row, "as_of");
        if (price.asOf.isEmpty())
            price.asOf = table.m_asOf;
        price.source = stringField(row, "source");
        table.m_prices.append(price);
    }
    return table;
}

const ModelPrice *PriceTable::find(const QString &provider, const QString &model) const
{
    if (model.isEmpty())
        return nullptr;
    const ModelPrice *best = nullptr;
    for (const ModelPrice &price : m_prices) {
        if (!provider.isEmpty() && price.provider != provider)
            continue;
        if (price.model == model)
            return &price;
        const qsizetype n = price.model.size();
        if (model.size() > n && model.startsWith(price.model) && model.at(n) == u'-'
            && (!best || n > best->model.size())) {
            best = &price;
        }
    }
    return best;
}

std::optional<std::int64_t> PriceTable::costMicroUsd(const ModelPrice &price, const Usage &usage)
{
    if (!usage.inputTokens || !usage.outputTokens)
        return std::nullopt;
    const std::int64_t cached = std::max<std::int64_t>(0, usage.cachedInputTokens.value_or(0));
    const std::int64_t written = std::max<std::int64_t>(0, usage.cacheWriteInputTokens.value_or(0));
    const std::int64_t uncached = std::max<std::int64_t>(0, *usage.inputTokens - cached - written);
    // token × micro$/1M tokens: one sum, one rounding (half up) at the end.
    const std::int64_t scaled = uncached * price.inputMicroPerM
        + cached * price.cachedInputMicroPerM.value_or(price.inputMicroPerM)
        + written * price.cacheWriteInputMicroPerM.value_or(price.inputMicroPerM)
        + std::max<std::int64_t>(0, *usage.outputTokens) * price.outputMicroPerM;
    return (scaled + TokensPerPriceUnit / 2) / TokensPerPriceUnit;
}

QString formatUsd(std::int64_t microUsd)
{
    const bool negative = microUsd < 0;
    const std::int64_t value = negative ? -microUsd : microUsd;
    QString text;
    if (value < 10'000) { // below one cent: every micro-dollar
        text = u"%1.%2"_s.arg(value / MicroPerUnit).arg(value % MicroPerUnit, 6, 10, QLatin1Char('0'));
    } else {
        const std::int64_t tenThousandths = (value + 50) / 100; // half up
        text = u"%1.%2"_s.arg(tenThousandths / 10'000).arg(tenThousandths % 10'000, 4, 10, QLatin1Char('0'));
    }
    return (negative ? u"-$"_s : u"$"_s) + text;
}

} // namespace Crucible
