#pragma once

#include <QString>
#include <QUrl>

#include <optional>

#include "catalog/modelcatalog.h"
#include "cliargs.h"
#include "clijson.h"
#include "common/result.h"
#include "pricing/pricetable.h"

namespace Crucible {
class HttpTransport;
class Provider;
class ProviderRegistry;
struct ChatRequest;
struct HttpRequest;
struct ProviderError;
struct ProviderSettings;
}

namespace Crucible::Cli {

/// The API key for `provider`: from the variable named by --api-key-env when given, else the
/// first non-empty of Provider::apiKeyEnvVars(). The one place keys are looked up (a key store
/// can be wired in here). `variable` receives the variable read (or the first candidate).
QString lookupApiKey(const Provider &provider, const QString &apiKeyEnv, QString *variable = nullptr);

/// --base-url: empty stays empty (provider default); otherwise an absolute URL with a host, or a
/// Usage error with the standard message.
Result<QUrl> parseBaseUrl(const QString &text);

/// 127.0.0.1, ::1, localhost (a local server needs no key).
bool isLocalUrl(const QUrl &url);

/// The built-in catalog and prices with the user's override files; a broken override file is
/// reported on stderr as a note and the built-in data is used.
ModelCatalog loadCatalog();
std::optional<PriceTable> loadPrices();

/// One line "crucible-cli: note: <message>" on stderr.
void printNote(const QString &message);

/// The registered provider `id`; nullptr after printing "unknown provider ... (known: ...)".
const Provider *findProvider(const ProviderRegistry &registry, const QString &id);

/// Fills settings from --base-url, the key lookup (lookupApiKey; `variable` as there) and
/// --timeout. An invalid base URL is printed and gives ExitUsage; nullopt when all is well.
std::optional<int> fillSettings(const Provider &provider, const QString &baseUrl, const QString &apiKeyEnv,
                                std::optional<double> timeoutSeconds, ProviderSettings &settings,
                                QString *variable = nullptr);

/// Writes `bytes` to stdout and flushes.
void writeOut(const QByteArray &bytes);

/// The text of --prompt-file (`-` is standard input, read as UTF-8); nullopt with `problem` set to
/// "cannot read prompt file ..." when it cannot be opened or read.
std::optional<QString> readPrompt(const QString &file, QString &problem);

/// The prompt of --prompt, or of --prompt-file when given (readPrompt()); nullopt after printing
/// why there is none: the file cannot be read, or the prompt is empty or blank.
std::optional<QString> promptText(const RunOptions &options);

/// Checks what the provider would send without sending it: HTTP providers build the request,
/// others create (and never start) a stream source. The error says what is wrong.
Result<void> dryRun(const Provider &provider, const ChatRequest &request, const ProviderSettings &settings,
                    HttpTransport &transport);

/// True when `settings` has no key, the provider needs one and a placeholder key would pass
/// dryRun(): the request failed only for the missing key.
bool failsOnlyForMissingKey(const Provider &provider, const ChatRequest &request, const ProviderSettings &settings,
                            HttpTransport &transport);

/// Fills the messages (--system, then the prompt) and the sampling parameters of `request` from
/// the run options; the model is the caller's.
/// `schemaText` (--schema, see loadSchema()) becomes request.jsonSchema.
void fillRequest(ChatRequest &request, const RunOptions &options, const QString &prompt,
                 const QString &schemaText = {});

/// Lets the catalog decide what is sent: looks `request.model` up, drops the parameters the
/// model rejects (each named in extras.notes, after an unknown-model note unless the provider is
/// simulated) and puts the cost estimate (`prices` may be null) into extras.estimate.
void applyCatalog(const Provider &provider, const ModelCatalog &catalog, const PriceTable *prices,
                  ChatRequest &request, RunExtras &extras);

/// "<error class>" or "<error class> (HTTP n)": the start of every provider error line.
QString errorHeadline(const ProviderError &error);

/// Fetches a built request and returns the 2xx body. On failure prints the error (the key
/// redacted) and sets exitCode: ExitUsage when the request could not be built, ExitProvider when
/// the fetch failed ("<class> (HTTP n): message").
std::optional<QByteArray> fetchBody(HttpTransport &transport, const Result<HttpRequest> &request,
                                    const QString &apiKey, int &exitCode);

} // namespace Crucible::Cli
