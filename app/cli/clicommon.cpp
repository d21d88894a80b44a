#include "clicommon.h"

#include <cstdio>

#include "providers/provider.h"

using namespace Qt::StringLiterals;

namespace Crucible::Cli {

QString lookupApiKey(const Provider &provider, const QString &apiKeyEnv, QString *variable)
{
    const QStringList candidates = apiKeyEnv.isEmpty() ? provider.apiKeyEnvVars() : QStringList{apiKeyEnv};
    if (variable)
        *variable = candidates.value(0);
    for (const QString &name : candidates) {
        const QString key = qEnvironmentVariable(name.toLocal8Bit().constData()).trimmed();
        if (!key.isEmpty()) {
            if (variable)
                *variable = name;
            return key;
        }
    }
    return {};
}

Result<QUrl> parseBaseUrl(const QString &text)
{
    if (text.isEmpty())
        return QUrl();
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.isRelative() || url.host().isEmpty()) {
        return Error{Error::Kind::Usage,
                     u"invalid base URL \"%1\": expected an absolute URL such as http://127.0.0.1:11434/v1"_s.arg(text)};
    }
    return url;
}

bool isLocalUrl(const QUrl &url)
{
    const QString host = url.host().toLower();
    return host == u"127.0.0.1" || host == u"::1" || host == u"localhost" || host.startsWith(u"127.");
}

ModelCatalog loadCatalog()
{
    QString problem;
    ModelCatalog catalog = ModelCatalog::withUserOverrides(&problem);
    if (!problem.isEmpty())
        printNote(problem);
    return catalog;
}

std::optional<PriceTable> loadPrices()
{
    QString problem;
    auto prices = PriceTable::withUserOverrides(&problem);
    if (!problem.isEmpty())
        printNote(problem);
    if (!prices)
        return std::nullopt;
    return std::move(prices).value();
}

void printNote(const QString &message)
{
    const QByteArray line = "crucible-cli: note: " + message.simplified().toUtf8() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace Crucible::Cli
