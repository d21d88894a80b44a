// FakeProviderServer's fixture helpers: reading shared/reference/fixtures into a Response.

#include "fakeproviderserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Crucible::Test {

namespace {

/// Removes and returns the first line of data (without its "\n" or "\r\n").
QByteArray takeLine(QByteArray &data)
{
    const qsizetype end = data.indexOf('\n');
    QByteArray line = end < 0 ? data : data.left(end);
    data.remove(0, end < 0 ? data.size() : end + 1);
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

bool isJson(QByteArrayView text)
{
    QJsonParseError error;
    QJsonDocument::fromJson(text.toByteArray(), &error);
    return error.error == QJsonParseError::NoError;
}

QByteArray guessContentType(const QByteArray &body, const QString &fileName)
{
    const QList<QByteArray> lines = body.split('\n');
    QList<QByteArray> nonEmpty;
    for (const QByteArray &line : lines) {
        if (!line.trimmed().isEmpty())
            nonEmpty.append(line.trimmed());
    }
    if (!nonEmpty.isEmpty()) {
        const QByteArray &first = nonEmpty.first();
        if (first.startsWith("data:") || first.startsWith("event:") || first.startsWith("id:")
            || first.startsWith("retry:") || first.startsWith(':'))
            return "text/event-stream";
    }
    if (fileName.contains(".ndjson"_L1))
        return "application/x-ndjson";
    if (isJson(body))
        return "application/json";
    const bool everyLineJson = !nonEmpty.isEmpty()
                               && std::all_of(nonEmpty.cbegin(), nonEmpty.cend(), [](const QByteArray &line) {
                                      return line.startsWith('{') && isJson(line);
                                  });
    return everyLineJson ? "application/x-ndjson" : "text/plain";
}

bool sameName(const QByteArray &a, QByteArrayView b)
{
    return QByteArrayView(a).compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

FakeProviderServer::Response FakeProviderServer::fromFixture(const QString &path)
{
    Response response;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        response.status = 0;
        response.reason = u"cannot read fixture %1: %2"_s.arg(path, file.errorString());
        return response;
    }
    QByteArray rest = file.readAll();
    while (rest.startsWith("# source:"))
        takeLine(rest);

    if (!rest.startsWith("HTTP/")) {
        response.body = rest;
        if (!response.body.isEmpty())
            response.headers = {{"Content-Type", guessContentType(rest, QFileInfo(path).fileName())}};
        return response;
    }

    // "HTTP/1.1 404" or "HTTP/2.0 400 Bad Request", then headers up to an empty line.
    const QByteArray statusLine = takeLine(rest);
    const qsizetype codeStart = statusLine.indexOf(' ') + 1;
    const qsizetype codeEnd = statusLine.indexOf(' ', codeStart);
    bool ok = false;
    response.status = statusLine.mid(codeStart, codeEnd < 0 ? -1 : codeEnd - codeStart).toInt(&ok);
    if (!ok || codeStart == 0) {
        response.status = 0;
        response.reason = u"bad status line in %1"_s.arg(path);
        return response;
    }
    if (codeEnd > 0)
        response.reason = QString::fromUtf8(statusLine.mid(codeEnd + 1).trimmed());
    qsizetype declaredLength = -1;
    bool hasContentType = false;
    while (!rest.isEmpty()) {
        const QByteArray line = takeLine(rest);
        if (line.trimmed().isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (sameName(name, "Content-Length")) {
            declaredLength = value.toLongLong();
            continue;
        }
        if (sameName(name, "Transfer-Encoding") || sameName(name, "Connection"))
            continue; // framing is ours
        hasContentType = hasContentType || sameName(name, "Content-Type");
        response.headers.append({name, value});
    }
    // The file's final newline is not part of the recorded body when Content-Length says so.
    if (declaredLength >= 0 && rest.size() == declaredLength + 1 && rest.endsWith('\n'))
        rest.chop(1);
    else if (declaredLength >= 0 && rest.size() == declaredLength + 2 && rest.endsWith("\r\n"))
        rest.chop(2);
    response.body = rest;
    if (!hasContentType && !rest.isEmpty())
        response.headers.append({"Content-Type", guessContentType(rest, QFileInfo(path).fileName())});
    return response;
}

QString FakeProviderServer::fixturePath(const QString &name)
{
    return QStringLiteral(CRUCIBLE_SHARED_DIR "/reference/fixtures/") + name;
}

FakeProviderServer::Response FakeProviderServer::fromFixtureName(const QString &name)
{
    return fromFixture(fixturePath(name));
}

QStringList FakeProviderServer::fixtureNames()
{
    return QDir(fixturePath(QString())).entryList(QDir::Files, QDir::Name);
}

QByteArray FakeProviderServer::reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 529: return "Overloaded";
    default: return "Unknown";
    }
}

} // namespace Crucible::Test
