#include "cliargs.h"


using namespace Qt::StringLiterals;

namespace Crucible::Cli {

namespace {

ParsedCommand simple(ParsedCommand::Kind kind)
{
    ParsedCommand command;
    command.kind = kind;
    return command;
}

const QStringList &valueOptions()
{
    static const QStringList options = {
        u"--provider"_s, u"--model"_s,       u"--base-url"_s,    u"--api-key-env"_s,
        u"--system"_s,   u"--prompt"_s,      u"--prompt-file"_s, u"--max-tokens"_s,
        u"--temperature"_s, u"--timeout"_s, u"--top-p"_s, u"--seed"_s, u"--stop"_s,
        u"--reasoning-effort"_s, u"--schema"_s,
    };
    return options;
}

} // namespace

QString applyRunOption(RunOptions &run, const QString &name, const QString &value)
{
    bool ok = false;
    if (name == u"--provider") {
        run.provider = value;
    } else if (name == u"--model") {
        run.model = value;
    } else if (name == u"--base-url") {
        run.baseUrl = value;
    } else if (name == u"--api-key-env") {
        if (value.isEmpty() || value.contains(u'='))
            return u"--api-key-env needs an environment variable name"_s;
        run.apiKeyEnv = value;
    } else if (name == u"--system") {
        run.system = value;
    } else if (name == u"--prompt") {
        run.prompt = value;
    } else if (name == u"--prompt-file") {
        if (value.isEmpty())
            return u"--prompt-file needs a file name (or - for standard input)"_s;
        run.promptFile = value;
    } else if (name == u"--max-tokens") {
        const int n = value.toInt(&ok);
        if (!ok || n <= 0)
            return u"--max-tokens needs a positive whole number, got \"%1\""_s.arg(value);
        run.maxTokens = n;
    } else if (name == u"--temperature") {
        const double t = value.toDouble(&ok);
        if (!ok || !(t >= 0.0 && t <= 2.0))
            return u"--temperature needs a number from 0 to 2, got \"%1\""_s.arg(value);
        run.temperature = t;
    } else if (name == u"--top-p") {
        const double p = value.toDouble(&ok);
        if (!ok || !(p >= 0.0 && p <= 1.0))
            return u"--top-p needs a number from 0 to 1, got \"%1\""_s.arg(value);
        run.topP = p;
    } else if (name == u"--seed") {
        const qint64 seed = value.toLongLong(&ok);
        if (!ok)
            return u"--seed needs a whole number, got \"%1\""_s.arg(value);
        run.seed = seed;
    } else if (name == u"--stop") {
        if (value.isEmpty())
            return u"--stop needs a non-empty text"_s;
        run.stop.append(value);
    } else if (name == u"--reasoning-effort") {
        static const QStringList levels = {u"none"_s, u"minimal"_s, u"low"_s, u"medium"_s, u"high"_s, u"xhigh"_s, u"max"_s};
        if (!levels.contains(value))
            return u"--reasoning-effort needs one of %1, got \"%2\""_s.arg(levels.join(u", "_s), value);
        run.reasoningEffort = value;
    } else if (name == u"--schema") {
        if (value.isEmpty())
            return u"--schema needs a file name"_s;
        run.schemaFile = value;
    } else if (name == u"--timeout") {
        const double s = value.toDouble(&ok);
        if (!ok || !(s > 0.0 && s <= 86400.0))
            return u"--timeout needs a number of seconds greater than 0, got \"%1\""_s.arg(value);
        run.timeoutSeconds = s;
    }
    return {};
}

ParsedCommand parseArguments(const QStringList &arguments)
{
    if (arguments.isEmpty())
        return parseFailure(u"no command given (try --help)"_s);
    const QString &first = arguments.first();
    if (first == u"--help" || first == u"-h" || first == u"help")
        return simple(ParsedCommand::Kind::Help);
    if (first == u"--version" || first == u"-V" || first == u"version")
        return simple(ParsedCommand::Kind::Version);
    if (first == u"count-tokens")
        return parseCountArguments(arguments.mid(1));
    if (first == u"models")
        return parseModelsArguments(arguments.mid(1));
    if (first == u"compare")
        return parseCompareArguments(arguments.mid(1));
    if (first != u"run") {
        if (first.startsWith(u'-'))
            return parseFailure(u"unknown option \"%1\" (try --help)"_s.arg(first));
        return parseFailure(u"unknown command \"%1\" (try --help)"_s.arg(first));
    }

    ParsedCommand command;
    command.kind = ParsedCommand::Kind::Run;
    RunOptions &run = command.run;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == u"--help" || arg == u"-h")
            return simple(ParsedCommand::Kind::Help);
        if (arg == u"--json") {
            run.json = true;
            continue;
        }
        QString name = arg;
        std::optional<QString> value = splitInlineValue(arg, name);
        if (!valueOptions().contains(name)) {
            if (arg.startsWith(u'-') && arg != u"-")
                return parseFailure(u"unknown option \"%1\" (try --help)"_s.arg(name));
            return parseFailure(u"unexpected argument \"%1\" (try --help)"_s.arg(arg));
        }
        if (!value) {
            if (i + 1 >= arguments.size())
                return parseFailure(u"%1 needs a value"_s.arg(name));
            value = arguments.at(++i);
        }
        if (const QString problem = applyRunOption(run, name, *value); !problem.isEmpty())
            return parseFailure(problem);
    }
    if (run.provider.isEmpty())
        return parseFailure(u"missing --provider (for example --provider simulator)"_s);
    if (run.prompt && run.promptFile)
        return parseFailure(u"give either --prompt or --prompt-file, not both"_s);
    if (!run.prompt && !run.promptFile)
        return parseFailure(u"missing prompt: use --prompt TEXT, --prompt-file FILE or --prompt-file -"_s);
    return command;
}

