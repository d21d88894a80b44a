#include "common/redact.h"

using namespace Qt::StringLiterals;

namespace Crucible {

QString redacted(const QString &text, const QStringList &secrets)
{
    QString out = text;
    for (const QString &secret : secrets) {
        if (secret.size() >= 4) // never redact trivially short strings (would shred the text)
            out.replace(secret, u"[redacted]"_s);
    }
    return out;
}

bool isSecretHeader(const QByteArray &name)
{
    const QByteArray n = name.toLower();
    return n == "authorization" || n == "x-api-key" || n == "x-goog-api-key"
        || n == "proxy-authorization" || n == "api-key";
}

} // namespace Crucible
