#pragma once

#include <QString>
#include <QUrl>

#include <optional>

#include "catalog/modelcatalog.h"
#include "common/result.h"
#include "pricing/pricetable.h"

namespace Crucible {
class Provider;
}

namespace Crucible::Cli {

/// The API key for `provider`: from the variable named by --api-key-env when given, else the
/// first non-empty of Provider::apiKeyEnvVars(). The one place keys are looked up (a key store
/// can be wired in here). `variable` receives the variable read (or the first candidate).
QString lookupApiKey(const Provider &provider, const QString &apiKeyEnv, QString *variable = nullptr);

/// --base-url: empty stays empty (provider default); otherwise an absolute URL with a host, or a
/// Usage error with the standard message.
Result<QUrl> parseBaseUrl(const QString &text);

/// 127.0.0.1, ::1, localhost (a local server needs no key).
bool isLocalUrl(const QUrl &url);

/// The built-in catalog and prices with the user's override files; a broken override file is
/// reported on stderr as a note and the built-in data is used.
ModelCatalog loadCatalog();
std::optional<PriceTable> loadPrices();

/// One line "crucible-cli: note: <message>" on stderr.
void printNote(const QString &message);

} // namespace Crucible::Cli