QString usageText()
{
    return uR"(Usage:
  crucible-cli run --provider P [--model M] [--base-url URL] [--api-key-env NAME]
                   [--system TEXT] (--prompt TEXT | --prompt-file FILE | --prompt-file -)
                   [--max-tokens N] [--temperature T] [--top-p P] [--seed N] [--stop TEXT]...
                   [--reasoning-effort none|minimal|low|medium|high|xhigh|max]
                   [--schema FILE] [--timeout SECONDS] [--json]
  crucible-cli count-tokens --model M [--provider P] [--ids] [--jsonl] [--approx]
                   [--base-url URL] [--api-key-env NAME] [--timeout SECONDS] [FILE | -]
  crucible-cli models --provider P [--base-url URL] [--api-key-env NAME] [--catalog]
                   [--timeout SECONDS] [--json]
  crucible-cli compare --target P:MODEL [--target P:MODEL]... [--repeat N] [--budget USD]
                   [--base-url URL] [--system TEXT] (--prompt TEXT | --prompt-file FILE | --prompt-file -)
                   [--max-tokens N] [--temperature T] [--top-p P] [--seed N] [--stop TEXT]...
                   [--reasoning-effort LEVEL] [--schema FILE] [--timeout SECONDS] [--retries N]
                   [--concurrency N] [--json]
  crucible-cli --version
  crucible-cli --help

run: streams one reply to standard output as it arrives. With --json, prints one JSON object at
the end instead: status, provider, model, text, reasoning, tool_calls, finish_reason, usage,
timing, cost_usd, cost_estimate_usd, simulated, notes, error (null where unknown). Parameters the
model does not accept (model catalog) are dropped before sending; each is named on stderr as a
note and listed in "notes".

count-tokens: prints the number of tokens of the text (FILE, or standard input), exact for models
that use o200k_base (GPT-4o, GPT-4.1, GPT-5.x, o-series). --ids prints the token ids as a JSON
array instead. --jsonl reads one JSON string per line and prints one count (or id array) per
line. Other models: with --provider anthropic or gemini and a key, the provider's count endpoint
answers; otherwise --approx prints the o200k_base estimate (marked approximate on stderr).

models: lists the provider's models, from the provider when a key is set (or the base URL is a
local server), else from the built-in model catalog (--catalog forces it); stderr says which.

compare: sends the same prompt to every target (PROVIDER:MODEL), --repeat N times each (1-50,
every target's repeat 1 before any repeat 2), at most --concurrency requests at once (default 4),
retrying rate limits and server errors up to --retries times (default 2, honouring Retry-After).
--base-url applies to every target whose provider talks HTTP. Each answer is printed when its run
ends, headed "== P:MODEL #N ==", then a summary table per target. --budget USD stops before a
request whose maximum cost (estimate) would exceed the cap: nothing more is sent and the runs so far
are reported. With --json, prints one JSON object {"runs":[...],"summary":[...]}: each run is the
run --json object plus "target", "repeat" and "attempts"; the summary gives per target runs, ok,
errors, ttft_ms, tokens_per_s, total_ms, cost_usd ({mean,p50,p95} or null), total_cost_usd,
identical_pct, json_pct and schema_valid_pct.

--schema FILE (run, compare): sends the JSON Schema in FILE with the request (structured output,
where the provider and model support it) and checks every ok answer against it: the JSON objects
gain "validation": {"valid", "errors":[{"pointer","message"}]} (null for runs that are not ok), the
compare summary "schema_valid_pct" and its table a "schema" column. An unreadable or invalid schema
is a usage error.

Providers: simulator (offline, no key; --base-url "simulator://local?ttft_ms=300&tokens_per_s=40"),
openai, openai-responses, anthropic, gemini, ollama, mistral, deepseek, groq, openrouter,
openai-compatible (needs --base-url). Every provider accepts --base-url. Keys come from the
provider's usual environment variables (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY or
GOOGLE_API_KEY, ...); --api-key-env NAME reads another variable.
--timeout SECONDS limits the whole request (and the connection).

Exit codes: 0 ok, 2 usage error, 3 provider/network error or truncated reply (compare: in any
run), 5 budget reached (compare), 130 interrupted.
)"_s;
}

std::optional<QString> splitInlineValue(const QString &arg, QString &name)
{
    if (const qsizetype eq = arg.indexOf(u'='); arg.startsWith(u"--") && eq > 2) {
        name = arg.left(eq);
        return arg.mid(eq + 1);
    }
    return std::nullopt;
}

ParsedCommand parseFailure(const QString &message)
{
    ParsedCommand command;
    command.kind = ParsedCommand::Kind::Error;
    command.error = message;
    return command;
}

} // namespace Crucible::Cli
