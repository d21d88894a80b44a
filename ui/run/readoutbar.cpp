#include "run/readoutbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "common/clock.h"
#include "run/flowlayout.h"
#include "pricing/pricetable.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

const QString Dash = u"—"_s;

QString formatCount(const std::optional<std::int64_t> &value)
{
    return value ? QString::number(*value) : Dash;
}

QString formatSeconds(double ms)
{
    const double s = ms / 1000.0;
    return u"%1 s"_s.arg(s, 0, 'f', s < 10.0 ? 2 : 1);
}

} // namespace

ReadoutBar::ReadoutBar(QWidget *parent)
    : QWidget(parent)
{
    addField(Field::Status, "status", tr("Status"), tr("Phase of the current run"));
    addField(Field::Ttft, "ttft", tr("TTFT"), tr("Time to first token: request sent → first visible text"));
    addField(Field::TokenRate, "rate", tr("Speed"),
             tr("Output tokens per second, first to last token. “≈” while estimated from chunks"));
    addField(Field::Elapsed, "elapsed", tr("Elapsed"), tr("Request sent → end of the reply"));
    addField(Field::InputTokens, "input", tr("Input"), tr("Input tokens (cached part in brackets)"));
    addField(Field::OutputTokens, "output", tr("Output"), tr("Output tokens (reasoning part in brackets)"));
    addField(Field::Cost, "cost", tr("Cost"), QString());
    addField(Field::Finish, "finish", tr("Finish"), tr("Why the model stopped"));
    relayout();

    m_tick.setInterval(TickIntervalMs);
    connect(&m_tick, &QTimer::timeout, this, &ReadoutBar::refresh);
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(CoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &ReadoutBar::refreshIfDirty);
    reset();
}

void ReadoutBar::addField(Field field, const char *id, const QString &caption, const QString &toolTip)
{
    Q_ASSERT(int(field) == m_values.size());
    auto *box = new QWidget(this);
    auto *column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);

    auto *captionLabel = new QLabel(caption, box);
    QFont small = captionLabel->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    captionLabel->setFont(small);
    captionLabel->setForegroundRole(QPalette::PlaceholderText);

    auto *value = new QLabel(box);
    value->setObjectName(u"readout_"_s + QLatin1StringView(id));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = value->font();
    bold.setBold(true);
    value->setFont(bold);

    column->addWidget(captionLabel);
    column->addWidget(value);
    box->setToolTip(toolTip);
    m_boxes.append(box);
    m_values.append(value);
    if (field == Field::Cost)
        m_costBox = box;
}

void ReadoutBar::relayout()
{
    delete layout(); // the field boxes stay: they are children of the bar
    for (QWidget *box : std::as_const(m_boxes)) {
        auto *inner = static_cast<QBoxLayout *>(box->layout());
        inner->setDirection(m_compact ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
        inner->setSpacing(m_compact ? 4 : 0);
    }
    if (m_compact) {
        auto *flow = new FlowLayout(this, 12, 2);
        flow->setContentsMargins(0, 2, 0, 0);
        for (QWidget *box : std::as_const(m_boxes))
            flow->addWidget(box);
        return;
    }
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 4, 0, 0);
    row->setSpacing(18);
    for (QWidget *box : std::as_const(m_boxes))
        row->addWidget(box);
    row->addStretch(1);
}

void ReadoutBar::setCompact(bool compact)
{
    if (compact == m_compact)
        return;
    m_compact = compact;
    relayout();
}

void ReadoutBar::setFieldVisible(Field field, bool visible)
{
    m_boxes.at(int(field))->setVisible(visible);
}

void ReadoutBar::reset()
{
    m_tick.stop();
    m_metrics = {};
    m_statusDetail.clear();
    refresh();
}

void ReadoutBar::setMetrics(const RunMetrics &metrics)
{
    const bool samePhase = metrics.phase == m_metrics.phase;
    m_metrics = metrics;
    if (m_metrics.isRunning() && !m_tick.isActive())
        m_tick.start();
    else if (!m_metrics.isRunning())
        m_tick.stop();
    if (samePhase && m_metrics.isRunning()) { // a delta: shown with the next batch, not per token
        m_dirty = true;
        if (!m_coalesce.isActive())
            m_coalesce.start();
        return;
    }
    refresh();
}

void ReadoutBar::refreshIfDirty() const
{
    if (m_dirty)
        const_cast<ReadoutBar *>(this)->refresh();
}

void ReadoutBar::setValue(Field field, const QString &text)
{
    QLabel *value = label(field);
    if (value->text() == text)
        return;
    value->setText(text);
    // Fixed size, growing only: a sample of the field's usual widest value, or the text when wider.
    static const QString samples[] = {QString(), u"00000 ms"_s, u"≈ 000.0 tok/s"_s, u"00.00 s"_s,
                                      u"000000"_s, u"000000"_s, QString(), QString()};
    const QSize hint = value->QLabel::sizeHint();
    const int width = std::max({value->minimumWidth(), value->fontMetrics().horizontalAdvance(samples[int(field)]),
                                hint.width()});
    if (width != value->minimumWidth() || hint.height() != value->minimumHeight())
        value->setFixedSize(width, hint.height());
}

