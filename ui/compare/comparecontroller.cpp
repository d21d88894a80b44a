#include "compare/comparecontroller.h"

// Implementation lands with issue 5 (contract header committed first).

#include "transport/httptransport.h"

namespace Crucible {
struct CompareController::Private {};
CompareController::CompareController(const ProviderRegistry &, KeyStore &, const ModelCatalog *,
                                     PromptPanel *, CompareView *, QObject *parent) : QObject(parent) {}
CompareController::~CompareController() = default;
} // namespace Crucible
