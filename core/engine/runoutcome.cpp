#include "engine/runoutcome.h"

using namespace Qt::StringLiterals;

namespace Crucible {

QString statusName(RunOutcome::Status status)
{
    switch (status) {
    case RunOutcome::Status::Ok: return u"ok"_s;
    case RunOutcome::Status::Truncated: return u"truncated"_s;
    case RunOutcome::Status::Error: return u"error"_s;
    case RunOutcome::Status::Cancelled: return u"cancelled"_s;
    }
    return {};
}

} // namespace Crucible
