#include "compare/comparecolumn.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include "providers/provider.h"
#include "run/outputpane.h"
#include "run/paramsbar.h"
#include "run/readoutbar.h"
#include "run/targetbar.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

/// A label that elides its text on the right instead of widening the column.
class ElidedLabel : public QLabel
{
public:
    using QLabel::QLabel;
    QSize minimumSizeHint() const override { return {fontMetrics().averageCharWidth() * 6, QLabel::minimumSizeHint().height()}; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        const QRect area = contentsRect();
        const QString shown = fontMetrics().elidedText(text(), Qt::ElideRight, area.width());
        style()->drawItemText(&painter, area, int(Qt::AlignLeft | Qt::AlignVCenter), palette(),
                              isEnabled(), shown, foregroundRole());
    }
};

QToolButton *headerButton(const QString &glyph, const QString &name, const QString &toolTip,
                          const char *objectName, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(QString::fromLatin1(objectName));
    button->setText(glyph);
    button->setToolTip(toolTip);
    button->setAccessibleName(name);
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::TabFocus);
    return button;
}

/// The first glyph the button's font can draw (symbol coverage differs between systems).
QString drawableGlyph(const QWidget *widget, std::initializer_list<char32_t> candidates, const QString &fallback)
{
    const QFontMetrics metrics = widget->fontMetrics();
    for (char32_t glyph : candidates) {
        if (metrics.inFontUcs4(glyph))
            return QString::fromUcs4(&glyph, 1);
    }
    return fallback;
}

QToolButton *sectionToggle(const QString &text, const char *objectName, QWidget *parent)
{
    auto *toggle = new QToolButton(parent);
    toggle->setObjectName(QString::fromLatin1(objectName));
    toggle->setText(text);
    toggle->setCheckable(true);
    toggle->setAutoRaise(true);
    toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toggle->setArrowType(Qt::RightArrow);
    QObject::connect(toggle, &QToolButton::toggled, toggle,
                     [toggle](bool on) { toggle->setArrowType(on ? Qt::DownArrow : Qt::RightArrow); });
    return toggle;
}

QLabel *smallLabel(const char *objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    label->hide();
    return label;
}

} // namespace

CompareColumn::CompareColumn(const ProviderRegistry &providers, const ModelCatalog *catalog,
                             QWidget *parent)
    : QFrame(parent)
    , m_target(new TargetBar(providers, catalog, this))
    , m_output(new OutputPane(this))
    , m_readout(new ReadoutBar(this))
    , m_title(new ElidedLabel(this))
    , m_status(smallLabel("statusLine", this))
    , m_details(smallLabel("detailsLine", this))
    , m_reasoningToggle(sectionToggle(tr("Reasoning"), "reasoningToggle", this))
    , m_reasoning(new QPlainTextEdit(this))
    , m_variantToggle(sectionToggle(tr("Own prompt"), "variantToggle", this))
    , m_variant(new QPlainTextEdit(this))
{
    setObjectName(u"compareColumn"_s);
    setFrameShape(QFrame::StyledPanel);
    setFrameShadow(QFrame::Plain);
    setMinimumWidth(300);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding);

    // Header: title and the column's buttons, on the palette's alternate base like a table header.
    auto *header = new QWidget(this);
    header->setObjectName(u"columnHeader"_s);
    header->setAutoFillBackground(true);
    header->setBackgroundRole(QPalette::AlternateBase);
    m_title->setObjectName(u"columnTitle"_s);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_moveLeft = headerButton(u"◀"_s, tr("Move left"), tr("Move this column left"), "moveLeftButton", header);
    m_moveRight = headerButton(u"▶"_s, tr("Move right"), tr("Move this column right"), "moveRightButton", header);
    m_duplicate = headerButton(drawableGlyph(header, {U'⧉', U'❐', U'⎘'}, u"+"_s), tr("Duplicate"),
                               tr("Duplicate this column (target, parameters and own prompt)"),
                               "duplicateButton", header);
    m_remove = headerButton(u"✕"_s, tr("Remove"), tr("Remove this column"), "removeButton", header);
    m_stop = headerButton(u"■"_s, tr("Stop"), tr("Stop this column's request"), "columnStopButton", header);
    m_stop->setEnabled(false);
    auto *headerRow = new QHBoxLayout(header);
    headerRow->setContentsMargins(6, 2, 2, 2);
    headerRow->setSpacing(0);
    headerRow->addWidget(m_title, 1);
    for (QToolButton *button : {m_moveLeft, m_moveRight, m_duplicate, m_remove, m_stop})
        headerRow->addWidget(button);
    connect(m_moveLeft, &QToolButton::clicked, this, &CompareColumn::moveLeftRequested);
    connect(m_moveRight, &QToolButton::clicked, this, &CompareColumn::moveRightRequested);
    connect(m_duplicate, &QToolButton::clicked, this, &CompareColumn::duplicateRequested);
    connect(m_remove, &QToolButton::clicked, this, &CompareColumn::removeRequested);
    connect(m_stop, &QToolButton::clicked, this, &CompareColumn::stopRequested);

    m_target->setEmbedded(true);
    connect(m_target, &TargetBar::targetChanged, this, [this] {
        updateTitle();
        Q_EMIT changed();
    });

    m_variantToggle->setToolTip(tr("Send this column its own user message instead of the shared one"));
    m_variant->setObjectName(u"variantEdit"_s);
    m_variant->setPlaceholderText(tr("User message for this column (replaces the shared one)"));
    m_variant->setAccessibleName(tr("Own prompt"));
    m_variant->setTabChangesFocus(true);
    m_variant->setMaximumHeight(m_variant->fontMetrics().lineSpacing() * 6);
    m_variant->hide();
    connect(m_variantToggle, &QToolButton::toggled, this, [this](bool on) {
        m_variant->setVisible(on);
        Q_EMIT changed();
    });
    connect(m_variant, &QPlainTextEdit::textChanged, this, [this] {
        if (m_variantToggle->isChecked())
            Q_EMIT changed();
    });

    m_reasoningToggle->setToolTip(tr("The model's reasoning text, when the provider streams it"));
    m_reasoning->setObjectName(u"reasoningView"_s);
    m_reasoning->setReadOnly(true);
    m_reasoning->setUndoRedoEnabled(false);
    m_reasoning->setAccessibleName(tr("Reasoning"));
    m_reasoning->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_reasoning->hide();
    connect(m_reasoningToggle, &QToolButton::toggled, m_reasoning, &QWidget::setVisible);
    m_reasoningFlush.setSingleShot(true);
    m_reasoningFlush.setInterval(OutputPane::FlushIntervalMs);
    connect(&m_reasoningFlush, &QTimer::timeout, this, &CompareColumn::flushReasoning);

    m_readout->setCompact(true);
    m_readout->setFieldVisible(ReadoutBar::Field::Finish, false); // the details line has it
    m_countdown.setInterval(CountdownTickMs);
    connect(&m_countdown, &QTimer::timeout, this, &CompareColumn::updateCountdown);

    auto *body = new QVBoxLayout;
    body->setContentsMargins(6, 4, 6, 6);
    body->setSpacing(4);
    body->addWidget(m_target);
    body->addWidget(m_variantToggle, 0, Qt::AlignLeft);
    body->addWidget(m_variant);
    body->addWidget(m_output, 3);
    body->addWidget(m_reasoningToggle, 0, Qt::AlignLeft);
    body->addWidget(m_reasoning, 2);
    body->addWidget(m_readout);
    body->addWidget(m_status);
    body->addWidget(m_details);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(1, 1, 1, 1);
    layout->setSpacing(0);
    layout->addWidget(header);
    layout->addLayout(body, 1);

    updateTitle();
    updateReasoningHeader();
}

