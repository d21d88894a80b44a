#pragma once

#include <QString>
#include <QStringList>

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
    std::optional<double> timeoutSeconds;
    bool json = false;
};

/// The command line, parsed. Kind Error carries a one-line message (exit code 2).
struct ParsedCommand
{
    enum class Kind { Run, Help, Version, Error };
    Kind kind = Kind::Error;
    RunOptions run;
    QString error;
};

/// arguments without the program name. Pure: reads no files and no environment.
ParsedCommand parseArguments(const QStringList &arguments);
QString usageText();

} // namespace Crucible::Cli
