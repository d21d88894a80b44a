// Parsing of `crucible-cli count-tokens` and `crucible-cli models`.
#include "cliargs.h"

#include <functional>

using namespace Qt::StringLiterals;

namespace Crucible::Cli {

namespace {

ParsedCommand fail(const QString &message)
{
    ParsedCommand command;
    command.kind = ParsedCommand::Kind::Error;
    command.error = message;
    return command;
}

/// Walks "--name value", "--name=value", flags and positionals. Each callback returns an empty
/// string on success, else the problem.
QString walk(const QStringList &arguments, const QStringList &valueOptions, const QStringList &flags,
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
        std::optional<QString> value;
        if (const qsizetype eq = arg.indexOf(u'='); arg.startsWith(u"--") && eq > 2) {
            name = arg.left(eq);
            value = arg.mid(eq + 1);
        }
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

} // namespace

ParsedCommand parseCountArguments(const QStringList &arguments)
{
    ParsedCommand command;
    command.kind = ParsedCommand::Kind::CountTokens;
    CountOptions &c = command.count;
    bool help = false;
    bool haveFile = false;
    const QString problem = walk(
        arguments, {u"--model"_s, u"--provider"_s, u"--base-url"_s, u"--api-key-env"_s, u"--timeout"_s},
        {u"--ids"_s, u"--jsonl"_s, u"--approx"_s, u"--help"_s, u"-h"_s},
        [&c](const QString &name, const QString &value) -> QString {
            if (name == u"--model")
                c.model = value;
            else if (name == u"--provider")
                c.provider = value;
            else if (name == u"--base-url")
                c.baseUrl = value;
            else if (name == u"--api-key-env")
                return apiKeyEnvValue(value, c.apiKeyEnv);
            else if (name == u"--timeout")
                return timeoutValue(value, c.timeoutSeconds);
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
    if (help) {
        command.kind = ParsedCommand::Kind::Help;
        return command;
    }
    if (!problem.isEmpty())
        return fail(problem);
    if (c.model.trimmed().isEmpty())
        return fail(u"count-tokens needs --model (for example --model gpt-5.4)"_s);
    return command;
}

ParsedCommand parseModelsArguments(const QStringList &arguments)
{
    ParsedCommand command;
    command.kind = ParsedCommand::Kind::Models;
    ModelsOptions &m = command.models;
    bool help = false;
    const QString problem = walk(
        arguments, {u"--provider"_s, u"--base-url"_s, u"--api-key-env"_s, u"--timeout"_s},
        {u"--json"_s, u"--catalog"_s, u"--help"_s, u"-h"_s},
        [&m](const QString &name, const QString &value) -> QString {
            if (name == u"--provider")
                m.provider = value;
            else if (name == u"--base-url")
                m.baseUrl = value;
            else if (name == u"--api-key-env")
                return apiKeyEnvValue(value, m.apiKeyEnv);
            else if (name == u"--timeout")
                return timeoutValue(value, m.timeoutSeconds);
            return {};
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
    if (help) {
        command.kind = ParsedCommand::Kind::Help;
        return command;
    }
    if (!problem.isEmpty())
        return fail(problem);
    if (m.provider.isEmpty())
        return fail(u"models needs --provider (for example --provider openai)"_s);
    return command;
}

} // namespace Crucible::Cli
