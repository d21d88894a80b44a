#include "compare/compareview.h"

#include <QAction>
#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>

#include "compare/comparecontroller.h"
#include "compare/runplan.h"

using namespace Qt::StringLiterals;

// The compare toolbar: run actions, repeats, budget, retry policy and the plan estimate.

namespace Crucible {

namespace {

QToolButton *actionButton(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setAutoRaise(false);
    return button;
}

} // namespace

QWidget *CompareView::buildToolbar()
{
    auto *bar = new QWidget(this);
    bar->setObjectName(u"compareToolbar"_s);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(actionButton(m_runAll, bar));
    row->addWidget(actionButton(m_stopAll, bar));
    row->addSpacing(8);
    row->addWidget(actionButton(m_addColumn, bar));
    row->addSpacing(12);

    auto *repeatsLabel = new QLabel(tr("Repeats"), bar);
    m_repeats = new QSpinBox(bar);
    m_repeats->setObjectName(u"repeatsSpin"_s);
    m_repeats->setRange(1, 50);
    m_repeats->setToolTip(tr("How often each column runs the prompt (statistics over the repeats)"));
    repeatsLabel->setBuddy(m_repeats);
    row->addWidget(repeatsLabel);
    row->addWidget(m_repeats);
    connect(m_repeats, &QSpinBox::valueChanged, m_controller, &CompareController::setRepeats);

    auto *budgetLabel = new QLabel(tr("Budget $"), bar);
    m_budget = new QLineEdit(bar);
    m_budget->setObjectName(u"budgetEdit"_s);
    m_budget->setPlaceholderText(tr("no cap"));
    m_budget->setClearButtonEnabled(true);
    m_budget->setMaximumWidth(90);
    m_budget->setToolTip(tr("Stop sending when the next request could go over this amount (USD)"));
    budgetLabel->setBuddy(m_budget);
    row->addWidget(budgetLabel);
    row->addWidget(m_budget);
    connect(m_budget, &QLineEdit::textChanged, this, &CompareView::onBudgetEdited);

    m_retriesButton = new QPushButton(tr("Retries…"), bar);
    m_retriesButton->setObjectName(u"retriesButton"_s);
    m_retriesButton->setToolTip(m_policy.describe());
    row->addWidget(m_retriesButton);
    connect(m_retriesButton, &QPushButton::clicked, this, &CompareView::editRetryPolicy);

    m_schemaButton = new QPushButton(tr("Schema: none"), bar);
    m_schemaButton->setObjectName(u"schemaButton"_s);
    m_schemaButton->setToolTip(tr("A JSON Schema the answers must satisfy: sent as structured output "
                                  "where the model supports it; the Summary shows the valid share"));
    auto *schemaMenu = new QMenu(m_schemaButton);
    schemaMenu->addAction(tr("Load JSON Schema…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("JSON Schema"), m_schemaPath,
                                                          tr("JSON (*.json);;All files (*)"));
        if (!path.isEmpty())
            loadSchemaFile(path);
    });
    schemaMenu->addAction(tr("No schema"), this, [this] { loadSchemaFile(QString()); });
    m_schemaButton->setMenu(schemaMenu);
    row->addWidget(m_schemaButton);

    m_estimate = new QLabel(bar);
    m_estimate->setObjectName(u"planEstimate"_s);
    m_estimate->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addSpacing(12);
    row->addWidget(m_estimate, 1);
    return bar;
}

void CompareView::onBudgetEdited()
{
    const QString text = m_budget->text().trimmed();
    const std::optional<std::int64_t> cap = parseBudgetUsd(text);
    m_budgetInvalid = !text.isEmpty() && !cap;
    // A red frame rather than a dialog: the run refuses to start until it is fixed.
    m_budget->setStyleSheet(m_budgetInvalid ? u"QLineEdit { border: 1px solid #d0342c; }"_s : QString());
    m_controller->setBudgetMicroUsd(cap);
}

