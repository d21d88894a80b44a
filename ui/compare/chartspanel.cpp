#include "compare/chartspanel.h"

// Implementation lands with issue 5 (contract header committed first).

namespace Crucible {
ChartsPanel::ChartsPanel(QWidget *parent) : QWidget(parent) {}
ChartsPanel::~ChartsPanel() = default;
} // namespace Crucible
