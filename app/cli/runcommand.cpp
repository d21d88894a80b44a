#include "runcommand.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

#include "clicommon.h"
#include "clijson.h"
#include "common/redact.h"
#include "engine/modelrun.h"
#include "engine/streamsource.h"
#include "providers/httpprovider.h"
#include "sigint.h"
#include "transport/httptransport.h"

using namespace Qt::StringLiterals;

namespace Crucible::Cli {

namespace {

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
    if (!opened) {
        problem = u"cannot read prompt file \"%1\": %2"_s.arg(file, in.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = in.readAll();
    if (in.error() != QFileDevice::NoError) {
        problem = u"cannot read prompt file \"%1\": %2"_s.arg(isStdin ? u"standard input"_s : file, in.errorString());
        return std::nullopt;
    }
    return QString::fromUtf8(bytes);
}

/// Checks what the provider would send without sending it. Usage error message on failure.
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

} // namespace

void printError(const QString &message)
{
    const QByteArray line = "crucible-cli: error: " + message.simplified().toUtf8() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

RunCommand::RunCommand(RunOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_transport(std::make_unique<HttpTransport>())
{
}

RunCommand::~RunCommand()
{
    m_run.reset(); // before the transport it uses
}

std::optional<int> RunCommand::prepare(ChatRequest &request, ProviderSettings &settings)
{
    const Provider *provider = findProvider(m_registry, m_options.provider);
    if (!provider)
        return ExitUsage;
    QString prompt = m_options.prompt.value_or(QString());
    if (m_options.promptFile) {
        QString problem;
        const auto text = readPrompt(*m_options.promptFile, problem);
        if (!text) {
            printError(problem);
            return ExitUsage;
        }
        prompt = *text;
    }
    if (prompt.trimmed().isEmpty()) {
        printError(u"the prompt is empty"_s);
        return ExitUsage;
    }
    QString keyEnv;
    if (const auto failed = fillSettings(*provider, m_options.baseUrl, m_options.apiKeyEnv,
                                         m_options.timeoutSeconds, settings, &keyEnv))
        return *failed;
    if (!settings.apiKey.isEmpty())
        m_secrets << settings.apiKey;

    request.model = m_options.model.isEmpty() ? provider->defaultModel() : m_options.model;
    if (!m_options.system.isEmpty())
        request.messages.append({ChatMessage::Role::System, m_options.system});
    request.messages.append({ChatMessage::Role::User, prompt});
    request.maxOutputTokens = m_options.maxTokens;
    request.temperature = m_options.temperature;
    request.topP = m_options.topP;
    request.seed = m_options.seed;
    request.stop = m_options.stop;
    request.reasoningEffort = m_options.reasoningEffort;

    // The model catalog decides what is sent: parameters the model rejects are dropped, each
    // named in a note (stderr and "notes"); an unknown model gets safe defaults and says so.
    const ModelCatalog catalog = loadCatalog();
    const ModelInfo model = catalog.lookup(provider->id(), request.model);
    if (!model.known && !provider->isSimulated())
        m_extras.notes.append(model.note);
    SanitizedRequest sanitized = sanitizeRequest(request, model);
    m_extras.notes.append(sanitized.dropped);
    request = std::move(sanitized.request);
    for (const QString &note : std::as_const(m_extras.notes))
        printNote(note);
    const ModelPrice *price = m_prices ? m_prices->find(provider->id(), request.model) : nullptr;
    if (auto estimate = estimateCost(request, model, price))
        m_extras.estimate = std::move(estimate).value();

    const Result<void> check = dryRun(*provider, request, settings, *m_transport);
    if (!check) {
        ProviderSettings withKey = settings;
        withKey.apiKey = u"placeholder"_s;
        if (settings.apiKey.isEmpty() && provider->requiresApiKey() && dryRun(*provider, request, withKey, *m_transport)) {
            printError(keyEnv.isEmpty() ? u"missing API key for %1"_s.arg(provider->id())
                                        : u"missing API key: set %1 (or name another variable with --api-key-env)"_s.arg(keyEnv));
        } else {
            printError(redacted(check.error().message, m_secrets));
        }
        return ExitUsage;
    }

    m_run = std::make_unique<ModelRun>(*provider, request, settings, *m_transport,
                                       m_prices ? &*m_prices : nullptr);
    return std::nullopt;
}

std::optional<int> RunCommand::start()
{
    m_prices = loadPrices();
    ChatRequest request;
    ProviderSettings settings;
    if (const auto exitCode = prepare(request, settings))
        return exitCode;
    m_sigint = new SigintNotifier(this);
    connect(m_sigint, &SigintNotifier::interrupted, this, &RunCommand::onInterrupted);
    if (!m_options.json)
        connect(m_run.get(), &ModelRun::textDelta, this, &RunCommand::onText);
    connect(m_run.get(), &ModelRun::finished, this, &RunCommand::onFinished);
    m_run->start();
    return std::nullopt;
}

void RunCommand::onText(const QString &chunk)
{
    writeOut(chunk.toUtf8());
    m_endsWithNewline = chunk.endsWith(u'\n');
}

void RunCommand::onInterrupted()
{
    if (m_interrupted) { // second Ctrl+C: stop waiting
        Q_EMIT done(ExitInterrupted);
        return;
    }
    m_interrupted = true;
    if (m_run)
        m_run->cancel();
}

void RunCommand::onFinished(const RunOutcome &outcome)
{
    if (m_options.json)
        writeOut(outcomeJson(outcome, m_secrets, m_extras) + '\n');
    else if (!m_endsWithNewline)
        writeOut("\n");

    int exitCode = ExitOk;
    if (outcome.status == RunOutcome::Status::Cancelled && m_interrupted) {
        exitCode = ExitInterrupted;
        printError(u"interrupted"_s);
    } else if (outcome.status != RunOutcome::Status::Ok) {
        exitCode = ExitProvider;
        const ProviderError &e = outcome.error;
        QString line = errorHeadline(e) + u": "_s + (e.message.isEmpty() ? statusName(outcome.status) : e.message);
        if (e.retryAfterSeconds)
            line += u" (retry after %1 s)"_s.arg(*e.retryAfterSeconds);
        printError(redacted(line, m_secrets));
    }
    Q_EMIT done(exitCode);
}

} // namespace Crucible::Cli
