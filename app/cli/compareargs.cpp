// Parsing of `crucible-cli compare`.
#include "cliargs.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace Crucible::Cli {

namespace {

/// run's options that compare shares (same parsing, see applyRunOption).
const QStringList s_requestOptions = {
    u"--base-url"_s,   u"--system"_s, u"--prompt"_s, u"--prompt-file"_s,       u"--max-tokens"_s, u"--temperature"_s,
    u"--top-p"_s,      u"--seed"_s,   u"--stop"_s,   u"--reasoning-effort"_s, u"--timeout"_s,
    u"--schema"_s,
};

const QStringList s_compareOptions = {u"--target"_s, u"--repeat"_s, u"--budget"_s, u"--retries"_s, u"--concurrency"_s};

QString intValue(const QString &name, const QString &value, int min, int max, int &out)
{
    bool ok = false;
    const int n = value.toInt(&ok);
    if (!ok || n < min || n > max)
        return u"%1 needs a whole number from %2 to %3, got \"%4\""_s.arg(name).arg(min).arg(max).arg(value);
    out = n;
    return {};
}

QString targetValue(const QString &value, QList<CompareTarget> &targets)
{
    const qsizetype colon = value.indexOf(u':');
    if (colon <= 0 || colon == value.size() - 1 || value.trimmed() != value)
        return u"--target needs PROVIDER:MODEL (for example simulator:sim-fast), got \"%1\""_s.arg(value);
    CompareTarget target{value.left(colon), value.mid(colon + 1)};
    for (const CompareTarget &known : std::as_const(targets)) {
        if (known.key() == target.key())
            return u"--target %1 is given twice"_s.arg(value);
    }
    targets.append(std::move(target));
    return {};
}

QString budgetValue(const QString &value, std::optional<std::int64_t> &out)
{
    QString text = value.trimmed();
    if (text.startsWith(u'$'))
        text.remove(0, 1);
    bool ok = false;
    const double usd = text.toDouble(&ok);
    if (!ok || !(usd > 0.0 && usd <= 1e6))
        return u"--budget needs an amount of US dollars greater than 0 (for example 0.05), got \"%1\""_s.arg(value);
    out = std::llround(usd * 1e6);
    return {};
}

} // namespace

ParsedCommand parseCompareArguments(const QStringList &arguments)
{
    ParsedCommand command;
    command.kind = ParsedCommand::Kind::Compare;
    CompareOptions &c = command.compare;
    bool help = false;
    const QString problem = walkArguments(
        arguments, s_compareOptions + s_requestOptions, {u"--json"_s, u"--help"_s, u"-h"_s},
        [&c](const QString &name, const QString &value) -> QString {
            if (name == u"--target")
                return targetValue(value, c.targets);
            if (name == u"--repeat")
                return intValue(name, value, 1, 50, c.repeat);
            if (name == u"--retries")
                return intValue(name, value, 0, 10, c.retries);
            if (name == u"--concurrency")
                return intValue(name, value, 1, 32, c.concurrency);
            if (name == u"--budget")
                return budgetValue(value, c.budgetMicroUsd);
            return applyRunOption(c.request, name, value);
        },
        [&c, &help](const QString &flag) {
            if (flag == u"--json")
                c.json = true;
            else
                help = true;
        },
        [](const QString &arg) { return u"unexpected argument \"%1\" (try --help)"_s.arg(arg); });
    if (auto done = helpOrProblem(command, help, problem))
        return *done;
    if (c.targets.isEmpty())
        return parseFailure(u"compare needs at least one --target PROVIDER:MODEL (for example --target simulator:sim-fast)"_s);
    if (c.request.prompt && c.request.promptFile)
        return parseFailure(u"give either --prompt or --prompt-file, not both"_s);
    if (!c.request.prompt && !c.request.promptFile)
        return parseFailure(u"missing prompt: use --prompt TEXT, --prompt-file FILE or --prompt-file -"_s);
    return command;
}

} // namespace Crucible::Cli
