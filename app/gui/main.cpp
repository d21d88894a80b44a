// The GUI entry point: parse the command line, show the main window. Nothing else lives here.
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>

#include "crucible/version.h"
#include "mainwindow.h"
#include "prompt/promptpanel.h"
#include "providers/providerregistry.h"
#include "run/runcontroller.h"
#include "run/targetbar.h"

using namespace Qt::StringLiterals;

namespace {

// --version and --help print and exit: they must work without a display.
bool printsAndExits(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"--version", "-v", "--help", "-h", "--help-all"}) {
            if (std::strcmp(argv[i], flag) == 0)
                return true;
        }
    }
    return false;
}

QCommandLineOption hidden(const QString &name, const QString &valueName)
{
    QCommandLineOption option(name, QString(), valueName);
    option.setFlags(QCommandLineOption::HiddenFromHelp);
    return option;
}

} // namespace

int main(int argc, char **argv)
{
    std::unique_ptr<QCoreApplication> app;
    if (printsAndExits(argc, argv))
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setApplicationName(u"crucible"_s);
    QCoreApplication::setApplicationVersion(QLatin1StringView(CRUCIBLE_VERSION_STRING));
    QCoreApplication::setOrganizationName(u"Crucible"_s);
    QGuiApplication::setApplicationDisplayName(u"Crucible"_s);
    // Lets Wayland/X11 shells match the window to packaging/crucible.desktop and its icon.
    QGuiApplication::setDesktopFileName(u"io.github.crucible.Crucible"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Crucible — a native workbench for prompt engineering"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    // Demo / screenshot helpers: pre-fill the window and start a run at once.
    const QCommandLineOption runPrompt = hidden(u"run-prompt"_s, u"text"_s);
    const QCommandLineOption system = hidden(u"system"_s, u"text"_s);
    const QCommandLineOption provider = hidden(u"provider"_s, u"id"_s);
    const QCommandLineOption model = hidden(u"model"_s, u"name"_s);
    const QCommandLineOption baseUrl = hidden(u"base-url"_s, u"url"_s);
    QCommandLineOption settings(u"settings"_s); // opens Settings → Providers at start
    settings.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({runPrompt, system, provider, model, baseUrl, settings});
    parser.process(*app); // exits on --version, --help and unknown options

    Crucible::ProviderRegistry providers;
    Crucible::MainWindow window(providers);
    if (parser.isSet(provider) && !window.targetBar()->setProvider(parser.value(provider))) {
        std::fprintf(stderr, "crucible: unknown provider: %s\n", qPrintable(parser.value(provider)));
        return 2;
    }
    if (parser.isSet(model))
        window.targetBar()->setModel(parser.value(model));
    if (parser.isSet(baseUrl))
        window.targetBar()->setBaseUrl(parser.value(baseUrl));
    if (parser.isSet(system))
        window.promptPanel()->setSystemText(parser.value(system));
    if (parser.isSet(runPrompt)) {
        window.promptPanel()->setUserText(parser.value(runPrompt));
        QTimer::singleShot(0, window.runController(), &Crucible::RunController::start);
    }
    window.show();
    if (parser.isSet(settings))
        QTimer::singleShot(0, &window, &Crucible::MainWindow::openSettings);
    return app->exec();
}
