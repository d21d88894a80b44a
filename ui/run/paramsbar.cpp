#include "run/paramsbar.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include <limits>

#include "providers/chatrequest.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

QLabel *caption(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

bool isSet(const QDoubleSpinBox *box)
{
    return box->value() > box->minimum() + 1e-9; // the minimum is the "default" value
}

} // namespace

ParamsBar::ParamsBar(QWidget *parent)
    : QWidget(parent)
    , m_temperature(new QDoubleSpinBox(this))
    , m_topP(new QDoubleSpinBox(this))
    , m_seed(new QSpinBox(this))
    , m_stop(new QLineEdit(this))
    , m_effort(new QComboBox(this))
    , m_maxTokens(new QSpinBox(this))
{
    m_temperature->setObjectName(u"temperatureSpin"_s);
    m_temperature->setRange(-0.1, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_temperature->setSpecialValueText(tr("default"));
    m_temperature->setValue(m_temperature->minimum());

    m_topP->setObjectName(u"topPSpin"_s);
    m_topP->setRange(-0.05, 1.0);
    m_topP->setSingleStep(0.05);
    m_topP->setDecimals(2);
    m_topP->setSpecialValueText(tr("default"));
    m_topP->setValue(m_topP->minimum());

    m_seed->setObjectName(u"seedSpin"_s);
    m_seed->setRange(-1, std::numeric_limits<int>::max());
    m_seed->setSpecialValueText(tr("none"));
    m_seed->setValue(-1);

    m_stop->setObjectName(u"stopEdit"_s);
    m_stop->setPlaceholderText(tr("none"));

    m_effort->setObjectName(u"effortCombo"_s);
    m_effort->addItem(tr("default"), QString());

    m_maxTokens->setObjectName(u"maxTokensSpin"_s);
    m_maxTokens->setRange(0, 10'000'000);
    m_maxTokens->setSingleStep(256);
    m_maxTokens->setSpecialValueText(tr("default"));
    m_maxTokens->setToolTip(tr("Maximum output tokens (the estimate's upper bound uses it)"));

    m_temperatureLabel = caption(tr("Te&mperature:"), m_temperature, this);
    m_topPLabel = caption(tr("Top-&p:"), m_topP, this);
    m_seedLabel = caption(tr("S&eed:"), m_seed, this);
    m_stopLabel = caption(tr("S&top:"), m_stop, this);
    m_effortLabel = caption(tr("Reasoning e&ffort:"), m_effort, this);
    m_maxTokensLabel = caption(tr("Max &output:"), m_maxTokens, this);

    relayout();

    auto emitChanged = [this] {
        updateEnabled();
        Q_EMIT changed();
    };
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, emitChanged);
    connect(m_topP, &QDoubleSpinBox::valueChanged, this, emitChanged);
    connect(m_seed, &QSpinBox::valueChanged, this, emitChanged);
    connect(m_stop, &QLineEdit::textChanged, this, emitChanged);
    connect(m_effort, &QComboBox::currentIndexChanged, this, emitChanged);
    connect(m_maxTokens, &QSpinBox::valueChanged, this, emitChanged);
    updateEnabled();
}

void ParamsBar::setModel(const ModelInfo &model)
{
    m_model = model;
    // Reasoning effort choices are per model; keep the current one when it is still offered.
    const QString current = m_effort->currentData().toString();
    const QSignalBlocker block(m_effort);
    m_effort->clear();
    m_effort->addItem(tr("default"), QString());
    for (const QString &effort : model.params.reasoningEfforts)
        m_effort->addItem(effort, effort);
    m_effort->setCurrentIndex(std::max(0, m_effort->findData(current)));
    updateEnabled();
}

void ParamsBar::relayout()
{
    delete layout(); // the controls stay: they are children of the bar, not of the layout
    const QList<QPair<QLabel *, QWidget *>> pairs = {
        {m_temperatureLabel, m_temperature}, {m_topPLabel, m_topP}, {m_seedLabel, m_seed},
        {m_stopLabel, m_stop}, {m_effortLabel, m_effort}, {m_maxTokensLabel, m_maxTokens}};
    // Narrow columns: short captions (the full name stays in the tooltip) and controls that share
    // the width instead of asking for their full size hint.
    m_temperatureLabel->setText(m_compact ? tr("Te&mp:") : tr("Te&mperature:"));
    m_effortLabel->setText(m_compact ? tr("E&ffort:") : tr("Reasoning e&ffort:"));
    m_maxTokensLabel->setText(m_compact ? tr("Max &out:") : tr("Max &output:"));
    for (const auto &[label, control] : pairs) {
        control->setMinimumWidth(m_compact ? 56 : 0);
        control->setSizePolicy(m_compact ? QSizePolicy::Ignored : QSizePolicy::Preferred,
                               control->sizePolicy().verticalPolicy());
    }
    if (m_compact) {
        auto *grid = new QGridLayout(this);
        grid->setContentsMargins(0, 0, 0, 0);
        grid->setHorizontalSpacing(4);
        grid->setVerticalSpacing(2);
        for (int i = 0; i < pairs.size(); ++i) {
            const int row = i / 2;
            const int column = (i % 2) * 2;
            grid->addWidget(pairs[i].first, row, column);
            grid->addWidget(pairs[i].second, row, column + 1);
        }
        grid->setColumnStretch(1, 1);
        grid->setColumnStretch(3, 1);
        m_stop->setMaximumWidth(QWIDGETSIZE_MAX);
        return;
    }
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    for (const auto &[label, control] : pairs) {
        row->addWidget(label);
        row->addWidget(control);
        row->addSpacing(6);
    }
    row->addStretch(1);
    m_stop->setMaximumWidth(120);
}

