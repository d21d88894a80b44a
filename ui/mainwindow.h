#pragma once

#include <QMainWindow>

namespace Crucible {

class OutputPane;
class PromptPanel;
class ProviderRegistry;
class ReadoutBar;
class RunController;
class TargetBar;

/// The first window: target bar on top; a splitter with the prompt panel left and the output
/// plus readout bar right; menus File, Run, Help; run status and errors in the status bar (no
/// dialogs for run errors). Only assembles panels and menus; RunController holds the run logic.
/// The registry must outlive the window.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const ProviderRegistry &providers, QWidget *parent = nullptr);
    ~MainWindow() override;

    PromptPanel *promptPanel() const { return m_prompt; }
    TargetBar *targetBar() const { return m_target; }
    OutputPane *outputPane() const { return m_output; }
    ReadoutBar *readoutBar() const { return m_readout; }
    RunController *runController() const { return m_controller; }

private:
    void createMenus();
    void showAbout();

    PromptPanel *m_prompt = nullptr;
    TargetBar *m_target = nullptr;
    OutputPane *m_output = nullptr;
    ReadoutBar *m_readout = nullptr;
    RunController *m_controller = nullptr;
};

} // namespace Crucible
