#include "compare/compareview.h"

// Implementation lands with issue 5 (contract header committed first).

namespace Crucible {
CompareView::CompareView(const ProviderRegistry &providers, KeyStore &, const ModelCatalog *catalog,
                         PromptPanel *, QWidget *parent) : QWidget(parent), m_providers(providers), m_catalog(catalog) {}
CompareView::~CompareView() = default;
} // namespace Crucible
