#include "simulator/simulatorschema.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "simulator/simrandom.h"
#include "simulator/simulatorprose.h"

using namespace Qt::StringLiterals;
using json = nlohmann::ordered_json;

namespace Crucible {

namespace {

constexpr int MaxDepth = 12;

class Generator
{
public:
    Generator(const json &root, const QStringList &keywords, std::uint64_t seed)
        : m_root(root), m_keywords(keywords), m_random(seed)
    {
    }

    json make(const json &schema, int depth)
    {
        if (schema.is_boolean())
            return schema.get<bool>() ? json("example") : json(nullptr);
        if (!schema.is_object() || depth > MaxDepth + 8)
            return nullptr;
        if (const auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string())
            return make(resolve(ref->get<std::string>()), depth + 1);
        if (const auto c = schema.find("const"); c != schema.end())
            return *c;
        if (const auto e = schema.find("enum"); e != schema.end() && e->is_array() && !e->empty())
            return (*e)[std::size_t(m_random.range(0, std::int64_t(e->size()) - 1))];
        for (const char *key : {"anyOf", "oneOf"}) {
            if (const auto a = schema.find(key); a != schema.end() && a->is_array() && !a->empty())
                return make(a->front(), depth + 1);
        }
        if (const auto all = schema.find("allOf"); all != schema.end() && all->is_array())
            return make(mergeAllOf(schema, *all), depth + 1);

        const std::string type = typeOf(schema);
        if (type == "object")
            return makeObject(schema, depth);
        if (type == "array")
            return makeArray(schema, depth);
        if (type == "integer")
            return makeInteger(schema);
        if (type == "number")
            return makeNumber(schema);
        if (type == "boolean")
            return m_random.chance(50);
        if (type == "null")
            return nullptr;
        return makeString(schema);
    }

private:
    json resolve(const std::string &ref) const
    {
        if (ref.empty() || ref.front() != '#')
            return json::object(); // remote refs: anything goes
        const std::string pointer = ref.substr(1);
        if (pointer.empty())
            return m_root;
        try {
            return m_root.at(json::json_pointer(pointer));
        } catch (const json::exception &) {
            return json::object();
        }
    }

    json mergeAllOf(const json &schema, const json &all)
    {
        json merged = schema;
        merged.erase("allOf");
        for (json part : all) {
            for (int i = 0; i < 8 && part.is_object() && part.contains("$ref"); ++i)
                part = resolve(part.value("$ref", std::string()));
            if (!part.is_object())
                continue;
            for (const auto &[key, value] : part.items()) {
                if (key == "properties" && value.is_object()) {
                    for (const auto &[name, sub] : value.items())
                        merged["properties"][name] = sub;
                } else if (key == "required" && value.is_array()) {
                    for (const auto &name : value)
                        merged["required"].push_back(name);
                } else if (!merged.contains(key)) {
                    merged[key] = value;
                }
            }
        }
        return merged;
    }

    static std::string typeOf(const json &schema)
    {
        const auto t = schema.find("type");
        if (t != schema.end()) {
            if (t->is_string())
                return t->get<std::string>();
            if (t->is_array()) {
                for (const auto &name : *t) {
                    if (name.is_string() && name.get<std::string>() != "null")
                        return name.get<std::string>();
                }
                return "null";
            }
        }
        if (schema.contains("properties") || schema.contains("required"))
            return "object";
        if (schema.contains("items") || schema.contains("prefixItems"))
            return "array";
        if (schema.contains("minimum") || schema.contains("maximum"))
            return "number";
        return "string";
    }

    json makeObject(const json &schema, int depth)
    {
        json out = json::object();
        const auto props = schema.find("properties");
        const bool shallow = depth >= MaxDepth;
        std::vector<std::string> required;
        if (const auto r = schema.find("required"); r != schema.end() && r->is_array()) {
            for (const auto &name : *r) {
                if (name.is_string())
                    required.push_back(name.get<std::string>());
            }
        }
        const auto isRequired = [&required](const std::string &name) {
            return std::find(required.begin(), required.end(), name) != required.end();
        };
        if (props != schema.end() && props->is_object()) {
            for (const auto &[name, sub] : props->items()) {
                if (!shallow || isRequired(name))
                    out[name] = make(sub, depth + 1);
            }
        }
        for (const std::string &name : required) {
            if (!out.contains(name))
                out[name] = "value";
        }
        return out;
    }

    json makeArray(const json &schema, int depth)
    {
        const std::int64_t minItems = schema.value("minItems", std::int64_t(0));
        const std::int64_t maxItems = schema.value("maxItems", std::int64_t(1) << 30);
        std::int64_t count = depth >= MaxDepth ? minItems : m_random.range(1, 3);
        count = std::clamp(count, minItems, std::max(minItems, maxItems));
        json out = json::array();
        const json prefix = schema.value("prefixItems", json::array());
        const json items = schema.contains("items") ? schema["items"] : json::object();
        const bool unique = schema.value("uniqueItems", false);
        for (std::int64_t i = 0; i < count; ++i) {
            const bool fromPrefix = prefix.is_array() && std::size_t(i) < prefix.size();
            if (!fromPrefix && items.is_boolean() && !items.get<bool>())
                break;
            const json &sub = fromPrefix ? prefix[std::size_t(i)] : items;
            json value = make(sub, depth + 1);
            for (int tries = 0; unique && tries < 8 && contains(out, value); ++tries)
                value = make(sub, depth + 1);
            if (unique && contains(out, value) && i >= minItems)
                break;
            out.push_back(std::move(value));
        }
        return out;
    }

