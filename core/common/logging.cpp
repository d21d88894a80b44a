#include "common/logging.h"

Q_LOGGING_CATEGORY(lcTransport, "crucible.transport", QtWarningMsg)
Q_LOGGING_CATEGORY(lcProvider, "crucible.provider", QtWarningMsg)
Q_LOGGING_CATEGORY(lcEngine, "crucible.engine", QtWarningMsg)
Q_LOGGING_CATEGORY(lcCheck, "crucible.check", QtWarningMsg)
