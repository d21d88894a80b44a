#include "catalog/modelcatalog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include "catalog/modelcatalogvalidate_p.h"
#include "providers/jsonutil.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

using json = nlohmann::json;
using CatalogValidate::qs;
using CatalogValidate::validateDocument;

/// Everything false: an unknown model is sent only model, messages and max tokens.
json safeDefaults()
{
    return json{{"params", {{"temperature", false}, {"top_p", false}, {"seed", false}, {"stop", false},
                            {"max_tokens_field", ""}, {"reasoning_efforts", json::array()},
                            {"sampling_only_without_reasoning", false}, {"one_of_temperature_top_p", false}}},
                {"structured_output", "none"},
                {"tokenizer", ""}};
}

/// Known rows start from "everything accepted" unless the provider's defaults say otherwise.
json permissiveDefaults()
{
    json base = safeDefaults();
    for (const char *key : {"temperature", "top_p", "stop"})
        base["params"][key] = true;
    base["structured_output"] = "none";
    return base;
}

ModelInfo toInfo(const json &row, const QString &provider)
{
    ModelInfo info;
    info.provider = provider;
    info.id = JsonUtil::string(row, "id");
    info.catalogId = info.id;
    info.displayName = JsonUtil::string(row, "display_name");
    if (info.displayName.isEmpty())
        info.displayName = info.id;
    info.structuredOutput = JsonUtil::string(row, "structured_output");
    info.tokenizer = JsonUtil::string(row, "tokenizer");
    info.note = JsonUtil::string(row, "note");
    info.source = JsonUtil::string(row, "source");
    if (const auto v = JsonUtil::integer(row, "context_window"))
        info.contextWindow = *v;
    if (const auto v = JsonUtil::integer(row, "max_output_tokens"))
        info.maxOutputTokens = *v;
    const json *params = JsonUtil::member(row, "params");
    const json empty = json::object();
    const json &p = params ? *params : empty;
    const auto flag = [&p](const char *key) {
        const json *v = JsonUtil::member(p, key);
        return v && v->is_boolean() && v->get<bool>();
    };
    info.params.temperature = flag("temperature");
    info.params.topP = flag("top_p");
    info.params.seed = flag("seed");
    info.params.stop = flag("stop");
    info.params.samplingOnlyWithoutReasoning = flag("sampling_only_without_reasoning");
    info.params.oneOfTemperatureTopP = flag("one_of_temperature_top_p");
    info.params.maxTokensField = JsonUtil::string(p, "max_tokens_field");
    if (const json *efforts = JsonUtil::member(p, "reasoning_efforts"); efforts && efforts->is_array()) {
        for (const json &e : *efforts) {
            if (e.is_string())
                info.params.reasoningEfforts.append(qs(e.get<std::string>()));
        }
    }
    return info;
}

json block(const json &providers, const std::string &provider, const char *name)
{
    const json *entry = JsonUtil::member(providers, provider.c_str());
    const json *b = entry ? JsonUtil::member(*entry, name) : nullptr;
    return b ? *b : json::object();
}

bool prefixMatch(const QString &model, const QString &prefix)
{
    return model.size() > prefix.size() && model.startsWith(prefix) && model.at(prefix.size()) == u'-';
}

} // namespace

Result<ModelCatalog> ModelCatalog::fromJson(const QByteArray &bytes)
{
    const json doc = JsonUtil::parse(bytes);
    const auto valid = validateDocument(doc, true);
    if (!valid)
        return valid.error();
    ModelCatalog catalog;
    const auto built = catalog.rebuild(QByteArray::fromStdString(doc.dump()));
    if (!built)
        return built.error();
    return catalog;
}

Result<ModelCatalog> ModelCatalog::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{Error::Kind::Io, u"cannot read model catalog %1: %2"_s.arg(path, file.errorString())};
    return fromJson(file.readAll());
}

Result<ModelCatalog> ModelCatalog::builtIn()
{
    return load(u":/crucible/models.json"_s);
}

QString ModelCatalog::userOverridesPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/models.json"_s;
}

ModelCatalog ModelCatalog::withUserOverrides(QString *overrideError)
{
    auto built = builtIn();
    ModelCatalog catalog = built ? std::move(built).value() : ModelCatalog();
    if (!built && overrideError)
        *overrideError = built.error().message;
    const QString path = userOverridesPath();
    if (!QFileInfo::exists(path))
        return catalog;
    QFile file(path);
    Result<void> applied = file.open(QIODevice::ReadOnly)
        ? catalog.applyOverrides(file.readAll())
        : Result<void>(Error{Error::Kind::Io, file.errorString()});
    if (!applied && overrideError) {
        *overrideError = u"model overrides in %1 not used (built-in data stays in use): %2"_s.arg(
            QDir::toNativeSeparators(path), applied.error().message);
    }
    return catalog;
}

