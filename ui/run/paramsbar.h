#pragma once

#include <QWidget>

#include "catalog/modelcatalog.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Crucible {

struct ChatRequest;

/// The request parameters, one compact row: temperature, top_p, seed, stop sequences, reasoning
/// effort, max output tokens. Every control starts at "default" (not sent). setModel() disables
/// what the model rejects (ModelInfo::params) with a tooltip saying why; apply() copies the
/// enabled controls' values into a request (the run still passes it through sanitizeRequest()).
/// setCompact(true) lays the controls out two per row for a narrow compare column.
class ParamsBar : public QWidget
{
    Q_OBJECT
public:
    explicit ParamsBar(QWidget *parent = nullptr);

    void setModel(const ModelInfo &model);
    void apply(ChatRequest &request) const;
    /// Stop sequences from the field: separated by "|"; "\n" and "\t" are escapes.
    static QStringList parseStops(const QString &text);

    void setRunning(bool running);

    /// Two label + control pairs per row (narrow columns) instead of one row.
    void setCompact(bool compact);
    bool isCompact() const { return m_compact; }
    /// Copies every control's value (also the ones the model rejects, which stay disabled);
    /// the reasoning effort only when this bar's model offers it. Emits changed() once.
    void copyValuesFrom(const ParamsBar &other);

Q_SIGNALS:
    void changed();

private:
    void updateEnabled();
    void relayout();
    void enable(QWidget *control, QLabel *label, bool on, const QString &why, const QString &help);

    ModelInfo m_model;
    bool m_running = false;
    bool m_compact = false;
    QLabel *m_temperatureLabel = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QLabel *m_topPLabel = nullptr;
    QDoubleSpinBox *m_topP = nullptr;
    QLabel *m_seedLabel = nullptr;
    QSpinBox *m_seed = nullptr;
    QLabel *m_stopLabel = nullptr;
    QLineEdit *m_stop = nullptr;
    QLabel *m_effortLabel = nullptr;
    QComboBox *m_effort = nullptr;
    QLabel *m_maxTokensLabel = nullptr;
    QSpinBox *m_maxTokens = nullptr;
};

} // namespace Crucible
