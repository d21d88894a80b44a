#include "runcommand.h"

#include <QCoreApplication>

#include <cstdio>

#include "clicommon.h"
#include "clijson.h"
#include "common/redact.h"
#include "engine/modelrun.h"
#include "providers/httpprovider.h"
#include "sigint.h"
#include "transport/httptransport.h"

using namespace Qt::StringLiterals;

namespace Crucible::Cli {

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
    const std::optional<QString> prompt = promptText(m_options);
    if (!prompt)
        return ExitUsage;
    if (const auto failed = loadSchema(m_options, m_schema))
        return *failed;
    QString keyEnv;
    if (const auto failed = fillSettings(*provider, m_options.baseUrl, m_options.apiKeyEnv,
                                         m_options.timeoutSeconds, settings, &keyEnv))
        return *failed;
    if (!settings.apiKey.isEmpty())
        m_secrets << settings.apiKey;

    request.model = m_options.model.isEmpty() ? provider->defaultModel() : m_options.model;
    fillRequest(request, m_options, *prompt, m_schema.text);

    // The model catalog decides what is sent: parameters the model rejects are dropped, each
    // named in a note (stderr and "notes"); an unknown model gets safe defaults and says so.
    applyCatalog(*provider, loadCatalog(), m_prices ? &*m_prices : nullptr, request, m_extras);
    for (const QString &note : std::as_const(m_extras.notes))
        printNote(note);

    const Result<void> check = dryRun(*provider, request, settings, *m_transport);
    if (!check) {
        if (failsOnlyForMissingKey(*provider, request, settings, *m_transport)) {
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
        writeOut(withValidation(outcomeJson(outcome, m_secrets, m_extras), outcome, m_schema.validator.get(), m_secrets)
                 + '\n');
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