    static bool contains(const json &array, const json &value)
    {
        return std::find(array.begin(), array.end(), value) != array.end();
    }

    /// Bounds [lo, hi] of a numeric schema; drafts 4 (boolean exclusive*) and 6+ (numeric).
    static void bounds(const json &schema, double &lo, double &hi, bool &loOpen, bool &hiOpen)
    {
        const auto num = [&schema](const char *key) -> std::optional<double> {
            const auto it = schema.find(key);
            return it != schema.end() && it->is_number() ? std::optional(it->get<double>()) : std::nullopt;
        };
        const auto min = num("minimum"), max = num("maximum");
        const auto exMin = num("exclusiveMinimum"), exMax = num("exclusiveMaximum");
        loOpen = schema.value("exclusiveMinimum", json(false)) == json(true);
        hiOpen = schema.value("exclusiveMaximum", json(false)) == json(true);
        std::optional<double> l = min, h = max;
        if (exMin && (!l || *exMin >= *l)) {
            l = exMin;
            loOpen = true;
        }
        if (exMax && (!h || *exMax <= *h)) {
            h = exMax;
            hiOpen = true;
        }
        lo = l ? *l : (h ? *h - 100.0 : 1.0);
        hi = h ? *h : lo + 100.0;
    }

    json makeInteger(const json &schema)
    {
        double lo = 0, hi = 0;
        bool loOpen = false, hiOpen = false;
        bounds(schema, lo, hi, loOpen, hiOpen);
        auto first = std::int64_t(std::ceil(lo));
        if (loOpen && double(first) <= lo)
            ++first;
        auto last = std::int64_t(std::floor(hi));
        if (hiOpen && double(last) >= hi)
            --last;
        const std::int64_t step = schema.value("multipleOf", json(1)).is_number_integer()
            ? std::max<std::int64_t>(1, schema.value("multipleOf", std::int64_t(1)))
            : 1;
        std::int64_t firstMultiple = first % step == 0 ? first : first + (step - ((first % step) + step) % step);
        if (firstMultiple > last)
            return first;
        return firstMultiple + step * m_random.range(0, (last - firstMultiple) / step);
    }

    json makeNumber(const json &schema)
    {
        double lo = 0, hi = 0;
        bool loOpen = false, hiOpen = false;
        bounds(schema, lo, hi, loOpen, hiOpen);
        if (schema.contains("multipleOf"))
            return makeInteger(schema); // integers divisible by an integer step are safe
        double value = std::round((lo + (hi - lo) * m_random.unit()) * 100.0) / 100.0;
        if (value < lo || (loOpen && value <= lo) || value > hi || (hiOpen && value >= hi))
            value = (lo + hi) / 2.0;
        return value;
    }

    json makeString(const json &schema)
    {
        const std::string format = schema.value("format", std::string());
        const int day = int(m_random.range(1, 28));
        const int month = int(m_random.range(1, 12));
        const QString date = u"2026-%1-%2"_s.arg(month, 2, 10, QLatin1Char('0')).arg(day, 2, 10, QLatin1Char('0'));
        QString text;
        if (format == "date")
            text = date;
        else if (format == "date-time")
            text = date + u"T09:30:00Z"_s;
        else if (format == "time")
            text = u"09:30:00Z"_s;
        else if (format == "email")
            text = u"alex@example.com"_s;
        else if (format == "uri" || format == "url" || format == "iri")
            text = u"https://example.com/docs"_s;
        else if (format == "uuid")
            text = u"%1-0000-4000-8000-000000000000"_s.arg(quint32(m_random.next()), 8, 16, QLatin1Char('0'));
        else if (format == "hostname")
            text = u"example.com"_s;
        else if (format == "ipv4")
            text = u"192.0.2.%1"_s.arg(m_random.range(1, 254));
        else if (format == "ipv6")
            text = u"2001:db8::1"_s;
        else
            text = SimulatorProse::phrase(m_keywords, m_random.next());
        const auto minLength = schema.value("minLength", std::int64_t(0));
        const auto maxLength = schema.value("maxLength", std::int64_t(-1));
        while (text.size() < minLength)
            text += text.isEmpty() ? u"x"_s : u" "_s + text;
        if (maxLength >= 0 && text.size() > maxLength)
            text.truncate(qsizetype(maxLength));
        if (text.size() < minLength)
            text += QString(qsizetype(minLength - text.size()), u'x');
        return text.toStdString();
    }

    const json &m_root;
    const QStringList &m_keywords;
    SimRandom m_random;
};

} // namespace

Result<QString> SimulatorSchema::instance(const QString &schemaText, const QStringList &keywords,
                                          std::uint64_t seed)
{
    const QByteArray bytes = schemaText.toUtf8();
    const json schema = json::parse(bytes.cbegin(), bytes.cend(), nullptr, false);
    if (schema.is_discarded())
        return Error{Error::Kind::Parse, u"the JSON schema is not valid JSON"_s};
    try {
        Generator generator(schema, keywords, seed);
        const json value = generator.make(schema, 0);
        return QString::fromStdString(value.dump(2, ' ', false, json::error_handler_t::replace));
    } catch (const json::exception &e) {
        return Error{Error::Kind::Parse, u"unsupported JSON schema: %1"_s.arg(QString::fromUtf8(e.what()))};
    }
}

} // namespace Crucible
