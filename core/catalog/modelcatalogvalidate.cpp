#include "catalog/modelcatalogvalidate_p.h"

using namespace Qt::StringLiterals;

namespace Crucible::CatalogValidate {

namespace {

using json = nlohmann::json;

Error parseError(const QString &message)
{
    return Error{Error::Kind::Parse, u"model catalog: "_s + message};
}

} // namespace

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

namespace {

/// Type checks of one row-shaped object (a model row, a provider's defaults/force/unknown block).
Result<void> validateFields(const json &row, const QString &where)
{
    if (!row.is_object())
        return parseError(where + u" must be an object"_s);
    for (const char *key : {"provider", "id", "display_name", "structured_output", "tokenizer", "note", "source"}) {
        const json *v = JsonUtil::member(row, key);
        if (v && !v->is_string() && !v->is_null())
            return parseError(u"%1: \"%2\" must be a string"_s.arg(where, QLatin1StringView(key)));
    }
    for (const char *key : {"context_window", "max_output_tokens"}) {
        const json *v = JsonUtil::member(row, key);
        if (v && !v->is_null() && !(v->is_number_unsigned() || (v->is_number_integer() && v->get<std::int64_t>() >= 0)))
            return parseError(u"%1: \"%2\" must be a non-negative integer or null"_s.arg(where, QLatin1StringView(key)));
    }
    if (const json *prefixes = JsonUtil::member(row, "prefixes")) {
        if (!prefixes->is_array())
            return parseError(where + u": \"prefixes\" must be an array of strings"_s);
        for (const json &p : *prefixes) {
            if (!p.is_string() || p.get_ref<const std::string &>().empty())
                return parseError(where + u": \"prefixes\" must be an array of non-empty strings"_s);
        }
    }
    if (const json *params = JsonUtil::member(row, "params")) {
        if (!params->is_object())
            return parseError(where + u": \"params\" must be an object"_s);
        for (const char *key : {"temperature", "top_p", "seed", "stop", "sampling_only_without_reasoning",
                                "one_of_temperature_top_p"}) {
            const json *v = JsonUtil::member(*params, key);
            if (v && !v->is_boolean())
                return parseError(u"%1: params.%2 must be true or false"_s.arg(where, QLatin1StringView(key)));
        }
        const json *field = JsonUtil::member(*params, "max_tokens_field");
        if (field && !field->is_string())
            return parseError(where + u": params.max_tokens_field must be a string"_s);
        if (const json *efforts = JsonUtil::member(*params, "reasoning_efforts")) {
            bool ok = efforts->is_array();
            for (const json &e : ok ? *efforts : json::array())
                ok = ok && e.is_string();
            if (!ok)
                return parseError(where + u": params.reasoning_efforts must be an array of strings"_s);
        }
    }
    return {};
}

} // namespace

Result<void> validateDocument(const json &doc, bool modelsRequired)
{
    if (doc.is_discarded() || !doc.is_object())
        return parseError(u"not a JSON object"_s);
    if (const json *v = JsonUtil::member(doc, "formatVersion"); v && (!v->is_number_integer() || v->get<int>() != 1))
        return parseError(u"unsupported formatVersion (this build reads version 1)"_s);
    if (const json *v = JsonUtil::member(doc, "asOf"); v && !v->is_string())
        return parseError(u"\"asOf\" must be a string"_s);
    if (const json *providers = JsonUtil::member(doc, "providers")) {
        if (!providers->is_object())
            return parseError(u"\"providers\" must be an object"_s);
        for (const auto &[name, entry] : providers->items()) {
            if (!entry.is_object())
                return parseError(u"provider %1 must be an object"_s.arg(qs(name)));
            for (const char *block : {"defaults", "force", "unknown"}) {
                if (const json *b = JsonUtil::member(entry, block)) {
                    const auto ok = validateFields(*b, u"provider %1 %2"_s.arg(qs(name), QLatin1StringView(block)));
                    if (!ok)
                        return ok;
                }
            }
            const json *from = JsonUtil::member(entry, "models_from");
            if (from && !from->is_string())
                return parseError(u"provider %1: \"models_from\" must be a provider id"_s.arg(qs(name)));
        }
    }
    const json *models = JsonUtil::member(doc, "models");
    if (!models) {
        if (modelsRequired)
            return parseError(u"\"models\" must be an array"_s);
        return {};
    }
    if (!models->is_array())
        return parseError(u"\"models\" must be an array"_s);
    int index = 0;
    for (const json &row : *models) {
        ++index;
        const auto ok = validateFields(row, u"model row %1"_s.arg(index));
        if (!ok)
            return ok;
        if (JsonUtil::string(row, "provider").isEmpty() || JsonUtil::string(row, "id").isEmpty())
            return parseError(u"model row %1 needs \"provider\" and \"id\""_s.arg(index));
    }
    return {};
}

} // namespace Crucible::CatalogValidate
