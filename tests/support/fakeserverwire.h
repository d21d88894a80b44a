#pragma once

// Helpers shared by the tests that check FakeProviderServer on the wire with RawHttpClient.

#include "fakeproviderserver.h"
#include "rawhttpclient.h"

namespace Crucible::Test {

/// A recorded SSE stream with several events (tool-call fragments), for chunking/fault cases.
inline FakeProviderServer::Response sseFixtureResponse()
{
    return FakeProviderServer::fromFixtureName(QStringLiteral("openai-chat-stream-tool-calls.txt"));
}

/// One request on a fresh connection that asks the server to close afterwards.
inline RawHttpClient::Response fetchOnce(FakeProviderServer &server,
                                         const QByteArray &target = "/v1/chat/completions")
{
    RawHttpClient client(server.port());
    client.send(RawHttpClient::request("POST", target, "{}", {{"Connection", "close"}}));
    return client.readResponse();
}

} // namespace Crucible::Test
