#include "compare/diffpanel.h"

// Implementation lands with issue 5 (contract header committed first).

namespace Crucible {
DiffPanel::DiffPanel(QWidget *parent) : QWidget(parent) {}
} // namespace Crucible
