#include "pricing/pricetable.h"

#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTimeZone>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;
using json = nlohmann::json;

namespace Crucible {

namespace {


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

/// "2027-01-01" (midnight UTC) or an ISO date-time with zone ("2026-05-31T15:59:00Z").
Result<QDateTime> dateField(const json &row, const char *key)
{
    const auto it = row.find(key);
    if (it == row.end() || it->is_null())
        return QDateTime();
    const QString text = it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
    QDateTime when;
    if (text.size() == 10) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (date.isValid())
            when = QDateTime(date, QTime(0, 0), QTimeZone::utc());
    } else if (!text.isEmpty()) {
        when = QDateTime::fromString(text, Qt::ISODate);
        if (when.isValid())
            when = when.toUTC();
    }
    if (!when.isValid())
        return parseError(u"\"%1\" must be a date (2027-01-01) or an ISO date-time (2026-05-31T15:59:00Z)"_s
                              .arg(QLatin1StringView(key)));
    return when;
}

struct PriceFields
{
    std::optional<std::int64_t> input, cached, write, write1h, output, reasoning;
};

Result<PriceFields> priceFields(const json &row)
{
    PriceFields f;
    const std::pair<const char *, std::optional<std::int64_t> *> keys[] = {
        {"input", &f.input}, {"cached_input", &f.cached}, {"cache_write", &f.write},
        {"cache_write_1h", &f.write1h}, {"output", &f.output}, {"reasoning", &f.reasoning}};
    for (const auto &[key, target] : keys) {
        const auto value = priceField(row, key);
        if (!value.ok())
            return value.error();
        *target = value.value();
    }
    return f;
}

Result<ModelPrice> parseRow(const json &row, const QString &tableAsOf)
{
    if (!row.is_object())
        return parseError(u"every model row must be an object"_s);
    ModelPrice price;
    price.provider = stringField(row, "provider");
    price.model = stringField(row, "model");
    if (price.model.isEmpty())
        return parseError(u"a row has no \"model\""_s);
    const auto withModel = [&price](const Error &e) {
        return Error{e.kind, e.message + u" (model "_s + price.model + u')'};
    };
    const auto fields = priceFields(row);
    if (!fields)
        return withModel(fields.error());
    const PriceFields &f = fields.value();
    if (!f.input || !f.output)
        return parseError(u"model %1 needs \"input\" and \"output\""_s.arg(price.model));
    price.inputMicroPerM = *f.input;
    price.cachedInputMicroPerM = f.cached;
    price.cacheWriteInputMicroPerM = f.write;
    price.cacheWrite1hInputMicroPerM = f.write1h;
    price.outputMicroPerM = *f.output;
    price.reasoningMicroPerM = f.reasoning;

    const auto from = dateField(row, "valid_from");
    const auto until = dateField(row, "valid_until");
    if (!from)
        return withModel(from.error());
    if (!until)
        return withModel(until.error());
    price.validFrom = from.value();
    price.validUntil = until.value();
    if (price.validFrom.isValid() && price.validUntil.isValid() && price.validFrom >= price.validUntil)
        return parseError(u"model %1: \"valid_from\" must be before \"valid_until\""_s.arg(price.model));

    if (const auto tiers = row.find("tiers"); tiers != row.end() && !tiers->is_null()) {
        if (!tiers->is_array())
            return parseError(u"model %1: \"tiers\" must be an array"_s.arg(price.model));
        for (const json &t : *tiers) {
            const auto above = t.is_object() ? t.find("prompt_above") : t.end();
            if (!t.is_object() || above == t.end() || !above->is_number_integer() || above->get<std::int64_t>() < 0)
                return parseError(u"model %1: every tier needs a non-negative integer \"prompt_above\""_s.arg(price.model));
            const auto tf = priceFields(t);
            if (!tf)
                return withModel(tf.error());
            PriceTier tier;
            tier.promptAbove = above->get<std::int64_t>();
            tier.inputMicroPerM = tf.value().input;
            tier.cachedInputMicroPerM = tf.value().cached;
            tier.cacheWriteInputMicroPerM = tf.value().write;
            tier.cacheWrite1hInputMicroPerM = tf.value().write1h;
            tier.outputMicroPerM = tf.value().output;
            tier.reasoningMicroPerM = tf.value().reasoning;
            price.tiers.append(tier);
        }
        std::sort(price.tiers.begin(), price.tiers.end(),
                  [](const PriceTier &a, const PriceTier &b) { return a.promptAbove < b.promptAbove; });
    }
    price.asOf = stringField(row, "as_of");
    if (price.asOf.isEmpty())
        price.asOf = tableAsOf;
    price.source = stringField(row, "source");
    price.note = stringField(row, "note");
    return price;
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
    if (const auto aliases = doc.find("provider_aliases"); aliases != doc.end()) {
        if (!aliases->is_object())
            return parseError(u"\"provider_aliases\" must map a provider id to a list of provider ids"_s);
        for (const auto &[alias, targets] : aliases->items()) {
            QStringList list;
            bool ok = targets.is_array();
            for (const json &t : ok ? targets : json::array()) {
                ok = ok && t.is_string();
                if (ok)
                    list.append(QString::fromStdString(t.get<std::string>()));
            }
            if (!ok)
                return parseError(u"\"provider_aliases\" must map a provider id to a list of provider ids"_s);
            table.m_aliases.insert(QString::fromStdString(alias), list);
        }
    }
    for (const json &row : *models) {
        auto price = parseRow(row, table.m_asOf);
        if (!price)
            return price.error();
        table.m_prices.append(std::move(price).value());
    }
    return table;
}

QString PriceTable::userOverridesPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/prices.json"_s;
}

Result<PriceTable> PriceTable::withUserOverrides(QString *overrideError)
{
    auto table = builtIn();
    if (!table)
        return table;
    const QString path = userOverridesPath();
    if (!QFileInfo::exists(path))
        return table;
    QFile file(path);
    const Result<void> applied = file.open(QIODevice::ReadOnly)
        ? table.value().applyOverrides(file.readAll())
        : Result<void>(Error{Error::Kind::Io, file.errorString()});
    if (!applied && overrideError) {
        *overrideError = u"price overrides in %1 not used (built-in prices stay in use): %2"_s.arg(
            path, applied.error().message);
    }
    return table;
}

Result<void> PriceTable::applyOverrides(const QByteArray &json)
{
    auto parsed = fromJson(json);
    if (!parsed)
        return parsed.error();
    const PriceTable &over = parsed.value();
    QList<ModelPrice> merged;
    const auto overridden = [&over](const ModelPrice &p) {
        return std::any_of(over.m_prices.cbegin(), over.m_prices.cend(), [&p](const ModelPrice &o) {
            return o.provider == p.provider && o.model == p.model;
        });
    };
    for (const ModelPrice &p : std::as_const(m_prices)) {
        if (!overridden(p))
            merged.append(p);
    }
    // User rows first: an exact-id user row is found before any built-in row.
    QList<ModelPrice> rows = over.m_prices;
    for (ModelPrice &row : rows) {
        if (row.source.isEmpty())
            row.source = u"user override"_s;
    }
    m_prices = rows + merged;
    for (auto it = over.m_aliases.cbegin(); it != over.m_aliases.cend(); ++it)
        m_aliases.insert(it.key(), it.value());
    return {};
}

} // namespace Crucible
