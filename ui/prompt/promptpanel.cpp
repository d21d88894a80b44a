#include "prompt/promptpanel.h"

#include <QEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QVBoxLayout>

#include "prompt/messagehighlighter.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

QWidget *titled(const QString &title, QPlainTextEdit *editor, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *label = new QLabel(title, box);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setBuddy(editor);
    layout->addWidget(label);
    layout->addWidget(editor);
    return box;
}

QPlainTextEdit *messageEditor(const QString &objectName, const QString &placeholder)
{
    auto *editor = new QPlainTextEdit;
    editor->setObjectName(objectName);
    editor->setPlaceholderText(placeholder);
    editor->setTabChangesFocus(true);
    editor->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    return editor;
}

} // namespace

PromptPanel::PromptPanel(QWidget *parent)
    : QWidget(parent)
    , m_system(messageEditor(u"systemEditor"_s, tr("Optional: how the model should behave")))
    , m_user(messageEditor(u"userEditor"_s, tr("Your message — Ctrl+Enter runs it")))
{
    m_systemHighlighter = new MessageHighlighter(m_system->document(), m_system->palette());
    m_userHighlighter = new MessageHighlighter(m_user->document(), m_user->palette());

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(titled(tr("&System message"), m_system, splitter));
    splitter->addWidget(titled(tr("&User message"), m_user, splitter));
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({160, 480});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    setFocusProxy(m_user);
}

QString PromptPanel::systemText() const
{
    return m_system->toPlainText();
}

QString PromptPanel::userText() const
{
    return m_user->toPlainText();
}

void PromptPanel::setSystemText(const QString &text)
{
    m_system->setPlainText(text);
}

void PromptPanel::setUserText(const QString &text)
{
    m_user->setPlainText(text);
}

void PromptPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_systemHighlighter->setPalette(m_system->palette());
        m_userHighlighter->setPalette(m_user->palette());
    }
    QWidget::changeEvent(event);
}

} // namespace Crucible
