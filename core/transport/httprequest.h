#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>

#include "providers/chatrequest.h"

namespace Crucible {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>; ///< in wire order; names as sent

/// Case-insensitive header lookup; empty when absent.
QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name);

struct HttpRequest
{
    QByteArray method = "POST";
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
    Timeouts timeouts;
    QStringList secrets; ///< values to redact from any error text (API keys)
};

} // namespace Crucible
