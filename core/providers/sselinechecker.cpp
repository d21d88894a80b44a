#include "providers/sselinechecker.h"

namespace Crucible {

namespace {
constexpr qsizetype s_longestName = 5; // "event", "retry"
}

bool SseLineChecker::nameIsKnown() const
{
    return m_name.isEmpty() || m_name == "data" || m_name == "event" || m_name == "id"
        || m_name == "retry";
}

qsizetype SseLineChecker::scan(QByteArrayView bytes)
{
    if (m_bad)
        return 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (m_skipLF) {
            m_skipLF = false;
            if (c == '\n')
                continue;
        }
        if (c == '\r' || c == '\n') {
            if (m_state == State::Name && !nameIsKnown()) {
                m_bad = true;
                return i;
            }
            m_state = State::LineStart;
            m_name.clear();
            m_skipLF = c == '\r';
            continue;
        }
        switch (m_state) {
        case State::LineStart:
            m_name.clear();
            m_state = State::Name;
            [[fallthrough]];
        case State::Name:
            if (c == ':') {
                if (!nameIsKnown()) {
                    m_bad = true;
                    return i;
                }
                m_state = State::Rest;
            } else if (m_name.size() == s_longestName) {
                m_bad = true;
                return i;
            } else {
                m_name.append(c);
            }
            break;
        case State::Rest:
            break;
        }
    }
    return -1;
}

} // namespace Crucible
