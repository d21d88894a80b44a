#pragma once

#include "cliargs.h"

namespace Crucible::Cli {

/// `crucible-cli models`: lists models from the provider (a key is set, or the base URL is a
/// local server) or from the built-in catalog; a note on stderr says which. Synchronous.
/// Returns the exit code: 0 ok, 2 usage, 3 provider/network error.
int runModels(const ModelsOptions &options);

} // namespace Crucible::Cli