void CompareView::showEstimate()
{
    const PlanEstimate plan = m_controller->planEstimate();
    QString text = describePlan(plan);
    if (m_budgetInvalid) {
        text += u" · "_s + tr("budget not understood");
    } else if (const std::optional<std::int64_t> cap = parseBudgetUsd(m_budget->text())) {
        text += u" · "_s + tr("budget %1").arg(formatUsd(*cap));
        if (plan.maxMicroUsd > *cap)
            text += u' ' + tr("(may stop early)");
    }
    m_estimate->setText(text);
}

bool CompareView::loadSchemaFile(const QString &path)
{
    QString text;
    if (!path.isEmpty()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            Q_EMIT statusMessage(tr("Cannot read the schema %1: %2").arg(path, file.errorString()));
            return false;
        }
        text = QString::fromUtf8(file.readAll());
    }
    QString error;
    if (!m_controller->setSchema(text, &error)) {
        Q_EMIT statusMessage(tr("Not a usable JSON Schema: %1: %2").arg(path, error));
        return false;
    }
    m_schemaPath = path;
    const QString name = QFileInfo(path).fileName();
    m_schemaButton->setText(path.isEmpty() ? tr("Schema: none") : tr("Schema: %1").arg(name));
    Q_EMIT statusMessage(path.isEmpty() ? tr("No schema: answers are not validated.")
                                        : tr("Schema %1: answers are validated against it.").arg(name));
    return true;
}

void CompareView::setRetryPolicy(const RetryPolicy &policy)
{
    m_policy = policy.normalized();
    m_retriesButton->setToolTip(m_policy.describe());
    m_controller->setRetryPolicy(m_policy);
}

void CompareView::editRetryPolicy()
{
    QDialog dialog(this);
    dialog.setObjectName(u"retryDialog"_s);
    dialog.setWindowTitle(tr("Retries"));
    auto *form = new QFormLayout(&dialog);
    auto *retries = new QSpinBox(&dialog);
    retries->setObjectName(u"maxRetriesSpin"_s);
    retries->setRange(0, 10);
    retries->setValue(m_policy.maxRetries);
    retries->setSpecialValueText(tr("never retry"));
    auto *base = new QSpinBox(&dialog);
    base->setObjectName(u"baseDelaySpin"_s);
    base->setRange(0, 60000);
    base->setSingleStep(250);
    base->setSuffix(tr(" ms"));
    base->setValue(m_policy.baseDelayMs);
    auto *max = new QSpinBox(&dialog);
    max->setObjectName(u"maxDelaySpin"_s);
    max->setRange(0, 600000);
    max->setSingleStep(1000);
    max->setSuffix(tr(" ms"));
    max->setValue(m_policy.maxDelayMs);
    auto *honour = new QCheckBox(tr("Wait as long as the server asks (Retry-After)"), &dialog);
    honour->setObjectName(u"honourRetryAfterCheck"_s);
    honour->setChecked(m_policy.honourRetryAfter);
    form->addRow(tr("Retries after the first attempt:"), retries);
    form->addRow(tr("First delay:"), base);
    form->addRow(tr("Longest delay:"), max);
    form->addRow(honour);
    auto *note = new QLabel(tr("Delays double with each retry (±%1 % jitter). Rate limits, overload, "
                               "server, network errors and timeouts are retried.")
                                .arg(qRound(m_policy.jitter * 100)),
                            &dialog);
    note->setWordWrap(true);
    form->addRow(note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    RetryPolicy policy = m_policy;
    policy.maxRetries = retries->value();
    policy.baseDelayMs = base->value();
    policy.maxDelayMs = std::max(max->value(), base->value());
    policy.honourRetryAfter = honour->isChecked();
    setRetryPolicy(policy);
    Q_EMIT statusMessage(tr("Retries: %1.").arg(policy.normalized().describe()));
}

} // namespace Crucible
