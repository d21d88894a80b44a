#include "compare/comparecolumn.h"

// Implementation lands with issue 5 (contract header committed first).

namespace Crucible {
CompareColumn::CompareColumn(const ProviderRegistry &, const ModelCatalog *, QWidget *parent) : QFrame(parent) {}
} // namespace Crucible
