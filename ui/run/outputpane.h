#pragma once

#include <QString>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace Crucible {

struct ProviderError;

/// Shows one run's reply as it streams. Text deltas are batched for the screen: appendDelta()
/// only appends to a pending buffer, and a 30 ms single-shot timer moves the buffer into the
/// document in one edit (flush() does it at once, e.g. when the run finishes). A "SIMULATED" badge
/// marks replies from the built-in Simulator; errors show as a line of data (class + message),
/// never as a dialog. GUI thread only.
class OutputPane : public QWidget
{
    Q_OBJECT
public:
    static constexpr int FlushIntervalMs = 30;
    /// Laying out the last paragraph costs time in proportion to its length, on every flush. Past
    /// this many characters in the last paragraph the interval grows with it (up to
    /// MaxFlushIntervalMs), so a long unbroken paragraph costs the same per second as a short one.
    static constexpr int LongParagraphChars = 2000;
    static constexpr int MaxFlushIntervalMs = 150;
    /// The batching interval for a last paragraph of `chars` characters.
    static int flushIntervalFor(int chars);
    int flushIntervalMs() const { return m_flushTimer.interval(); } ///< of the pending (or last) batch

    explicit OutputPane(QWidget *parent = nullptr);

    /// Empties the view and the pending buffer, hides the error line; the badge follows simulated.
    void reset(bool simulated);
    void appendDelta(const QString &chunk);
    void flush();
    void setSimulated(bool simulated);
    void showError(const ProviderError &error);

    QString text() const;               ///< what the view shows (pending text excluded)
    bool hasPending() const { return !m_pending.isEmpty(); }
    bool isSimulatedBadgeVisible() const;
    QPlainTextEdit *view() const { return m_view; }

private:
    QPlainTextEdit *m_view = nullptr;
    QLabel *m_badge = nullptr;
    QLabel *m_error = nullptr;
    QString m_pending;
    QTimer m_flushTimer;
};

/// "rate-limit: Too many requests (retry after 20 s)" — how the UI names an error.
QString describeError(const ProviderError &error);

} // namespace Crucible
