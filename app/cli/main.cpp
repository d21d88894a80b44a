#include <QCoreApplication>

#include <cstdio>

#include "cliargs.h"
#include "comparecommand.h"
#include "countcommand.h"
#include "crucible/version.h"
#include "modelscommand.h"
#include "runcommand.h"

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // The GUI's names: both read the same user override files (models.json, prices.json) from
    // QStandardPaths::AppConfigLocation.
    QCoreApplication::setOrganizationName(u"Crucible"_s);
    QCoreApplication::setApplicationName(u"crucible"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(CRUCIBLE_VERSION_STRING));

    using namespace Crucible::Cli;
    const ParsedCommand command = parseArguments(app.arguments().mid(1));
    switch (command.kind) {
    case ParsedCommand::Kind::Help:
        std::fputs(usageText().toUtf8().constData(), stdout);
        return ExitOk;
    case ParsedCommand::Kind::Version:
        std::printf("crucible-cli %s\n", CRUCIBLE_VERSION_STRING);
        return ExitOk;
    case ParsedCommand::Kind::Error:
        printError(command.error);
        return ExitUsage;
    case ParsedCommand::Kind::CountTokens:
        return runCountTokens(command.count);
    case ParsedCommand::Kind::Models:
        return runModels(command.models);
    case ParsedCommand::Kind::Compare: {
        CompareCommand compare(command.compare);
        if (const auto exitCode = compare.start())
            return *exitCode;
        QObject::connect(&compare, &CompareCommand::done, &app, [](int code) { QCoreApplication::exit(code); });
        return app.exec();
    }
    case ParsedCommand::Kind::Run:
        break;
    }
    RunCommand run(command.run);
    if (const auto exitCode = run.start())
        return *exitCode;
    QObject::connect(&run, &RunCommand::done, &app, [](int code) { QCoreApplication::exit(code); });
    return app.exec();
}
