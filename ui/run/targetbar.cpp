#include "run/targetbar.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QVBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "providers/provider.h"
#include "providers/providerregistry.h"
#include "run/paramsbar.h"

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

TargetBar::TargetBar(const ProviderRegistry &providers, const ModelCatalog *catalog, QWidget *parent)
    : QWidget(parent)
    , m_providers(providers)
    , m_catalog(catalog)
    , m_provider(new QComboBox(this))
    , m_model(new QComboBox(this))
    , m_baseUrlLabel(new QLabel(tr("&Base URL:"), this))
    , m_baseUrl(new QLineEdit(this))
    , m_keyHint(new QLabel(this))
    , m_modelNote(new QLabel(this))
    , m_params(new ParamsBar(this))
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
    m_keyHint->setVisible(false);
    m_modelNote->setObjectName(u"modelNote"_s);
    m_modelNote->setText(tr("unknown model"));
    m_modelNote->setStyleSheet(u"QLabel { color: #b26a00; }"_s);
    m_modelNote->setVisible(false);
    m_runButton = actionButton(m_runAction, this);
    m_runButton->setObjectName(u"runButton"_s);
    m_runButton->setDefault(true);
    m_stopButton = actionButton(m_stopAction, this);
    m_stopButton->setObjectName(u"stopButton"_s);

    m_providerLabel = new QLabel(tr("&Provider:"), this);
    m_providerLabel->setBuddy(m_provider);
    m_modelLabel = new QLabel(tr("&Model:"), this);
    m_modelLabel->setBuddy(m_model);
    m_provider->setAccessibleName(tr("Provider"));
    m_model->setAccessibleName(tr("Model"));
    m_baseUrl->setAccessibleName(tr("Base URL"));
    m_runShortcuts = m_runAction->shortcuts();
    m_stopShortcut = m_stopAction->shortcut();
    relayout();

    connect(m_provider, &QComboBox::currentIndexChanged, this, &TargetBar::onProviderIndexChanged);
    connect(m_model, &QComboBox::currentTextChanged, this, &TargetBar::onModelChanged);
    connect(m_baseUrl, &QLineEdit::textChanged, this, &TargetBar::targetChanged);
    connect(m_params, &ParamsBar::changed, this, &TargetBar::targetChanged);
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
    if (QLineEdit *edit = m_model->lineEdit())
        edit->setCursorPosition(0); // the start of a long id is what tells models apart
}

void TargetBar::setBaseUrl(const QString &url)
{
    m_baseUrl->setText(url);
}

ModelInfo TargetBar::modelInfo() const
{
    const Provider *current = provider();
    const QString id = current ? current->id() : QString();
    if (m_catalog)
        return m_catalog->lookup(id, model());
    ModelInfo info; // no catalog: default parameters, nothing disabled
    info.provider = id;
    info.id = model();
    info.known = true;
    return info;
}

bool TargetBar::isModelNoteVisible() const
{
    return !m_modelNote->isHidden();
}

QString TargetBar::modelNote() const
{
    return m_modelNote->isHidden() ? QString() : m_modelNote->toolTip();
}

void TargetBar::setKeyHint(const QString &text, const QString &toolTip)
{
    m_keyHint->setText(text);
    m_keyHint->setToolTip(toolTip);
    m_keyHint->setVisible(!text.isEmpty());
}

void TargetBar::relayout()
{
    delete layout(); // the widgets stay: they are children of the bar
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    if (m_embedded) {
        row->setSpacing(4);
        row->addWidget(m_provider);
        row->addWidget(m_model, 1);
        row->addWidget(m_modelNote);
        auto *urlRow = new QHBoxLayout;
        urlRow->setContentsMargins(0, 0, 0, 0);
        urlRow->setSpacing(4);
        urlRow->addWidget(m_baseUrlLabel);
        urlRow->addWidget(m_baseUrl, 1);
        urlRow->addWidget(m_keyHint);
        layout->addLayout(row);
        layout->addLayout(urlRow);
    } else {
        row->addWidget(m_providerLabel);
        row->addWidget(m_provider);
        row->addSpacing(8);
        row->addWidget(m_modelLabel);
        row->addWidget(m_model);
        row->addWidget(m_modelNote);
        row->addSpacing(8);
        row->addWidget(m_baseUrlLabel);
        row->addWidget(m_baseUrl, 1);
        row->addWidget(m_keyHint);
        row->addStretch(0);
        row->addWidget(m_runButton);
        row->addWidget(m_stopButton);
        layout->addLayout(row);
    }
    layout->addWidget(m_params);
}

