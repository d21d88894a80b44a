#include "clicommon.h"

#include <QFile>

#include <cstdio>

#include "common/redact.h"
#include "engine/streamsource.h"
#include "pricing/costestimate.h"
#include "providers/chatrequest.h"
#include "providers/httpprovider.h"
#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "runcommand.h"
#include "transport/httpfetch.h"

using namespace Qt::StringLiterals;

namespace Crucible::Cli {

QString lookupApiKey(const Provider &provider, const QString &apiKeyEnv, QString *variable)
{
    const QStringList candidates = apiKeyEnv.isEmpty() ? provider.apiKeyEnvVars() : QStringList{apiKeyEnv};
    if (variable)
        *variable = candidates.value(0);
    for (const QString &name : candidates) {
        const QString key = qEnvironmentVariable(name.toLocal8Bit().constData()).trimmed();
        if (!key.isEmpty()) {
            if (variable)
                *variable = name;
            return key;
        }
    }
    return {};
}

Result<QUrl> parseBaseUrl(const QString &text)
{
    if (text.isEmpty())
        return QUrl();
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.isRelative() || url.host().isEmpty()) {
        return Error{Error::Kind::Usage,
                     u"invalid base URL \"%1\": expected an absolute URL such as http://127.0.0.1:11434/v1"_s.arg(text)};
    }
    return url;
}

bool isLocalUrl(const QUrl &url)
{
    const QString host = url.host().toLower();
    return host == u"127.0.0.1" || host == u"::1" || host == u"localhost" || host.startsWith(u"127.");
}

ModelCatalog loadCatalog()
{
    QString problem;
    ModelCatalog catalog = ModelCatalog::withUserOverrides(&problem);
    if (!problem.isEmpty())
        printNote(problem);
    return catalog;
}

std::optional<PriceTable> loadPrices()
{
    QString problem;
    auto prices = PriceTable::withUserOverrides(&problem);
    if (!problem.isEmpty())
        printNote(problem);
    if (!prices)
        return std::nullopt;
    return std::move(prices).value();
}

void printNote(const QString &message)
{
    const QByteArray line = "crucible-cli: note: " + message.simplified().toUtf8() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

const Provider *findProvider(const ProviderRegistry &registry, const QString &id)
{
    const Provider *provider = registry.find(id);
    if (!provider)
        printError(u"unknown provider \"%1\" (known: %2)"_s.arg(id, registry.ids().join(u", "_s)));
    return provider;
}

std::optional<int> fillSettings(const Provider &provider, const QString &baseUrl, const QString &apiKeyEnv,
                                std::optional<double> timeoutSeconds, ProviderSettings &settings,
                                QString *variable)
{
    const auto url = parseBaseUrl(baseUrl);
    if (!url) {
        printError(url.error().message);
        return ExitUsage;
    }
    settings.baseUrl = url.value();
    settings.apiKey = lookupApiKey(provider, apiKeyEnv, variable);
    if (timeoutSeconds) {
        settings.timeouts.total = std::chrono::milliseconds(qint64(*timeoutSeconds * 1000.0));
        settings.timeouts.connect = std::min(settings.timeouts.connect, settings.timeouts.total);
    }
    return std::nullopt;
}

void writeOut(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

std::optional<QString> readPrompt(const QString &file, QString &problem)
{
    QFile in;
    const bool isStdin = file == u"-";
    const bool opened = isStdin ? in.open(stdin, QIODevice::ReadOnly) : (in.setFileName(file), in.open(QIODevice::ReadOnly));
    const QByteArray bytes = opened ? in.readAll() : QByteArray();
    if (!opened || in.error() != QFileDevice::NoError) {
        problem = u"cannot read prompt file \"%1\": %2"_s.arg(isStdin ? u"standard input"_s : file, in.errorString());
        return std::nullopt;
    }
    return QString::fromUtf8(bytes);
}

std::optional<QString> promptText(const RunOptions &options)
{
    QString prompt = options.prompt.value_or(QString());
    if (options.promptFile) {
        QString problem;
        const auto text = readPrompt(*options.promptFile, problem);
        if (!text) {
            printError(problem);
            return std::nullopt;
        }
        prompt = *text;
    }
    if (prompt.trimmed().isEmpty()) {
        printError(u"the prompt is empty"_s);
        return std::nullopt;
    }
    return prompt;
}

Result<void> dryRun(const Provider &provider, const ChatRequest &request, const ProviderSettings &settings,
                    HttpTransport &transport)
{
    if (const auto *http = dynamic_cast<const HttpProvider *>(&provider)) {
        const auto built = http->buildRequest(request, settings);
        return built ? Result<void>() : Result<void>(built.error());
    }
    const auto source = provider.createSource(request, settings, transport); // never started
    return source ? Result<void>() : Result<void>(source.error());
}

bool failsOnlyForMissingKey(const Provider &provider, const ChatRequest &request, const ProviderSettings &settings,
                            HttpTransport &transport)
{
    if (!settings.apiKey.isEmpty() || !provider.requiresApiKey())
        return false;
    ProviderSettings withKey = settings;
    withKey.apiKey = u"placeholder"_s;
    return bool(dryRun(provider, request, withKey, transport));
}

void fillRequest(ChatRequest &request, const RunOptions &options, const QString &prompt, const QString &schemaText)
{
    if (!options.system.isEmpty())
        request.messages.append({ChatMessage::Role::System, options.system});
    request.messages.append({ChatMessage::Role::User, prompt});
    request.maxOutputTokens = options.maxTokens;
    request.temperature = options.temperature;
    request.topP = options.topP;
    request.seed = options.seed;
    request.stop = options.stop;
    request.reasoningEffort = options.reasoningEffort;
    request.jsonSchema = schemaText;
}

void applyCatalog(const Provider &provider, const ModelCatalog &catalog, const PriceTable *prices,
                  ChatRequest &request, RunExtras &extras)
{
    const ModelInfo model = catalog.lookup(provider.id(), request.model);
    if (!model.known && !provider.isSimulated())
        extras.notes.append(model.note);
    SanitizedRequest sanitized = sanitizeRequest(request, model);
    extras.notes.append(sanitized.dropped);
    request = std::move(sanitized.request);
    const ModelPrice *price = prices ? prices->find(provider.id(), request.model) : nullptr;
    if (auto estimate = estimateCost(request, model, price))
        extras.estimate = std::move(estimate).value();
}

QString errorHeadline(const ProviderError &error)
{
    QString line = errorClassName(error.errorClass);
    if (error.httpStatus != 0)
        line += u" (HTTP %1)"_s.arg(error.httpStatus);
    return line;
}

std::optional<QByteArray> fetchBody(HttpTransport &transport, const Result<HttpRequest> &request,
                                    const QString &apiKey, int &exitCode)
{
    if (!request) {
        printError(redacted(request.error().message, {apiKey}));
        exitCode = ExitUsage;
        return std::nullopt;
    }
    const HttpFetchResult result = httpFetchBlocking(transport, request.value());
    if (!result.ok()) {
        printError(redacted(errorHeadline(result.error) + u": "_s + result.error.message, {apiKey}));
        exitCode = ExitProvider;
        return std::nullopt;
    }
    return result.body;
}

} // namespace Crucible::Cli
