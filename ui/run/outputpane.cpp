#include "run/outputpane.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>

#include <utility>

#include "providers/streamevent.h"

using namespace Qt::StringLiterals;

namespace Crucible {

QString describeError(const ProviderError &error)
{
    QString text = errorClassName(error.errorClass);
    if (text.isEmpty())
        text = u"error"_s;
    if (error.httpStatus > 0)
        text += u" (HTTP %1)"_s.arg(error.httpStatus);
    if (!error.message.isEmpty())
        text += u": "_s + error.message;
    if (error.retryAfterSeconds)
        text += OutputPane::tr(" — retry after %1 s").arg(*error.retryAfterSeconds, 0, 'f', 1);
    return text;
}

OutputPane::OutputPane(QWidget *parent)
    : QWidget(parent)
    , m_view(new QPlainTextEdit(this))
    , m_badge(new QLabel(tr("SIMULATED"), this))
    , m_error(new QLabel(this))
{
    auto *title = new QLabel(tr("Output"), this);
    QFont font = title->font();
    font.setBold(true);
    title->setFont(font);

    m_badge->setObjectName(u"simulatedBadge"_s);
    m_badge->setToolTip(tr("This reply comes from the built-in Simulator, not from a model."));
    m_badge->setStyleSheet(u"QLabel { background: #b26a00; color: white; font-weight: bold;"
                           " border-radius: 3px; padding: 1px 6px; }"_s);
    m_badge->hide();

    m_error->setObjectName(u"errorLine"_s);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(u"QLabel { color: #c62828; font-weight: bold; }"_s);
    m_error->hide();

    m_view->setObjectName(u"outputView"_s);
    m_view->setReadOnly(true);
    m_view->setUndoRedoEnabled(false); // read-only: an undo stack would only keep every insert
    m_view->setPlaceholderText(tr("The reply streams here."));
    m_view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addWidget(m_badge);
    header->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_error);

    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(FlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &OutputPane::flush);
}

void OutputPane::reset(bool simulated)
{
    m_flushTimer.stop();
    m_pending.clear();
    m_view->clear();
    m_error->clear();
    m_error->hide();
    setSimulated(simulated);
}

void OutputPane::appendDelta(const QString &chunk)
{
    if (chunk.isEmpty())
        return;
    m_pending += chunk;
    if (!m_flushTimer.isActive())
        m_flushTimer.start(flushIntervalFor(m_view->document()->lastBlock().length()));
}

int OutputPane::flushIntervalFor(int chars)
{
    if (chars <= LongParagraphChars)
        return FlushIntervalMs;
    const qint64 scaled = qint64(FlushIntervalMs) * chars / LongParagraphChars;
    return int(std::min<qint64>(scaled, MaxFlushIntervalMs));
}

void OutputPane::flush()
{
    m_flushTimer.stop();
    if (m_pending.isEmpty())
        return;
    QScrollBar *bar = m_view->verticalScrollBar();
    const bool follow = bar->value() == bar->maximum(); // keep the tail in view unless scrolled up
    // One edit block: the cursor's x position (which shapes the whole last line) is not computed
    // per move/insert, and the layout runs once when the block ends.
    QTextCursor cursor(m_view->document());
    cursor.beginEditBlock();
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(std::exchange(m_pending, {}));
    cursor.endEditBlock();
    if (follow)
        bar->setValue(bar->maximum());
}

void OutputPane::setSimulated(bool simulated)
{
    m_badge->setVisible(simulated);
}

void OutputPane::showError(const ProviderError &error)
{
    flush();
    m_error->setText(describeError(error));
    m_error->show();
}

QString OutputPane::text() const
{
    return m_view->toPlainText();
}

bool OutputPane::isSimulatedBadgeVisible() const
{
    return m_badge->isVisibleTo(this);
}

} // namespace Crucible
