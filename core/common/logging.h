#pragma once

#include <QLoggingCategory>

// One category per subsystem: QT_LOGGING_RULES="crucible.transport.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcTransport)
Q_DECLARE_LOGGING_CATEGORY(lcProvider)
Q_DECLARE_LOGGING_CATEGORY(lcEngine)
Q_DECLARE_LOGGING_CATEGORY(lcCheck)

/// Soft assert: logs and recovers instead of aborting.
#define CRUCIBLE_CHECK(cond, action)                                                               \
    if (Q_LIKELY(cond)) {                                                                          \
    } else {                                                                                       \
        qCCritical(lcCheck, "check failed: %s (%s:%d)", #cond, __FILE__, __LINE__);                \
        action;                                                                                    \
    }                                                                                              \
    do {                                                                                           \
    } while (0)