Result<void> ModelCatalog::applyOverrides(const QByteArray &bytes)
{
    const json over = JsonUtil::parse(bytes);
    const auto valid = validateDocument(over, false);
    if (!valid)
        return valid.error();
    json doc = m_document.isEmpty() ? json{{"providers", json::object()}, {"models", json::array()}}
                                    : JsonUtil::parse(m_document);
    if (const json *providers = JsonUtil::member(over, "providers"))
        doc["providers"].merge_patch(*providers);
    if (const json *models = JsonUtil::member(over, "models")) {
        json &rows = doc["models"];
        for (const json &row : *models) {
            bool merged = false;
            for (json &existing : rows) {
                if (existing.value("provider", std::string()) == row.value("provider", std::string())
                    && existing.value("id", std::string()) == row.value("id", std::string())) {
                    existing.merge_patch(row);
                    merged = true;
                    break;
                }
            }
            if (!merged)
                rows.push_back(row);
        }
    }
    if (const json *asOf = JsonUtil::member(over, "asOf"))
        doc["overridesAsOf"] = *asOf;
    ModelCatalog next;
    const auto built = next.rebuild(QByteArray::fromStdString(doc.dump()));
    if (!built)
        return built;
    *this = std::move(next);
    return {};
}

Result<void> ModelCatalog::rebuild(const QByteArray &document)
{
    const json doc = JsonUtil::parse(document);
    const auto valid = validateDocument(doc, true);
    if (!valid)
        return valid;
    m_document = document;
    m_asOf = JsonUtil::string(doc, "asOf");
    m_models.clear();
    m_prefixes.clear();
    m_unknown.clear();
    const json providers = doc.contains("providers") ? doc["providers"] : json::object();

    // Provider order: as the rows first name them, then providers with no rows of their own.
    std::vector<std::string> order;
    const auto note = [&order](const std::string &p) {
        if (std::find(order.begin(), order.end(), p) == order.end())
            order.push_back(p);
    };
    for (const json &row : doc["models"])
        note(row["provider"].get<std::string>());
    for (const auto &[name, entry] : providers.items())
        note(name);

    for (const std::string &provider : order) {
        const json *entry = JsonUtil::member(providers, provider.c_str());
        const std::string from = entry ? entry->value("models_from", std::string()) : std::string();
        const json force = block(providers, provider, "force");
        const auto addRows = [&](const std::string &rowProvider, const json &defaults) {
            for (const json &row : doc["models"]) {
                if (row["provider"].get<std::string>() != rowProvider)
                    continue;
                json resolved = permissiveDefaults();
                resolved.merge_patch(defaults);
                resolved.merge_patch(row);
                resolved.merge_patch(force);
                ModelInfo info = toInfo(resolved, qs(provider));
                info.known = true;
                m_models.append(info);
                QStringList prefixes;
                if (const json *p = JsonUtil::member(row, "prefixes")) {
                    for (const json &s : *p)
                        prefixes.append(qs(s.get<std::string>()));
                }
                m_prefixes.append(prefixes);
            }
        };
        if (!from.empty() && from != provider) {
            json defaults = block(providers, from, "defaults");
            defaults.merge_patch(block(providers, provider, "defaults"));
            addRows(from, defaults);
        }
        addRows(provider, block(providers, provider, "defaults"));

        json unknown = safeDefaults();
        if (!from.empty() && !entry->contains("unknown"))
            unknown.merge_patch(block(providers, from, "unknown"));
        unknown.merge_patch(block(providers, provider, "unknown"));
        m_unknown.insert(qs(provider), toInfo(unknown, qs(provider)));
    }
    return {};
}

QStringList ModelCatalog::providers() const
{
    QStringList out;
    for (const ModelInfo &m : m_models) {
        if (!out.contains(m.provider))
            out.append(m.provider);
    }
    for (auto it = m_unknown.cbegin(); it != m_unknown.cend(); ++it) {
        if (!out.contains(it.key()))
            out.append(it.key());
    }
    return out;
}

QList<ModelInfo> ModelCatalog::models(const QString &provider) const
{
    QList<ModelInfo> out;
    for (const ModelInfo &m : m_models) {
        if (provider.isEmpty() || m.provider == provider)
            out.append(m);
    }
    return out;
}

ModelInfo ModelCatalog::lookup(const QString &provider, const QString &model) const
{
    const QString wanted = model.trimmed();
    qsizetype best = -1;
    qsizetype bestLength = 0;
    for (qsizetype i = 0; i < m_models.size(); ++i) {
        const ModelInfo &m = m_models.at(i);
        if (m.provider != provider)
            continue;
        if (m.id == wanted)
            return m;
        QStringList candidates = m_prefixes.at(i);
        candidates.prepend(m.id);
        for (const QString &prefix : std::as_const(candidates)) {
            if (prefixMatch(wanted, prefix) && prefix.size() > bestLength) {
                best = i;
                bestLength = prefix.size();
            }
        }
    }
    if (best >= 0) {
        ModelInfo info = m_models.at(best);
        info.id = wanted;
        return info;
    }
    ModelInfo info = m_unknown.value(provider);
    if (info.provider.isEmpty()) { // provider not in the catalog at all
        const json defaults = safeDefaults();
        info = toInfo(defaults, provider);
    }
    info.provider = provider;
    info.id = wanted;
    info.catalogId.clear();
    info.displayName = wanted;
    info.known = false;
    if (info.note.isEmpty()) {
        info.note = u"unknown model %1 for %2: safe defaults (only model, messages and max tokens are sent); "
                    "token and cost estimates are approximate"_s.arg(wanted.isEmpty() ? u"(none)"_s : wanted, provider);
    }
    return info;
}

} // namespace Crucible
