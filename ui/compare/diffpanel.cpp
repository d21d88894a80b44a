#include "compare/diffpanel.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <cmath>

#include "compare/worddiff.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QString escaped(const QString &text)
{
    QString html = text.toHtmlEscaped();
    html.replace(u'\n', u"<br/>"_s);
    return html;
}

} // namespace

DiffPanel::DiffPanel(QWidget *parent)
    : QWidget(parent)
    , m_left(new QComboBox(this))
    , m_right(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_view(new QTextBrowser(this))
{
    m_left->setObjectName(u"diffLeft"_s);
    m_right->setObjectName(u"diffRight"_s);
    m_left->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_right->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_left->setToolTip(tr("Column whose answer is the “before” side (removed words)"));
    m_right->setToolTip(tr("Column whose answer is the “after” side (inserted words)"));
    m_summary->setObjectName(u"diffSummary"_s);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_view->setObjectName(u"diffView"_s);
    m_view->setOpenLinks(false);

    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Compare"), this));
    row->addWidget(m_left);
    row->addWidget(new QLabel(tr("with"), this));
    row->addWidget(m_right);
    row->addSpacing(12);
    row->addWidget(m_summary, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_view, 1);

    connect(m_left, &QComboBox::currentIndexChanged, this, &DiffPanel::refresh);
    connect(m_right, &QComboBox::currentIndexChanged, this, &DiffPanel::refresh);
    refresh();
}

void DiffPanel::setTexts(const QStringList &titles, const QStringList &texts)
{
    const QString leftTitle = m_left->currentText();
    const QString rightTitle = m_right->currentText();
    const int oldLeft = left();
    const int oldRight = right();
    const bool sameTitles = titles == m_titles;
    m_titles = titles;
    m_texts = texts;
    while (m_texts.size() < m_titles.size())
        m_texts.append(QString());

    if (!sameTitles) {
        const QSignalBlocker blockLeft(m_left);
        const QSignalBlocker blockRight(m_right);
        m_left->clear();
        m_right->clear();
        m_left->addItems(m_titles);
        m_right->addItems(m_titles);
        // Keep the pair by title when the columns were renamed/moved, else by index, else 1 and 2.
        auto pick = [this](const QString &title, int oldIndex, int fallback) {
            const int byTitle = int(m_titles.indexOf(title));
            if (!title.isEmpty() && byTitle >= 0 && m_titles.count(title) == 1)
                return byTitle;
            if (oldIndex >= 0 && oldIndex < m_titles.size())
                return oldIndex;
            return std::min(fallback, int(m_titles.size()) - 1);
        };
        m_left->setCurrentIndex(pick(leftTitle, oldLeft, 0));
        m_right->setCurrentIndex(pick(rightTitle, oldRight, 1));
    }
    refresh();
}

void DiffPanel::setPair(int left, int right)
{
    const QSignalBlocker blockLeft(m_left);
    const QSignalBlocker blockRight(m_right);
    if (left >= 0 && left < m_left->count())
        m_left->setCurrentIndex(left);
    if (right >= 0 && right < m_right->count())
        m_right->setCurrentIndex(right);
    refresh();
}

int DiffPanel::left() const
{
    return m_left->currentIndex();
}

int DiffPanel::right() const
{
    return m_right->currentIndex();
}

QString DiffPanel::html() const
{
    return m_html;
}

QString DiffPanel::summaryText() const
{
    return m_summary->text();
}

QString DiffPanel::renderHtml(const QList<DiffSegment> &segments, const QPalette &palette)
{
    const bool dark = isDark(palette);
    const QString text = palette.color(QPalette::Text).name();
    const QString removedBg = dark ? u"#6b2a2f"_s : u"#ffd6d3"_s;
    const QString insertedBg = dark ? u"#1f5530"_s : u"#c9f2d3"_s;
    const QString removedFg = dark ? u"#ffc9c4"_s : u"#82071e"_s;
    const QString insertedFg = dark ? u"#c4f5cf"_s : u"#0f5323"_s;

    QString html = u"<div style=\"white-space: pre-wrap; color: %1;\">"_s.arg(text);
    for (const DiffSegment &segment : segments) {
        switch (segment.op) {
        case DiffSegment::Op::Equal:
            html += escaped(segment.text);
            break;
        case DiffSegment::Op::Removed:
            html += u"<span class=\"removed\" style=\"background-color: %1; color: %2; "
                    "text-decoration: line-through;\">%3</span>"_s
                        .arg(removedBg, removedFg, escaped(segment.text));
            break;
        case DiffSegment::Op::Inserted:
            html += u"<span class=\"inserted\" style=\"background-color: %1; color: %2;\">%3</span>"_s
                        .arg(insertedBg, insertedFg, escaped(segment.text));
            break;
        }
    }
    html += u"</div>"_s;
    return html;
}

QString DiffPanel::describeCounts(const DiffCounts &counts)
{
    return tr("%1 % of words equal · %2 removed · %3 inserted")
        .arg(std::llround(counts.similarityPct))
        .arg(counts.removedTokens)
        .arg(counts.insertedTokens);
}

void DiffPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_shown.clear(); // colours depend on the palette: render again
        refresh();
    }
}

void DiffPanel::refresh()
{
    const int l = left();
    const int r = right();
    QString html;
    if (m_titles.isEmpty() || l < 0 || r < 0) {
        m_summary->setText(tr("No columns to compare"));
        html = QString();
    } else {
        const QString &before = m_texts.at(l);
        const QString &after = m_texts.at(r);
        if (before.isEmpty() && after.isEmpty()) {
            m_summary->setText(tr("No answers yet"));
        } else {
            m_summary->setText(l == r ? tr("Same column on both sides") : describeCounts(diffCounts(before, after)));
            html = renderHtml(wordDiff(before, after), palette());
        }
    }
    m_html = html;
    const QString key = QString::number(l) + u':' + QString::number(r) + u':' + html;
    if (key == m_shown)
        return; // live updates with nothing new: leave the document (and its scroll) alone
    m_shown = key;
    const int scroll = m_view->verticalScrollBar()->value();
    m_view->setHtml(html);
    m_view->verticalScrollBar()->setValue(scroll);
}

} // namespace Crucible
