#pragma once

#include <QMetaType>
#include <QString>

#include "engine/runmetrics.h"

namespace Crucible {

/// How a run ended. Status names are the CLI JSON contract: "ok", "truncated", "error", "cancelled".
struct RunOutcome
{
    enum class Status { Ok, Truncated, Error, Cancelled };
    Status status = Status::Ok;
    QString providerId;
    QString model;
    bool simulated = false;
    QString text;
    QString reasoning;
    QList<ToolCall> toolCalls; ///< complete calls, in the order they started
    RunMetrics metrics; ///< final: usage, finishReason, timings, cost
    ProviderError error; ///< errorClass None when status is Ok
};

QString statusName(RunOutcome::Status status);

} // namespace Crucible

Q_DECLARE_METATYPE(Crucible::RunOutcome)