void TargetBar::setEmbedded(bool embedded)
{
    if (embedded == m_embedded)
        return;
    m_embedded = embedded;
    // The compare view owns Ctrl+Enter / Esc: no shortcut of ours may compete for them.
    m_runAction->setShortcuts(embedded ? QList<QKeySequence>() : m_runShortcuts);
    m_stopAction->setShortcut(embedded ? QKeySequence() : m_stopShortcut);
    m_providerLabel->setVisible(!embedded);
    m_modelLabel->setVisible(!embedded);
    m_runButton->setVisible(!embedded);
    m_stopButton->setVisible(!embedded);
    m_model->setMinimumContentsLength(embedded ? 10 : 18);
    m_provider->setSizeAdjustPolicy(embedded ? QComboBox::AdjustToMinimumContentsLengthWithIcon
                                             : QComboBox::AdjustToContentsOnFirstShow);
    m_provider->setMinimumContentsLength(embedded ? 9 : 0);
    m_baseUrl->setMinimumWidth(embedded ? 80 : 220);
    m_params->setCompact(embedded);
    relayout();
    setRunning(m_running);
}

void TargetBar::copySettingsFrom(const TargetBar &other)
{
    if (const Provider *source = other.provider())
        setProvider(source->id());
    setModel(other.m_model->currentText());
    setBaseUrl(other.m_baseUrl->text());
    m_params->copyValuesFrom(*other.m_params);
}

void TargetBar::setRunning(bool running)
{
    m_running = running;
    m_params->setRunning(running);
    m_runAction->setEnabled(!running && !m_embedded);
    m_stopAction->setEnabled(running && !m_embedded);
    m_provider->setEnabled(!running);
    m_model->setEnabled(!running);
    m_baseUrl->setEnabled(!running);
}

void TargetBar::onProviderIndexChanged(int index)
{
    const Provider *current = m_providers.find(m_provider->itemData(index).toString());
    {
        const QSignalBlocker block(m_model); // one onModelChanged() below, not one per item
        m_model->clear();
        if (current) {
            QStringList ids;
            if (m_catalog) {
                for (const ModelInfo &info : m_catalog->models(current->id())) {
                    ids.append(info.id);
                    m_model->addItem(info.id);
                    if (!info.displayName.isEmpty())
                        m_model->setItemData(m_model->count() - 1, info.displayName, Qt::ToolTipRole);
                }
            }
            for (const QString &id : current->suggestedModels()) {
                if (!ids.contains(id))
                    m_model->addItem(id);
            }
            m_model->setCurrentText(current->defaultModel().isEmpty() ? m_model->itemText(0)
                                                                      : current->defaultModel());
        }
    }
    m_baseUrl->clear();
    if (current)
        m_baseUrl->setPlaceholderText(current->defaultBaseUrl().toString());
    // The Simulator takes no server address; HTTP providers do.
    const bool http = current && !current->isSimulated();
    m_baseUrlLabel->setVisible(http);
    m_baseUrl->setVisible(http);
    setKeyHint({}, {});
    Q_EMIT providerChanged(current);
    onModelChanged();
}

void TargetBar::onModelChanged()
{
    const ModelInfo info = modelInfo();
    const bool unknown = !info.known && !model().isEmpty();
    m_modelNote->setVisible(unknown);
    m_modelNote->setToolTip(unknown ? (info.note.isEmpty()
                                           ? tr("Not in the model catalog: safe defaults (only model, "
                                                "messages and max tokens are sent); estimates are marked ≈")
                                           : info.note)
                                    : QString());
    m_params->setModel(info);
    Q_EMIT targetChanged();
}

} // namespace Crucible
