#pragma once

#include <QObject>

#include "transport/transferupdate.h"

namespace Crucible {

/// One attempt's stream of events, whatever produces it (HTTP transfer, Simulator). Lives on the
/// caller's thread. After start(), updated() fires 1..n times; the last carries finished == true and
/// fires exactly once — also after cancel(), which reports transportError Cancelled.
class StreamSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void start() = 0;
    virtual void cancel() = 0;

Q_SIGNALS:
    void updated(const Crucible::TransferUpdate &update);
};

} // namespace Crucible
