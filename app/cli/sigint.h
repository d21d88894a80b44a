#pragma once

#include <QObject>

class QSocketNotifier;

namespace Crucible::Cli {

/// Turns SIGINT into a Qt signal on the thread that created it: the handler only writes one byte to
/// a socketpair (async-signal-safe); a QSocketNotifier reads it and emits interrupted().
/// One instance per process; the previous handler is restored on destruction.
class SigintNotifier : public QObject
{
    Q_OBJECT
public:
    explicit SigintNotifier(QObject *parent = nullptr);
    ~SigintNotifier() override;
    bool isInstalled() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void interrupted();

private:
    void drain();
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Crucible::Cli
