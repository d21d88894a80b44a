#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

#include "common/result.h"
#include "providers/chatrequest.h"

namespace Crucible {

/// Which request parameters a model accepts (providers.md §16.4: per model, not per provider).
struct ModelParams
{
    bool temperature = true;
    bool topP = true;
    bool seed = false;
    bool stop = true;
    /// Wire name of the max-output field for OpenAI-compatible adapters ("max_tokens",
    /// "max_completion_tokens"); empty: the adapter decides (other adapters have one fixed field).
    QString maxTokensField;
    QStringList reasoningEfforts; ///< accepted values ("none","low","medium","high"...); empty: no control
    /// GPT-5.x: temperature/top_p only accepted while reasoning effort is "none".
    bool samplingOnlyWithoutReasoning = false;
    /// Claude 4.5/4.6 generation: temperature and top_p may not both be sent (top_p is dropped).
    bool oneOfTemperatureTopP = false;
};

/// One model as the catalog knows it (resources/models.json + user overrides).
struct ModelInfo
{
    QString provider;      ///< provider id ("openai", "anthropic", ...)
    QString id;            ///< model id as sent on the wire
    QString displayName;
    bool known = false;    ///< false: not in the catalog; safe defaults below, note says so
    ModelParams params;
    /// Structured-output dialect: "openai-json-schema", "openai-responses", "anthropic",
    /// "gemini", "ollama", "json-object" (JSON mode only, no schema), "none".
    QString structuredOutput;
    std::optional<std::int64_t> contextWindow;
    std::optional<std::int64_t> maxOutputTokens;
    QString tokenizer;     ///< "o200k_base" when exact counting is possible locally; empty otherwise
    QString note;          ///< shown in the UI ("unknown model: safe defaults, estimates marked ≈")
    QString catalogId;     ///< the catalog row matched (differs from id for a dated snapshot); empty when unknown
    QString source;        ///< where the row's facts come from
};

/// The dated model catalog. Built in (:/crucible/models.json), plus per-model user overrides
/// (a JSON file of the same shape; fields given replace the built-in ones, unknown models add rows).
class ModelCatalog
{
public:
    static Result<ModelCatalog> builtIn(); ///< :/crucible/models.json
    static Result<ModelCatalog> fromJson(const QByteArray &json);
    static Result<ModelCatalog> load(const QString &path);
    /// QStandardPaths::AppConfigLocation + "/models.json" (the user's override file).
    static QString userOverridesPath();
    /// The built-in catalog with the user's overrides applied when that file exists. A broken
    /// override file leaves the built-in data in use and is reported in `overrideError`.
    static ModelCatalog withUserOverrides(QString *overrideError = nullptr);
    /// Merges overrides (same format); a broken file is an error and changes nothing.
    Result<void> applyOverrides(const QByteArray &json);
    /// Provider ids that have an entry (rows, defaults or an unknown-model block).
    QStringList providers() const;

    QString asOf() const { return m_asOf; }
    /// Models of a provider in catalog order (empty provider: all).
    QList<ModelInfo> models(const QString &provider = {}) const;
    /// Exact id, then the longest catalog id that is a '-'-bounded prefix (dated snapshots);
    /// otherwise known == false with safe defaults for that provider and a note.
    ModelInfo lookup(const QString &provider, const QString &model) const;

private:
    Result<void> rebuild(const QByteArray &document);

    QByteArray m_document;           ///< the merged source document (compact JSON)
    QList<ModelInfo> m_models;       ///< resolved rows (provider defaults/forced fields applied)
    QList<QStringList> m_prefixes;   ///< per row: extra '-'-bounded prefixes that map to it
    QHash<QString, ModelInfo> m_unknown; ///< per provider: what an unknown model gets
    QString m_asOf;
};

/// The request with everything the model rejects removed (and maxTokensField set from the catalog).
/// `dropped` names each removed parameter with why, for the UI/CLI ("temperature: not accepted by gpt-5.4").
struct SanitizedRequest
{
    ChatRequest request;
    QStringList dropped;
};
SanitizedRequest sanitizeRequest(const ChatRequest &request, const ModelInfo &model);

} // namespace Crucible
