// Parsing of `crucible-cli count-tokens` and `crucible-cli models`; the option walker compare shares.
#include "cliargs.h"

using namespace Qt::StringLiterals;

namespace Crucible::Cli {

QString walkArguments(const QStringList &arguments, const QStringList &valueOptions, const QStringList &flags,
                      const std::function<QString(const QString &, const QString &)> &onValue,
                      const std::function<void(const QString &)> &onFlag,
                      const std::function<QString(const QString &)> &onPositional)
{
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (flags.contains(arg)) {
            onFlag(arg);
            continue;
        }
        QString name = arg;
        std::optional<QString> value = splitInlineValue(arg, name);
        if (!valueOptions.contains(name)) {
            if (arg.startsWith(u'-') && arg != u"-")
                return u"unknown option \"%1\" (try --help)"_s.arg(name);
            if (const QString problem = onPositional(arg); !problem.isEmpty())
                return problem;
            continue;
        }
        if (!value) {
            if (i + 1 >= arguments.size())
                return u"%1 needs a value"_s.arg(name);
            value = arguments.at(++i);
        }
        if (const QString problem = onValue(name, *value); !problem.isEmpty())
            return problem;
    }
    return {};
}

namespace {

QString timeoutValue(const QString &value, std::optional<double> &out)
{
    bool ok = false;
    const double s = value.toDouble(&ok);
    if (!ok || !(s > 0.0 && s <= 86400.0))
        return u"--timeout needs a number of seconds greater than 0, got \"%1\""_s.arg(value);
    out = s;
    return {};
}

QString apiKeyEnvValue(const QString &value, QString &out)
{
    if (value.isEmpty() || value.contains(u'='))
        return u"--api-key-env needs an environment variable name"_s;
    out = value;
    return {};
}

/// --provider, --base-url, --api-key-env and --timeout: the options count-tokens and models share.
const QStringList s_connectionOptions = {u"--provider"_s, u"--base-url"_s, u"--api-key-env"_s, u"--timeout"_s};

/// Stores one of s_connectionOptions; the problem, or empty.
QString connectionValue(const QString &name, const QString &value, QString &provider, QString &baseUrl,
                        QString &apiKeyEnv, std::optional<double> &timeoutSeconds)
{
    if (name == u"--provider")
        provider = value;
    else if (name == u"--base-url")
        baseUrl = value;
    else if (name == u"--api-key-env")
        return apiKeyEnvValue(value, apiKeyEnv);
    else if (name == u"--timeout")
        return timeoutValue(value, timeoutSeconds);
    return {};
}

} // namespace

std::optional<ParsedCommand> helpOrProblem(ParsedCommand &command, bool help, const QString &problem)
{
    if (help) {
        command.kind = ParsedCommand::Kind::Help;
        return command;
    }
    if (!problem.isEmpty())
        return parseFailure(problem);
    return std::nullopt;
}

ParsedCommand parseCountArguments(const QStringList &arguments)
{
    ParsedCommand command;
    command.kind = ParsedCommand::Kind::CountTokens;
    CountOptions &c = command.count;
    bool help = false;
    bool haveFile = false;
    const QString problem = walkArguments(
        arguments, QStringList{u"--model"_s} + s_connectionOptions,
        {u"--ids"_s, u"--jsonl"_s, u"--approx"_s, u"--help"_s, u"-h"_s},
        [&c](const QString &name, const QString &value) -> QString {
            if (name != u"--model")
                return connectionValue(name, value, c.provider, c.baseUrl, c.apiKeyEnv, c.timeoutSeconds);
            c.model = value;
            return {};
        },
        [&c, &help](const QString &flag) {
            if (flag == u"--ids")
                c.ids = true;
            else if (flag == u"--jsonl")
                c.jsonl = true;
            else if (flag == u"--approx")
                c.approx = true;
            else
                help = true;
        },
        [&c, &haveFile](const QString &arg) -> QString {
            if (haveFile)
                return u"count-tokens reads one input, got a second one: \"%1\""_s.arg(arg);
            haveFile = true;
            c.file = arg;
            return {};
        });
    if (auto done = helpOrProblem(command, help, problem))
        return *done;
    if (c.model.trimmed().isEmpty())
        return parseFailure(u"count-tokens needs --model (for example --model gpt-5.4)"_s);
    return command;
}

ParsedCommand parseModelsArguments(const QStringList &arguments)
{
    ParsedCommand command;
    command.kind = ParsedCommand::Kind::Models;
    ModelsOptions &m = command.models;
    bool help = false;
    const QString problem = walkArguments(
        arguments, s_connectionOptions, {u"--json"_s, u"--catalog"_s, u"--help"_s, u"-h"_s},
        [&m](const QString &name, const QString &value) {
            return connectionValue(name, value, m.provider, m.baseUrl, m.apiKeyEnv, m.timeoutSeconds);
        },
        [&m, &help](const QString &flag) {
            if (flag == u"--json")
                m.json = true;
            else if (flag == u"--catalog")
                m.catalogOnly = true;
            else
                help = true;
        },
        [](const QString &arg) { return u"unexpected argument \"%1\" (try --help)"_s.arg(arg); });
    if (auto done = helpOrProblem(command, help, problem))
        return *done;
    if (m.provider.isEmpty())
        return parseFailure(u"models needs --provider (for example --provider openai)"_s);
    return command;
}

} // namespace Crucible::Cli
