#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QFrame>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include "crucible/version.h"
#include "prompt/promptpanel.h"
#include "run/outputpane.h"
#include "run/readoutbar.h"
#include "run/runcontroller.h"
#include "run/targetbar.h"

using namespace Qt::StringLiterals;

namespace Crucible {

MainWindow::MainWindow(const ProviderRegistry &providers, QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(u"Crucible"_s);
    resize(1200, 760);

    auto *central = new QWidget(this);
    m_target = new TargetBar(providers, central);
    m_prompt = new PromptPanel(central);

    auto *right = new QWidget(central);
    m_output = new OutputPane(right);
    m_readout = new ReadoutBar(right);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *rule = new QFrame(right);
    rule->setFrameShape(QFrame::HLine);
    rule->setFrameShadow(QFrame::Sunken);
    rightLayout->addWidget(m_output, 1);
    rightLayout->addWidget(rule);
    rightLayout->addWidget(m_readout);

    auto *splitter = new QSplitter(Qt::Horizontal, central);
    splitter->setObjectName(u"mainSplitter"_s);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_prompt);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({470, 700});

    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 4);
    layout->addWidget(m_target);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);

    m_controller = new RunController(providers, m_prompt, m_target, m_output, m_readout, this);
    connect(m_controller, &RunController::statusMessage, statusBar(),
            [this](const QString &text) { statusBar()->showMessage(text); });

    createMenus();
    statusBar()->showMessage(tr("Ready. Ctrl+Enter runs the prompt."));
    m_prompt->setFocus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_target->runAction());
    run->addAction(m_target->stopAction());
    // Shortcuts work anywhere in the window, menu open or not.
    addAction(m_target->runAction());
    addAction(m_target->stopAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Crucible"), this, &MainWindow::showAbout);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Crucible"),
                       tr("<h3>Crucible %1</h3><p>A native workbench for prompt engineering.</p>"
                          "<p>Built with Qt %2.</p>")
                           .arg(QLatin1StringView(CRUCIBLE_VERSION_STRING),
                                QLatin1StringView(qVersion())));
}

} // namespace Crucible
