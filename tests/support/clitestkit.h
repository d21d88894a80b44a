#pragma once

// Running the real crucible-cli binary from a test: a hermetic environment (no proxies, no
// provider keys unless the test sets them, 127.0.0.1 never proxied) and one process run that
// collects exit code, stdout, stderr and the parsed --json object.
//
// CRUCIBLE_CLI_PATH is a compile definition of the tests/cli executables only (tests/CMakeLists.txt),
// so the library takes the path as a parameter and the short runCli() wrappers below exist only
// where it is defined.

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace Crucible::Test {

struct CliResult
{
    int exitCode = -1; ///< -1: did not start or timed out; -2: crashed
    QByteArray out;
    QByteArray err;
    QJsonObject json() const;
};

/// Every provider key variable the CLI reads; cliEnvironment() removes them all.
QStringList cliKeyVariables();

/// The system environment without proxy variables and without any provider key, with
/// no_proxy=127.0.0.1,localhost, then `set` inserted (e.g. {{"OPENAI_API_KEY", "test-key-4242"}}).
QProcessEnvironment cliEnvironment(const QList<QPair<QString, QString>> &set = {});

/// Runs `program args` with `env`, writes `stdinData` (if any) and closes stdin; 60 s limit.
CliResult runCliAt(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                   const QByteArray &stdinData = {});

#ifdef CRUCIBLE_CLI_PATH
inline CliResult runCli(const QStringList &args, const QByteArray &stdinData = {},
                        const QProcessEnvironment &env = cliEnvironment())
{
    return runCliAt(QStringLiteral(CRUCIBLE_CLI_PATH), args, env, stdinData);
}

inline CliResult runCli(const QStringList &args, const QProcessEnvironment &env)
{
    return runCliAt(QStringLiteral(CRUCIBLE_CLI_PATH), args, env);
}
#endif

} // namespace Crucible::Test
