#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <optional>

namespace Crucible::Cli {

/// Options of `crucible-cli run` (see usageText()).
struct RunOptions
{
    QString provider;
    QString model;
    QString baseUrl;
    QString apiKeyEnv;
    QString system;
    std::optional<QString> prompt;     ///< --prompt TEXT
    std::optional<QString> promptFile; ///< --prompt-file FILE ("-": standard input)
    std::optional<int> maxTokens;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<std::int64_t> seed;
    QStringList stop;        ///< --stop TEXT, repeatable
    QString reasoningEffort; ///< --reasoning-effort LEVEL
    std::optional<double> timeoutSeconds;
    QString schemaFile;      ///< --schema FILE: JSON Schema sent with the request and checked
    bool json = false;
};

/// Options of `crucible-cli count-tokens`.
struct CountOptions
{
    QString model;
    QString provider;   ///< optional: anthropic/gemini count through the provider's endpoint
    QString baseUrl;
    QString apiKeyEnv;
    QString file;       ///< empty or "-": standard input
    bool ids = false;
    bool jsonl = false;
    bool approx = false;
    std::optional<double> timeoutSeconds;
};

/// Options of `crucible-cli models`.
struct ModelsOptions
{
    QString provider;
    QString baseUrl;
    QString apiKeyEnv;
    bool json = false;
    bool catalogOnly = false; ///< --catalog: never ask the provider
    std::optional<double> timeoutSeconds;
};

/// One --target P:MODEL of `crucible-cli compare` (split at the first colon; the model may hold more).
struct CompareTarget
{
    QString provider;
    QString model;
    QString key() const { return provider + u':' + model; } ///< "P:MODEL", as in the JSON
};

/// Options of `crucible-cli compare`. The request options (--system, --prompt, --prompt-file,
/// --max-tokens, --temperature, --top-p, --seed, --stop, --reasoning-effort, --timeout, --base-url, --schema)
/// live in `request`, parsed exactly as `run` parses them; its provider and model stay empty.
struct CompareOptions
{
    QList<CompareTarget> targets; ///< in --target order, no duplicates
    RunOptions request;
    int repeat = 1;                            ///< 1..50
    std::optional<std::int64_t> budgetMicroUsd; ///< --budget USD
    int retries = 2;                           ///< 0..10
    int concurrency = 4;                       ///< 1..32
    bool json = false;
};

/// The command line, parsed. Kind Error carries a one-line message (exit code 2).
struct ParsedCommand
{
    enum class Kind { Run, CountTokens, Models, Compare, Help, Version, Error };
    Kind kind = Kind::Error;
    RunOptions run;
    CountOptions count;
    ModelsOptions models;
    CompareOptions compare;
    QString error;
};

/// arguments without the program name. Pure: reads no files and no environment.
ParsedCommand parseArguments(const QStringList &arguments);
ParsedCommand parseCountArguments(const QStringList &arguments); ///< after "count-tokens"
ParsedCommand parseModelsArguments(const QStringList &arguments); ///< after "models"
ParsedCommand parseCompareArguments(const QStringList &arguments); ///< after "compare"
QString usageText();
/// A ParsedCommand of kind Error with `message` (shared by the parsers).
ParsedCommand parseFailure(const QString &message);
/// "--name=value": sets name to "--name" and returns the value; nullopt (name untouched) otherwise.
std::optional<QString> splitInlineValue(const QString &arg, QString &name);
/// Applies one of run's value options (--system, --prompt, --max-tokens, ...) to `run`: empty on
/// success, else the problem (shared by run and compare).
QString applyRunOption(RunOptions &run, const QString &name, const QString &value);
/// Walks "--name value", "--name=value", flags and positionals. Each callback returns an empty
/// string on success, else the problem; the first problem ends the walk and is returned.
QString walkArguments(const QStringList &arguments, const QStringList &valueOptions, const QStringList &flags,
                      const std::function<QString(const QString &, const QString &)> &onValue,
                      const std::function<void(const QString &)> &onFlag,
                      const std::function<QString(const QString &)> &onPositional);
/// After walkArguments(): `command` as Help when help was asked for, an Error for the walk's
/// problem, else nullopt (go on checking the options).
std::optional<ParsedCommand> helpOrProblem(ParsedCommand &command, bool help, const QString &problem);

} // namespace Crucible::Cli