void CompareColumn::setIndex(int index)
{
    m_index = index;
    updateTitle();
}

QString CompareColumn::title() const
{
    const Provider *provider = m_target->provider();
    return u"%1 · %2 · %3"_s.arg(QString::number(m_index + 1),
                                  provider ? provider->id() : tr("no provider"),
                                  m_target->model().isEmpty() ? tr("no model") : m_target->model());
}

void CompareColumn::updateTitle()
{
    const QString text = title();
    m_title->setText(text);
    m_title->setToolTip(text);
    m_title->setAccessibleName(tr("Column %1").arg(text));
    m_title->update();
}

std::optional<QString> CompareColumn::promptVariant() const
{
    if (!m_variantToggle->isChecked())
        return std::nullopt;
    return m_variant->toPlainText();
}

void CompareColumn::setPromptVariant(const std::optional<QString> &text)
{
    if (text && *text != m_variant->toPlainText())
        m_variant->setPlainText(*text);
    m_variantToggle->setChecked(text.has_value());
}

void CompareColumn::copySettingsFrom(const CompareColumn &other)
{
    m_target->copySettingsFrom(*other.m_target);
    m_variant->setPlainText(other.m_variant->toPlainText()); // also the unchecked draft
    m_variantToggle->setChecked(other.m_variantToggle->isChecked());
}

bool CompareColumn::isReasoningExpanded() const
{
    return m_reasoningToggle->isChecked();
}

void CompareColumn::setReasoningExpanded(bool expanded)
{
    m_reasoningToggle->setChecked(expanded);
}

QString CompareColumn::reasoningText() const
{
    return m_reasoning->toPlainText();
}

QString CompareColumn::reasoningHeader() const
{
    return m_reasoningToggle->text();
}

void CompareColumn::updateReasoningHeader()
{
    const int chars = m_reasoning->document()->characterCount() - 1; // without the final separator
    m_reasoningToggle->setText(tr("Reasoning (%1 chars)").arg(QLocale().toString(std::max(0, chars))));
}

void CompareColumn::setMoveEnabled(bool left, bool right)
{
    m_moveLeft->setEnabled(left);
    m_moveRight->setEnabled(right);
}

void CompareColumn::setRemoveEnabled(bool enabled)
{
    m_removeEnabled = enabled;
    m_remove->setEnabled(enabled && !m_running);
}

void CompareColumn::setRunning(bool running)
{
    m_running = running;
    m_stop->setEnabled(running);
    m_remove->setEnabled(m_removeEnabled && !running);
    m_target->setRunning(running);
    m_variantToggle->setEnabled(!running);
    m_variant->setReadOnly(running);
}

} // namespace Crucible
