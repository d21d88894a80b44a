#pragma once

#include <QElapsedTimer>
#include <QFrame>
#include <QString>
#include <QTimer>

#include <optional>

#include "engine/runmetrics.h"
#include "pricing/costestimate.h"

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace Crucible {

class ModelCatalog;
class OutputPane;
class ProviderRegistry;
class ReadoutBar;
class TargetBar;
struct ProviderError;

/// One column of the compare view: a header ("2 · anthropic · claude-…" plus buttons move left,
/// move right, duplicate, remove, stop), the column's target (an embedded TargetBar: provider,
/// model, base URL, parameters; its own Run/Stop buttons and shortcuts hidden — the view runs all),
/// an optional prompt variant (a checkable "own prompt" box with a user-message editor that
/// replaces the shared user message for this column), the streaming answer (OutputPane, 30 ms
/// batching), a collapsible reasoning section (collapsed by default, header shows its size,
/// batched like the answer), and the readout (ReadoutBar) plus a line with the attempt status
/// ("retrying in 4 s (attempt 2 of 3) · rate-limit", "queued", "repeat 3 of 10"), finish reason and
/// provider request id. Shows data only; CompareController drives it.
/// The attempt status line also says "not sent: <reason>" for a budget skip; errors show in this
/// column's OutputPane only, with the class in the readout's status. Palette roles only, so light
/// and dark themes both work; a little amber marks retries and budget skips.
/// GUI thread only. registry and catalog must outlive the column.
class CompareColumn : public QFrame
{
    Q_OBJECT
public:
    CompareColumn(const ProviderRegistry &providers, const ModelCatalog *catalog,
                  QWidget *parent = nullptr);

    TargetBar *target() const { return m_target; }
    OutputPane *output() const { return m_output; }
    ReadoutBar *readout() const { return m_readout; }

    void setIndex(int index);            ///< 0-based position; the header shows index + 1
    int index() const { return m_index; }
    QString title() const;               ///< "2 · simulator · sim-fast"

    /// The column's own user message when "own prompt" is checked; nullopt: use the shared prompt.
    std::optional<QString> promptVariant() const;
    void setPromptVariant(const std::optional<QString> &text);

    /// Copies target (provider, model, base URL, parameters) and prompt variant from `other`.
    void copySettingsFrom(const CompareColumn &other);

    // Driven by CompareController:
    void resetForRun(bool simulated);            ///< clears answer, reasoning, readout numbers
    void appendText(const QString &chunk);       ///< batched
    void appendReasoning(const QString &chunk);  ///< batched (same 30 ms rule)
    void setMetrics(const RunMetrics &metrics);  ///< readout + finish reason + request id
    void setEstimate(const std::optional<CostEstimate> &estimate, bool forNextRun);
    void setQueued(int repeat, int repeats);     ///< "queued · repeat 2 of 5"
    /// Countdown (updates each second): "retrying in N s (attempt A of M) · <class>".
    void setRetrying(int delayMs, int nextAttempt, int maxAttempts, const ProviderError &cause);
    void showError(const ProviderError &error);  ///< class + message, in this column only
    void setBudgetSkipped(const QString &reason); ///< "not sent: budget …"
    void setRunning(bool running);               ///< enables the column's Stop; locks the target
    void flush();                                ///< pending text/reasoning into the views now

    QString statusLine() const;                  ///< the attempt status line as shown
    QString reasoningText() const;               ///< what the reasoning view shows
    bool isReasoningExpanded() const;
    void setReasoningExpanded(bool expanded);
    QString reasoningHeader() const;             ///< "Reasoning (1,234 chars)" (flushed text)
    QString detailsLine() const;                 ///< "finish: stop · request id: req_1" as shown
    bool isRunning() const { return m_running; }
    /// Enables the header's move buttons (the view: first column no left, last no right).
    void setMoveEnabled(bool left, bool right);
    /// Enables the header's remove button (the view: not for the last remaining column).
    /// Remove is also off while the column runs.
    void setRemoveEnabled(bool enabled);

    static constexpr int CountdownTickMs = 250; ///< the countdown re-reads its clock this often

Q_SIGNALS:
    void moveLeftRequested();
    void moveRightRequested();
    void duplicateRequested();
    void removeRequested();
    void stopRequested();
    void changed(); ///< target, parameters or prompt variant edited (refresh estimates)

private:
    void updateTitle();
    void flushReasoning();
    void updateReasoningHeader();
    void updateCountdown();
    void setStatus(const QString &text, bool accent);
    void showRepeat(); ///< "repeat 2 of 5" (or nothing for a single run) once an attempt is under way

    int m_index = 0;
    bool m_running = false;
    bool m_removeEnabled = true;
    int m_repeat = 0;
    int m_repeats = 0;
    bool m_waiting = false; ///< the status line says "queued" or "retrying": gone once a request starts
    TargetBar *m_target = nullptr;
    OutputPane *m_output = nullptr;
    ReadoutBar *m_readout = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_details = nullptr;        ///< finish reason · request id
    QToolButton *m_reasoningToggle = nullptr;
    QPlainTextEdit *m_reasoning = nullptr;
    QString m_pendingReasoning;
    QTimer m_reasoningFlush;
    QTimer m_countdown;
    QToolButton *m_variantToggle = nullptr;
    QPlainTextEdit *m_variant = nullptr;
    QToolButton *m_stop = nullptr;
    QToolButton *m_moveLeft = nullptr;
    QToolButton *m_moveRight = nullptr;
    QToolButton *m_duplicate = nullptr;
    QToolButton *m_remove = nullptr;
    int m_retryRemainingMs = 0;   ///< the delay the countdown started from
    QElapsedTimer m_retryClock;   ///< since setRetrying()
    QString m_retryText;          ///< "(attempt 2 of 3) · rate-limit"
};

} // namespace Crucible
