#include "modelscommand.h"

#include <cstdio>

#include "clicommon.h"
#include "clijson.h"
#include "common/redact.h"
#include "providers/httpprovider.h"
#include "providers/providerregistry.h"
#include "runcommand.h"
#include "transport/httpfetch.h"

using namespace Qt::StringLiterals;

namespace Crucible::Cli {

namespace {

constexpr int MaxPages = 100;

QByteArray optionalInteger(const std::optional<std::int64_t> &value)
{
    return value ? QByteArray::number(qint64(*value)) : "null"_ba;
}

QByteArray modelJson(const ModelInfo &m)
{
    return "{\"id\":" + jsonString(m.id) + ",\"display_name\":" + jsonString(m.displayName)
        + ",\"known\":" + (m.known ? "true"_ba : "false"_ba)
        + ",\"context_window\":" + optionalInteger(m.contextWindow)
        + ",\"max_output_tokens\":" + optionalInteger(m.maxOutputTokens)
        + ",\"tokenizer\":" + (m.tokenizer.isEmpty() ? "null"_ba : jsonString(m.tokenizer))
        + ",\"structured_output\":" + (m.structuredOutput.isEmpty() ? "null"_ba : jsonString(m.structuredOutput)) + '}';
}

/// Every page of the provider's list. Exit code on failure (error printed).
std::optional<int> fetchAll(const HttpProvider &provider, const ProviderSettings &settings, QStringList &ids)
{
    HttpTransport transport;
    QString cursor;
    for (int page = 0; page < MaxPages; ++page) {
        int exitCode = ExitOk;
        const auto body = fetchBody(transport, provider.buildListModelsRequest(settings, cursor), settings.apiKey,
                                    exitCode);
        if (!body)
            return exitCode;
        const auto parsed = provider.parseModelList(*body);
        if (!parsed) {
            printError(u"malformed: %1"_s.arg(redacted(parsed.error().message, {settings.apiKey})));
            return ExitProvider;
        }
        ids.append(parsed.value().models);
        cursor = parsed.value().nextCursor;
        if (cursor.isEmpty())
            return std::nullopt;
    }
    printNote(u"stopped after %1 pages of models"_s.arg(MaxPages));
    return std::nullopt;
}

} // namespace

int runModels(const ModelsOptions &o)
{
    ProviderRegistry registry;
    const Provider *provider = findProvider(registry, o.provider);
    if (!provider)
        return ExitUsage;
    ProviderSettings settings;
    QString variable;
    if (const auto failed = fillSettings(*provider, o.baseUrl, o.apiKeyEnv, o.timeoutSeconds, settings, &variable))
        return *failed;
    const ModelCatalog catalog = loadCatalog();
    const auto *http = dynamic_cast<const HttpProvider *>(provider);
    const QUrl effective = settings.baseUrl.isEmpty() ? provider->defaultBaseUrl() : settings.baseUrl;
    const bool askProvider = !o.catalogOnly && http
        && (!settings.apiKey.isEmpty() || (effective.isValid() && isLocalUrl(effective)));

    QList<ModelInfo> models;
    if (askProvider) {
        QStringList ids;
        if (const auto failed = fetchAll(*http, settings, ids))
            return *failed;
        for (const QString &id : std::as_const(ids))
            models.append(catalog.lookup(provider->id(), id));
        printNote(u"%1 models from %2 at %3"_s.arg(QString::number(ids.size()), provider->id(),
                                                    effective.toString(QUrl::RemoveUserInfo)));
    } else {
        models = catalog.models(provider->id());
        QString why;
        if (o.catalogOnly)
            why = u"--catalog"_s;
        else if (!http)
            why = u"%1 has no model list endpoint"_s.arg(provider->id());
        else
            why = u"no key: set %1 to ask the provider"_s.arg(variable.isEmpty() ? u"the provider's key"_s : variable);
        printNote(u"%1 models from the built-in catalog (as of %2; %3)"_s.arg(QString::number(models.size()),
                                                                               catalog.asOf(), why));
    }

    QByteArray out;
    if (o.json) {
        QByteArray list = "[";
        for (const ModelInfo &m : std::as_const(models))
            list += (list.size() > 1 ? ","_ba : QByteArray()) + modelJson(m);
        list += ']';
        out = "{\"provider\":" + jsonString(provider->id()) + ",\"source\":"
            + (askProvider ? "\"provider\""_ba : "\"catalog\""_ba) + ",\"base_url\":"
            + (askProvider ? jsonString(effective.toString(QUrl::RemoveUserInfo)) : "null"_ba)
            + ",\"as_of\":" + (askProvider ? "null"_ba : jsonString(catalog.asOf())) + ",\"models\":" + list + "}\n";
    } else {
        for (const ModelInfo &m : std::as_const(models))
            out += m.id.toUtf8() + '\n';
    }
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    std::fflush(stdout);
    return ExitOk;
}

} // namespace Crucible::Cli
