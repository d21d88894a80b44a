// The GUI entry point: parse the command line, show the main window. Nothing else lives here.
#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>

#include <QSpinBox>

#include "compare/chartspanel.h"
#include "compare/comparecolumn.h"
#include "compare/comparecontroller.h"
#include "compare/compareview.h"
#include "crucible/version.h"
#include "mainwindow.h"
#include "prompt/promptpanel.h"
#include "providers/providerregistry.h"
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

/// "--tab summary|diff|charts[:cost|ttft|rate]": which result tab the compare view shows.
bool showResultTab(Crucible::CompareView *view, const QString &spec)
{
    using Chart = Crucible::ChartsPanel::Chart;
    const QString name = spec.section(u':', 0, 0);
    const QString chart = spec.section(u':', 1);
    const QStringList tabs{u"summary"_s, u"diff"_s, u"charts"_s};
    const int index = tabs.indexOf(name);
    if (index < 0)
        return false;
    view->resultTabs()->setCurrentIndex(index);
    // Diff and charts need room: give the results half of the height.
    auto *splitter = view->findChild<QSplitter *>(u"compareSplitter"_s);
    if (splitter && index > 0)
        splitter->setSizes({1, 1});
    if (chart == u"ttft")
        view->chartsPanel()->setCurrentChart(Chart::Ttft);
    else if (chart == u"rate")
        view->chartsPanel()->setCurrentChart(Chart::TokenRate);
    else if (!chart.isEmpty() && chart != u"cost")
        return false;
    return true;
}

/// "--column provider[:model][@base-url]": one more compare column set up like that.
bool setUpColumn(Crucible::CompareColumn *column, const QString &spec)
{
    const qsizetype at = spec.indexOf(u'@');
    const QString target = at < 0 ? spec : spec.left(at);
    const QString providerId = target.section(u':', 0, 0);
    const QString model = target.section(u':', 1);
    if (!column || !column->target()->setProvider(providerId))
        return false;
    if (!model.isEmpty())
        column->target()->setModel(model);
    if (at >= 0)
        column->target()->setBaseUrl(spec.mid(at + 1));
    return true;
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
    // More compare columns ("simulator:sim-fast@simulator://local?tokens=80"), repeats, and a grab
    // of the window to a PNG after some ms (then quit): screenshots without a display server.
    const QCommandLineOption column = hidden(u"column"_s, u"provider[:model][@url]"_s);
    const QCommandLineOption repeats = hidden(u"repeats"_s, u"n"_s);
    const QCommandLineOption grab = hidden(u"grab"_s, u"png"_s);
    const QCommandLineOption grabAfter = hidden(u"grab-after"_s, u"ms"_s);
    // Window size ("1920x1080") and the result tab shown (summary, diff, charts; charts may name
    // one: charts:ttft, charts:rate), also for screenshots.
    const QCommandLineOption size = hidden(u"size"_s, u"WxH"_s);
    const QCommandLineOption tab = hidden(u"tab"_s, u"name"_s);
    QCommandLineOption settings(u"settings"_s); // opens Settings → Providers at start
    settings.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({runPrompt, system, provider, model, baseUrl, column, repeats, grab, grabAfter,
                       size, tab, settings});
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
    for (const QString &spec : parser.values(column)) {
        if (!setUpColumn(window.compareView()->addColumn(), spec)) {
            std::fprintf(stderr, "crucible: bad --column (or more than %d): %s\n",
                         Crucible::CompareView::MaxColumns, qPrintable(spec));
            return 2;
        }
    }
    if (parser.isSet(repeats))
        window.compareView()->repeatsBox()->setValue(parser.value(repeats).toInt());
    if (parser.isSet(system))
        window.promptPanel()->setSystemText(parser.value(system));
    if (parser.isSet(runPrompt)) {
        window.promptPanel()->setUserText(parser.value(runPrompt));
        QTimer::singleShot(0, window.compareController(), &Crucible::CompareController::runAll);
    }
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(u'x');
        if (wh.size() == 2 && wh[0].toInt() > 0 && wh[1].toInt() > 0)
            window.resize(wh[0].toInt(), wh[1].toInt());
    }
    if (parser.isSet(tab) && !showResultTab(window.compareView(), parser.value(tab))) {
        std::fprintf(stderr, "crucible: unknown --tab: %s\n", qPrintable(parser.value(tab)));
        return 2;
    }
    window.show();
    if (parser.isSet(grab)) {
        const QString path = parser.value(grab);
        QTimer::singleShot(parser.value(grabAfter).toInt(), &window, [&window, path] {
            const bool saved = window.grab().save(path);
            if (!saved)
                std::fprintf(stderr, "crucible: could not write %s\n", qPrintable(path));
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    if (parser.isSet(settings))
        QTimer::singleShot(0, &window, &Crucible::MainWindow::openSettings);
    return app->exec();
}
