#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

#include "common/result.h"
#include "providers/chatrequest.h"
#include "simulator/simulatorconfig.h"

namespace Crucible {

/// Everything one simulated reply will do, decided up front (pure, deterministic): the token pieces,
/// when each is due, the usage and how it ends. The seed is FNV-1a of the model name, the rendered
/// prompt (every message), the JSON schema and the config's extra seed.
struct SimulatorScript
{
    QStringList pieces;                 ///< reply tokens in order, already cut at the token limit
    std::vector<std::int64_t> dueNs;    ///< per piece: offset from start() in ns
    std::int64_t headersNs = 0;         ///< offset of the simulated response headers
    QString finishReason;               ///< "stop" or "length"
    std::int64_t inputTokens = 0;       ///< SimTokenizer count of the rendered prompt (simulated)
    QString requestId;                  ///< "sim-<16 hex digits>"
    ProviderError failure;              ///< errorClass None: succeeds
    int failAfter = 0;                  ///< pieces streamed before a mid-stream failure
    bool failBeforeHeaders = false;     ///< HTTP-like failure: error status instead of 200

    /// Renders the prompt the way the Simulator "sees" it: "<role>: <text>\n" per message.
    static QString renderPrompt(const ChatRequest &request);
    /// Never fails: an unusable JSON schema becomes a simulated 400 bad-request failure.
    static SimulatorScript build(const ChatRequest &request, const SimulatorConfig &config);
};

} // namespace Crucible
