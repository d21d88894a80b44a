#include "engine/runcoordinator.h"

// Implementation lands with issue 5 (contract header committed first).

namespace Crucible {
struct RunCoordinator::Private {};
RunCoordinator::RunCoordinator(HttpTransport &, const PriceTable *, QObject *parent) : QObject(parent) {}
RunCoordinator::~RunCoordinator() = default;
} // namespace Crucible
