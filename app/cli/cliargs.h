#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
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

/// The command line, parsed. Kind Error carries a one-line message (exit code 2).
struct ParsedCommand
{
    enum class Kind { Run, CountTokens, Models, Help, Version, Error };
    Kind kind = Kind::Error;
    RunOptions run;
    CountOptions count;
    ModelsOptions models;
    QString error;
};

/// arguments without the program name. Pure: reads no files and no environment.
ParsedCommand parseArguments(const QStringList &arguments);
ParsedCommand parseCountArguments(const QStringList &arguments); ///< after "count-tokens"
ParsedCommand parseModelsArguments(const QStringList &arguments); ///< after "models"
QString usageText();
/// A ParsedCommand of kind Error with `message` (shared by the parsers).
ParsedCommand parseFailure(const QString &message);
/// "--name=value": sets name to "--name" and returns the value; nullopt (name untouched) otherwise.
std::optional<QString> splitInlineValue(const QString &arg, QString &name);

} // namespace Crucible::Cli
