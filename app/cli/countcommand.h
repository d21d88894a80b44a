#pragma once

#include "cliargs.h"

namespace Crucible::Cli {

/// `crucible-cli count-tokens`: synchronous (a provider count runs a local event loop).
/// Returns the exit code: 0 ok, 2 usage (bad input, no tokenizer), 3 provider/network error.
int runCountTokens(const CountOptions &options);

} // namespace Crucible::Cli
