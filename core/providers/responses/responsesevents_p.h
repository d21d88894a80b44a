#pragma once

// Private to the Responses adapter: what one Responses stream event means (providers.md §4.3).
// Includes nlohmann_json: never from a public header.

#include <QList>
#include <QSet>
#include <QString>

#include <optional>
#include <vector>

#include "providers/jsonutil.h"
#include "providers/streamevent.h"

namespace Crucible::ResponsesEvents {

/// What the event reader remembers between events of one stream.
struct State
{
    struct Call
    {
        QString itemId;      ///< the output item id ("fc_…")
        int outputIndex = -1;
        QString callId;      ///< "call_…": the ToolCall id
        QString name;
        QString arguments;   ///< assembled fragments, replaced by the final text when it arrives
        bool ready = false;  ///< complete: may be emitted once every earlier call was
    };
    bool metaSent = false;
    bool terminal = false;   ///< a completed / incomplete event ended the stream normally
    QList<Call> calls;       ///< in the order they started
    qsizetype emittedCalls = 0;
    QSet<QString> streamedParts; ///< text / reasoning parts that had deltas (".done" repeats them)
};

/// Reads one event object (`sseName` is the SSE "event:" name, used when the object has no
/// "type"). Appends its StreamEvents; returns the error that ends the stream ("error" event,
/// response.failed, a bare {"error":{…}}); sets state.terminal for response.completed and
/// response.incomplete. Unknown types are ignored.
std::optional<ProviderError> read(const JsonUtil::json &event, const QByteArray &sseName, State &state,
                                  std::vector<StreamEvent> &out);

/// A whole Response object (a 2xx body from a server that ignored "stream"): its output items,
/// then the terminal events its status implies. An in-progress or cancelled status is an error.
std::optional<ProviderError> readWholeResponse(const JsonUtil::json &response, State &state,
                                               std::vector<StreamEvent> &out);

} // namespace Crucible::ResponsesEvents
