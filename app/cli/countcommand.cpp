#include "countcommand.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

#include "clicommon.h"
#include "common/redact.h"
#include "providers/httpprovider.h"
#include "providers/providerregistry.h"
#include "runcommand.h"
#include "tokenizer/tokencounter.h"
#include "tokenizer/tokenizer.h"
#include "transport/httpfetch.h"

using namespace Qt::StringLiterals;

namespace Crucible::Cli {

namespace {

void writeLine(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
}

QByteArray idsJson(const std::vector<int> &ids)
{
    QByteArray out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i)
            out += ',';
        out += QByteArray::number(ids[i]);
    }
    return out + ']';
}

std::optional<QByteArray> readInput(const QString &file)
{
    QFile in;
    const bool isStdin = file.isEmpty() || file == u"-";
    const bool opened = isStdin ? in.open(stdin, QIODevice::ReadOnly) : (in.setFileName(file), in.open(QIODevice::ReadOnly));
    if (!opened) {
        printError(u"cannot read \"%1\": %2"_s.arg(isStdin ? u"standard input"_s : file, in.errorString()));
        return std::nullopt;
    }
    QByteArray bytes = in.readAll();
    if (in.error() != QFileDevice::NoError) {
        printError(u"cannot read \"%1\": %2"_s.arg(isStdin ? u"standard input"_s : file, in.errorString()));
        return std::nullopt;
    }
    return bytes;
}

/// One JSON string per line (a final newline ends the last line; CRLF accepted).
std::optional<QStringList> parseJsonLines(const QByteArray &bytes)
{
    QList<QByteArray> lines = bytes.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    QStringList texts;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson("[" + line + "]", &error);
        const QJsonArray array = doc.array();
        if (error.error != QJsonParseError::NoError || array.size() != 1 || !array.at(0).isString()) {
            printError(u"--jsonl: line %1 is not one JSON string"_s.arg(i + 1));
            return std::nullopt;
        }
        texts.append(array.at(0).toString());
    }
    return texts;
}

int countLocally(const CountOptions &o, const QByteArray &input, const std::optional<QStringList> &lines)
{
    const auto tokenizer = O200kTokenizer::instance();
    if (!tokenizer) {
        printError(tokenizer.error().message);
        return ExitProvider;
    }
    const O200kTokenizer &t = *tokenizer.value();
    if (!lines) {
        const std::string_view utf8(input.constData(), std::size_t(input.size()));
        writeLine(o.ids ? idsJson(t.encodeUtf8(utf8)) : QByteArray::number(qint64(t.countUtf8(utf8))));
    } else {
        for (const QString &text : *lines)
            writeLine(o.ids ? idsJson(t.encode(text)) : QByteArray::number(qint64(t.count(text))));
    }
    std::fflush(stdout);
    return ExitOk;
}

int countWithProvider(const CountOptions &o, const HttpProvider &provider, const ProviderSettings &settings,
                      const QStringList &texts)
{
    HttpTransport transport;
    QList<qint64> counts;
    for (const QString &text : texts) {
        ChatRequest request;
        request.model = o.model;
        request.messages = {{ChatMessage::Role::User, text}};
        int exitCode = ExitOk;
        const auto body = fetchBody(transport, provider.buildCountTokensRequest(request, settings),
                                    settings.apiKey, exitCode);
        if (!body)
            return exitCode;
        const auto count = provider.parseCountTokens(*body);
        if (!count) {
            printError(u"malformed: %1"_s.arg(count.error().message));
            return ExitProvider;
        }
        counts.append(count.value());
    }
    for (const qint64 n : counts)
        writeLine(QByteArray::number(n));
    std::fflush(stdout);
    return ExitOk;
}

} // namespace

int runCountTokens(const CountOptions &o)
{
    ProviderRegistry registry;
    const Provider *provider = nullptr;
    if (!o.provider.isEmpty()) {
        provider = findProvider(registry, o.provider);
        if (!provider)
            return ExitUsage;
    }
    const auto input = readInput(o.file);
    if (!input)
        return ExitUsage;
    std::optional<QStringList> lines;
    if (o.jsonl) {
        lines = parseJsonLines(*input);
        if (!lines)
            return ExitUsage;
    }

    const ModelCatalog catalog = loadCatalog();
    const QString catalogProvider = o.provider.isEmpty() ? u"openai"_s : o.provider;
    const ModelInfo model = catalog.lookup(catalogProvider, o.model);
    const bool openAiFamily = o.provider.isEmpty() || o.provider.startsWith(u"openai");
    if (model.tokenizer == u"o200k_base" || (openAiFamily && TokenCounter::isExactFor(o.model)))
        return countLocally(o, *input, lines);

    const auto *http = dynamic_cast<const HttpProvider *>(provider);
    if (http && http->canCountTokens() && !o.ids) {
        ProviderSettings settings;
        QString variable;
        if (const auto failed = fillSettings(*provider, o.baseUrl, o.apiKeyEnv, o.timeoutSeconds, settings, &variable))
            return *failed;
        const QUrl effective = settings.baseUrl.isEmpty() ? provider->defaultBaseUrl() : settings.baseUrl;
        if (!settings.apiKey.isEmpty() || isLocalUrl(effective)) {
            printNote(u"counted by %1 as one user message (includes the provider's message framing)"_s.arg(provider->id()));
            return countWithProvider(o, *http, settings, lines ? *lines : QStringList{QString::fromUtf8(*input)});
        }
        if (!o.approx) {
            printError(u"%1 has no public tokenizer and no %2 key is set: set %3 to count with %2, or use --approx for an o200k_base estimate"_s
                           .arg(o.model, provider->id(), variable.isEmpty() ? u"its key"_s : variable));
            return ExitUsage;
        }
    }
    if (!o.approx) {
        printError(u"%1 has no public tokenizer: use --provider anthropic or --provider gemini with a key for the "
                   "provider's count, or --approx for an o200k_base estimate"_s.arg(o.model));
        return ExitUsage;
    }
    printNote(u"approximate: o200k_base estimate, %1 has no public tokenizer"_s.arg(o.model));
    return countLocally(o, *input, lines);
}

} // namespace Crucible::Cli
