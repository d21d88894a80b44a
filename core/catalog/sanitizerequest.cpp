#include "catalog/modelcatalog.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

QString modelLabel(const ModelInfo &model)
{
    return model.id.isEmpty() ? u"this model"_s : model.id;
}

/// Why a parameter the model's params reject is dropped.
QString rejected(const QString &param, const ModelInfo &model)
{
    if (!model.known) {
        return u"%1: unknown model %2, only model, messages and max tokens are sent"_s.arg(
            param, modelLabel(model));
    }
    return u"%1: not accepted by %2"_s.arg(param, modelLabel(model));
}

} // namespace

SanitizedRequest sanitizeRequest(const ChatRequest &request, const ModelInfo &model)
{
    SanitizedRequest out{request, {}};
    ChatRequest &r = out.request;
    const ModelParams &p = model.params;

    // Reasoning effort first: whether sampling is allowed may depend on it.
    if (!r.reasoningEffort.isEmpty() && !p.reasoningEfforts.contains(r.reasoningEffort)) {
        if (p.reasoningEfforts.isEmpty()) {
            out.dropped.append(model.known
                                   ? u"reasoning effort: %1 has no reasoning effort control"_s.arg(modelLabel(model))
                                   : rejected(u"reasoning effort"_s, model));
        } else {
            out.dropped.append(u"reasoning effort: \"%1\" not accepted by %2 (accepts %3)"_s.arg(
                r.reasoningEffort, modelLabel(model), p.reasoningEfforts.join(u", "_s)));
        }
        r.reasoningEffort.clear();
    }
    const bool reasoningOn = r.reasoningEffort != u"none";
    const auto dropSampling = [&](std::optional<double> &value, bool accepted, const QString &name) {
        if (!value)
            return;
        if (!accepted) {
            out.dropped.append(rejected(name, model));
            value.reset();
        } else if (p.samplingOnlyWithoutReasoning && reasoningOn) {
            out.dropped.append(u"%1: %2 accepts it only with reasoning effort \"none\""_s.arg(name, modelLabel(model)));
            value.reset();
        }
    };
    dropSampling(r.temperature, p.temperature, u"temperature"_s);
    dropSampling(r.topP, p.topP, u"top_p"_s);
    if (p.oneOfTemperatureTopP && r.temperature && r.topP) {
        out.dropped.append(u"top_p: %1 accepts temperature or top_p, not both (temperature kept)"_s.arg(modelLabel(model)));
        r.topP.reset();
    }
    if (r.seed && !p.seed) {
        out.dropped.append(rejected(u"seed"_s, model));
        r.seed.reset();
    }
    if (!r.stop.isEmpty() && !p.stop) {
        out.dropped.append(rejected(u"stop"_s, model));
        r.stop.clear();
    }
    if (!r.jsonSchema.trimmed().isEmpty() && (model.structuredOutput.isEmpty() || model.structuredOutput == u"none")) {
        out.dropped.append(model.known ? u"json schema: %1 has no structured output"_s.arg(modelLabel(model))
                                       : rejected(u"json schema"_s, model));
        r.jsonSchema.clear();
    }
    if (!p.maxTokensField.isEmpty())
        r.maxTokensField = p.maxTokensField;
    return out;
}

} // namespace Crucible
