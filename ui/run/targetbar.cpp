#include "run/targetbar.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "providers/provider.h"
#include "providers/providerregistry.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

QPushButton *actionButton(QAction *action, QWidget *parent)
{
    auto *button = new QPushButton(action->text(), parent);
    button->setToolTip(action->toolTip());
    button->setEnabled(action->isEnabled());
    QObject::connect(button, &QPushButton::clicked, action, &QAction::trigger);
    QObject::connect(action, &QAction::changed, button,
                     [button, action] { button->setEnabled(action->isEnabled()); });
    return button;
}

} // namespace

TargetBar::TargetBar(const ProviderRegistry &providers, QWidget *parent)
    : QWidget(parent)
    , m_providers(providers)
    , m_provider(new QComboBox(this))
    , m_model(new QComboBox(this))
    , m_baseUrlLabel(new QLabel(tr("&Base URL:"), this))
    , m_baseUrl(new QLineEdit(this))
    , m_keyHint(new QLabel(this))
    , m_runAction(new QAction(tr("&Run"), this))
    , m_stopAction(new QAction(tr("&Stop"), this))
{
    m_runAction->setObjectName(u"runAction"_s);
    m_runAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return),
                               QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_runAction->setToolTip(tr("Send the prompt (Ctrl+Enter)"));
    m_stopAction->setObjectName(u"stopAction"_s);
    m_stopAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_stopAction->setToolTip(tr("Cancel the running request (Esc)"));
    m_stopAction->setEnabled(false);
    connect(m_runAction, &QAction::triggered, this, &TargetBar::runRequested);
    connect(m_stopAction, &QAction::triggered, this, &TargetBar::stopRequested);

    m_provider->setObjectName(u"providerCombo"_s);
    for (const Provider *provider : m_providers.all())
        m_provider->addItem(provider->displayName(), provider->id());
    m_model->setObjectName(u"modelCombo"_s);
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setMinimumContentsLength(18);
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_baseUrl->setObjectName(u"baseUrlEdit"_s);
    m_baseUrl->setClearButtonEnabled(true);
    m_baseUrl->setMinimumWidth(220);
    m_baseUrlLabel->setBuddy(m_baseUrl);
    m_keyHint->setObjectName(u"keyHint"_s);
    m_keyHint->setStyleSheet(u"QLabel { color: #b26a00; }"_s);
    m_runButton = actionButton(m_runAction, this);
    m_runButton->setObjectName(u"runButton"_s);
    m_runButton->setDefault(true);
    m_stopButton = actionButton(m_stopAction, this);
    m_stopButton->setObjectName(u"stopButton"_s);

    auto *providerLabel = new QLabel(tr("&Provider:"), this);
    providerLabel->setBuddy(m_provider);
    auto *modelLabel = new QLabel(tr("&Model:"), this);
    modelLabel->setBuddy(m_model);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(providerLabel);
    layout->addWidget(m_provider);
    layout->addSpacing(8);
    layout->addWidget(modelLabel);
    layout->addWidget(m_model);
    layout->addSpacing(8);
    layout->addWidget(m_baseUrlLabel);
    layout->addWidget(m_baseUrl, 1);
    layout->addWidget(m_keyHint);
    layout->addStretch(0);
    layout->addWidget(m_runButton);
    layout->addWidget(m_stopButton);

    connect(m_provider, &QComboBox::currentIndexChanged, this, &TargetBar::onProviderIndexChanged);
    onProviderIndexChanged(m_provider->currentIndex());
}

const Provider *TargetBar::provider() const
{
    return m_providers.find(m_provider->currentData().toString());
}

QString TargetBar::model() const
{
    return m_model->currentText().trimmed();
}

QString TargetBar::baseUrl() const
{
    return m_baseUrl->text().trimmed();
}

bool TargetBar::setProvider(const QString &id)
{
    const int index = m_provider->findData(id);
    if (index < 0)
        return false;
    m_provider->setCurrentIndex(index);
    return true;
}

void TargetBar::setModel(const QString &model)
{
    m_model->setCurrentText(model);
}

void TargetBar::setBaseUrl(const QString &url)
{
    m_baseUrl->setText(url);
}

void TargetBar::setRunning(bool running)
{
    m_runAction->setEnabled(!running);
    m_stopAction->setEnabled(running);
    m_provider->setEnabled(!running);
    m_model->setEnabled(!running);
    m_baseUrl->setEnabled(!running);
}

void TargetBar::onProviderIndexChanged(int index)
{
    const Provider *current = m_providers.find(m_provider->itemData(index).toString());
    m_model->clear();
    m_baseUrl->clear();
    if (current) {
        m_model->addItems(current->suggestedModels());
        m_model->setCurrentText(current->defaultModel());
        m_baseUrl->setPlaceholderText(current->defaultBaseUrl().toString());
    }
    // The Simulator takes no server address; HTTP providers do.
    const bool http = current && !current->isSimulated();
    m_baseUrlLabel->setVisible(http);
    m_baseUrl->setVisible(http);
    updateKeyHint();
    Q_EMIT providerChanged(current);
}

void TargetBar::updateKeyHint()
{
    // Names the variable only; the key itself is never shown.
    const Provider *current = provider();
    const QString var = current ? current->apiKeyEnvVar() : QString();
    const bool missing = current && current->requiresApiKey() && !var.isEmpty()
        && qEnvironmentVariableIsEmpty(var.toLocal8Bit().constData());
    m_keyHint->setText(missing ? tr("no %1").arg(var) : QString());
    m_keyHint->setToolTip(missing ? tr("Set %1 for the hosted API; a server on this machine "
                                       "(127.0.0.1, localhost) needs no key.")
                                        .arg(var)
                                  : QString());
    m_keyHint->setVisible(missing);
}

} // namespace Crucible
