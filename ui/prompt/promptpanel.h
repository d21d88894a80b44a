#pragma once

#include <QWidget>

class QPlainTextEdit;

namespace Crucible {

class MessageHighlighter;

/// The left side of the window: the system message and the user message, each a plain-text
/// editor with Markdown/{{variable}} highlighting. Holds text only; the RunController reads it.
class PromptPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PromptPanel(QWidget *parent = nullptr);

    QString systemText() const;
    QString userText() const;
    void setSystemText(const QString &text);
    void setUserText(const QString &text);

    QPlainTextEdit *systemEditor() const { return m_system; }
    QPlainTextEdit *userEditor() const { return m_user; }

protected:
    void changeEvent(QEvent *event) override;

private:
    QPlainTextEdit *m_system = nullptr;
    QPlainTextEdit *m_user = nullptr;
    MessageHighlighter *m_systemHighlighter = nullptr;
    MessageHighlighter *m_userHighlighter = nullptr;
};

} // namespace Crucible
