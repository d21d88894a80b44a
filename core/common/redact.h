#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Crucible {

/// Replaces every occurrence of any secret (API keys) in text with "[redacted]".
/// Used on every error message, log line and export that could echo request data.
QString redacted(const QString &text, const QStringList &secrets);

/// True for header names that carry credentials (Authorization, x-api-key, x-goog-api-key, ...).
bool isSecretHeader(const QByteArray &name);

} // namespace Crucible