void ParamsBar::setCompact(bool compact)
{
    if (compact == m_compact)
        return;
    m_compact = compact;
    relayout();
}

void ParamsBar::copyValuesFrom(const ParamsBar &other)
{
    {
        const QSignalBlocker b1(m_temperature), b2(m_topP), b3(m_seed), b4(m_stop), b5(m_effort),
            b6(m_maxTokens);
        m_temperature->setValue(other.m_temperature->value());
        m_topP->setValue(other.m_topP->value());
        m_seed->setValue(other.m_seed->value());
        m_stop->setText(other.m_stop->text());
        m_effort->setCurrentIndex(std::max(0, m_effort->findData(other.m_effort->currentData())));
        m_maxTokens->setValue(other.m_maxTokens->value());
    }
    updateEnabled();
    Q_EMIT changed();
}

void ParamsBar::setRunning(bool running)
{
    m_running = running;
    updateEnabled();
}

void ParamsBar::enable(QWidget *control, QLabel *label, bool on, const QString &why, const QString &help)
{
    control->setEnabled(on && !m_running);
    label->setEnabled(on);
    control->setToolTip(on ? help : why);
    label->setToolTip(on ? help : why);
}

void ParamsBar::updateEnabled()
{
    const ModelParams &p = m_model.params;
    const QString name = m_model.id.isEmpty() ? tr("this model") : m_model.id;
    const QString unknown = tr("Unknown model %1: only model, messages and max tokens are sent").arg(name);
    auto rejects = [&](const QString &param) {
        return m_model.known ? tr("%1 does not accept %2").arg(name, param) : unknown;
    };
    const QString effort = m_effort->currentData().toString();
    const bool reasoningOn = effort != u"none"; // as sanitizeRequest(): "default" counts as on
    auto sampling = [&](bool accepted, const QString &param, bool *on) {
        *on = accepted && !(p.samplingOnlyWithoutReasoning && reasoningOn);
        if (!accepted)
            return rejects(param);
        return tr("%1 accepts %2 only with reasoning effort \"none\"").arg(name, param);
    };

    bool on = false;
    QString why = sampling(p.temperature, u"temperature"_s, &on);
    enable(m_temperature, m_temperatureLabel, on, why, tr("Sampling temperature; “default” sends none"));
    why = sampling(p.topP, u"top_p"_s, &on);
    if (on && p.oneOfTemperatureTopP && isSet(m_temperature) && m_temperatureLabel->isEnabled()) {
        on = false;
        why = tr("%1 accepts temperature or top_p, not both (temperature is set)").arg(name);
    }
    enable(m_topP, m_topPLabel, on, why, tr("Nucleus sampling; “default” sends none"));
    enable(m_seed, m_seedLabel, p.seed, rejects(u"seed"_s), tr("Sampling seed; “none” sends none"));
    enable(m_stop, m_stopLabel, p.stop, rejects(u"stop sequences"_s),
           tr("Stop sequences separated by |; \\n and \\t are escapes"));
    const bool effortOn = !p.reasoningEfforts.isEmpty();
    enable(m_effort, m_effortLabel, effortOn,
           m_model.known ? tr("%1 has no reasoning effort control").arg(name) : unknown,
           tr("Accepted by %1: %2").arg(name, p.reasoningEfforts.join(u", "_s)));
    m_maxTokens->setEnabled(!m_running);
}

void ParamsBar::apply(ChatRequest &request) const
{
    // A caption is enabled when the model accepts the parameter (controls also go off while running).
    if (m_temperatureLabel->isEnabled() && isSet(m_temperature))
        request.temperature = m_temperature->value();
    if (m_topPLabel->isEnabled() && isSet(m_topP))
        request.topP = m_topP->value();
    if (m_seedLabel->isEnabled() && m_seed->value() >= 0)
        request.seed = m_seed->value();
    if (m_stopLabel->isEnabled())
        request.stop = parseStops(m_stop->text());
    if (m_effortLabel->isEnabled())
        request.reasoningEffort = m_effort->currentData().toString();
    if (m_maxTokens->value() > 0)
        request.maxOutputTokens = m_maxTokens->value();
}

QStringList ParamsBar::parseStops(const QString &text)
{
    QStringList out;
    for (QString part : text.split(u'|', Qt::SkipEmptyParts)) {
        part.replace(u"\\n"_s, u"\n"_s).replace(u"\\t"_s, u"\t"_s);
        if (!part.isEmpty())
            out.append(part);
    }
    return out;
}

} // namespace Crucible