void ReadoutBar::setEstimate(const std::optional<CostEstimate> &estimate, bool forNextRun)
{
    m_estimate = estimate;
    m_estimateForNextRun = forNextRun;
    refresh();
}

QString ReadoutBar::estimateText(const std::optional<CostEstimate> &estimate)
{
    if (!estimate)
        return {};
    QString text;
    if (estimate->maxMicroUsd)
        text = u"≤"_s + formatUsd(*estimate->maxMicroUsd);
    else if (estimate->minMicroUsd)
        text = u"≥"_s + formatUsd(*estimate->minMicroUsd);
    else
        return tr("not priced");
    return estimate->inputExact ? text : u"≈ "_s + text;
}

QString ReadoutBar::costToolTip() const
{
    QString tip = tr("Actual: from reported usage and the built-in price table.");
    if (!m_estimate)
        return tip;
    const CostEstimate &e = *m_estimate;
    QString before = e.inputExact ? tr("Estimate before the run: %1 input tokens (exact, %2)")
                                        .arg(e.inputTokens).arg(e.tokenizer)
                                  : tr("Estimate before the run: ≈ %1 input tokens (%2)")
                                        .arg(e.inputTokens).arg(e.tokenizer);
    if (e.maxOutputTokens)
        before += tr(" + up to %1 output tokens").arg(*e.maxOutputTokens);
    if (e.minMicroUsd && e.maxMicroUsd)
        before += tr(": %1 … %2").arg(formatUsd(*e.minMicroUsd), formatUsd(*e.maxMicroUsd));
    else if (e.minMicroUsd)
        before += tr(": at least %1").arg(formatUsd(*e.minMicroUsd));
    before += u'.';
    if (!e.note.isEmpty())
        before += u' ' + e.note;
    if (m_estimateForNextRun)
        before += tr(" (for the prompt as it is now)");
    return before + u'\n' + tip;
}

void ReadoutBar::setStatusDetail(const QString &detail)
{
    m_statusDetail = detail;
    refresh();
}

QString ReadoutBar::text(Field field) const
{
    refreshIfDirty();
    return label(field)->text();
}

void ReadoutBar::refresh()
{
    const RunMetrics &m = m_metrics;
    const std::int64_t now = monotonicNs();
    m_dirty = false;
    m_coalesce.stop();

    QString status = phaseName(m.phase);
    if (!m_statusDetail.isEmpty())
        status += u" · "_s + m_statusDetail;
    setValue(Field::Status, status);

    const std::optional<double> ttft = m.ttftMs();
    setValue(Field::Ttft, ttft ? u"%1 ms"_s.arg(*ttft, 0, 'f', 0) : Dash);

    const std::optional<double> rate = m.outputTokensPerSecond(now);
    QString rateText = Dash;
    if (rate) {
        rateText = tr("%1 tok/s").arg(*rate, 0, 'f', 1);
        if (m.isTokenRateEstimated())
            rateText.prepend(u"≈ "_s);
    }
    setValue(Field::TokenRate, rateText);

    setValue(Field::Elapsed, m.sentNs > 0 ? formatSeconds(m.elapsedMs(now)) : Dash);

    QString input = formatCount(m.usage.inputTokens);
    if (m.usage.cachedInputTokens && *m.usage.cachedInputTokens > 0)
        input += tr(" (%1 cached)").arg(*m.usage.cachedInputTokens);
    setValue(Field::InputTokens, input);

    QString output = formatCount(m.usage.outputTokens);
    if (m.usage.reasoningTokens && *m.usage.reasoningTokens > 0)
        output += tr(" (%1 reasoning)").arg(*m.usage.reasoningTokens);
    setValue(Field::OutputTokens, output);

    QString actual = Dash;
    if (m.costMicroUsd)
        actual = formatUsd(*m.costMicroUsd);
    else if (!m.isRunning() && m.usage.outputTokens && !m.priced)
        actual = tr("not priced"); // usage known, model missing from the price table
    const QString estimate = estimateText(m_estimate);
    const bool ran = m.phase != RunMetrics::Phase::Idle && !m.isRunning();
    const bool estimatePriced = m_estimate && (m_estimate->minMicroUsd || m_estimate->maxMicroUsd);
    QString cost = actual;
    if (!estimatePriced && m_estimate && !ran)
        cost = estimate; // "not priced": nothing to estimate, said once
    else if (estimatePriced)
        cost = ran && !m_estimateForNextRun ? tr("est. %1 → %2").arg(estimate, actual) : tr("est. %1").arg(estimate);
    setValue(Field::Cost, cost);
    if (QString tip = costToolTip(); tip != m_costTip) {
        m_costTip = std::move(tip);
        m_costBox->setToolTip(m_costTip);
    }

    setValue(Field::Finish, m.finishReason.isEmpty() ? Dash : m.finishReason);
}

} // namespace Crucible
