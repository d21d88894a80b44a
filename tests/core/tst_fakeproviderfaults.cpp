// FakeProviderServer faults on the wire (reset, truncation, garbage, stall) and shutdown.

#include <QTest>

#include <cerrno>
#include <memory>

#include "fakeproviderserver.h"
#include "fakeserverwire.h"
#include "rawhttpclient.h"

using namespace Qt::StringLiterals;
using namespace Crucible;
using namespace Crucible::Test;

using Server = FakeProviderServer;

Q_DECLARE_METATYPE(Server::Framing)

class TestFakeProviderFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resetAfterBytes_data();
    void resetAfterBytes();
    void closeAfterBytesTruncates_data();
    void closeAfterBytesTruncates();
    void garbageAfterBytes();
    void stallKeepsSilentWhileOthersAreServed();
    void destructorClosesIdleConnections();
};

void TestFakeProviderFaults::resetAfterBytes_data()
{
    QTest::addColumn<Server::Framing>("framing");
    QTest::newRow("chunked") << Server::Framing::Chunked;
    QTest::newRow("content-length") << Server::Framing::ContentLength;
    QTest::newRow("close-delimited") << Server::Framing::CloseDelimited;
}

void TestFakeProviderFaults::resetAfterBytes()
{
    QFETCH(Server::Framing, framing);
    Server server;
    Server::Response response = sseFixtureResponse();
    response.framing = framing;
    response.chunking = Server::Chunking::Fixed;
    response.fault = Server::Fault::ResetAfter;
    response.faultAfterBytes = 100;
    server.enqueue(response);
    RawHttpClient client(server.port());
    client.send(RawHttpClient::request("POST", "/v1/chat/completions", "{}"));
    client.readUntilClosed();
    QVERIFY2(client.error() == ECONNRESET || (client.error() == 0 && client.sawEof()),
             qPrintable(QString::number(client.error())));
    const RawHttpClient::Response got = RawHttpClient::parse(client.received(), true);
    QVERIFY(!got.complete || framing == Server::Framing::CloseDelimited);
    QVERIFY(got.body.size() <= 100);
    QVERIFY(response.body.startsWith(got.body));
}

void TestFakeProviderFaults::closeAfterBytesTruncates_data()
{
    QTest::addColumn<Server::Framing>("framing");
    QTest::newRow("chunked") << Server::Framing::Chunked;
    QTest::newRow("content-length") << Server::Framing::ContentLength;
}

void TestFakeProviderFaults::closeAfterBytesTruncates()
{
    QFETCH(Server::Framing, framing);
    Server server;
    Server::Response response = sseFixtureResponse();
    response.framing = framing;
    response.chunking = Server::Chunking::Bytewise;
    response.fault = Server::Fault::CloseAfter;
    response.faultAfterBytes = 57;
    server.enqueue(response);
    RawHttpClient client(server.port());
    client.send(RawHttpClient::request("POST", "/v1/chat/completions", "{}"));
    client.readUntilClosed();
    QVERIFY(client.sawEof());
    QCOMPARE(client.error(), 0);
    const RawHttpClient::Response got = RawHttpClient::parse(client.received(), true);
    QVERIFY(!got.complete); // no 0-chunk; fewer bytes than Content-Length
    QCOMPARE(got.body, response.body.left(57));
    if (framing == Server::Framing::ContentLength)
        QCOMPARE(headerValue(got.headers, "Content-Length").toLongLong(), response.body.size());
}

void TestFakeProviderFaults::garbageAfterBytes()
{
    Server server;
    Server::Response response = sseFixtureResponse();
    response.fault = Server::Fault::Garbage;
    response.faultAfterBytes = 30;
    server.enqueue(response);
    const RawHttpClient::Response got = fetchOnce(server);
    QVERIFY(got.complete);
    QCOMPARE(got.body, response.body.left(30) + response.garbageBytes);
    QCOMPARE(got.body.mid(30), QByteArray("\x00\xff\xfe garbage \x01\x02", 14));
}

void TestFakeProviderFaults::stallKeepsSilentWhileOthersAreServed()
{
    auto server = std::make_unique<Server>();
    Server::Response stalled = sseFixtureResponse();
    stalled.framing = Server::Framing::ContentLength;
    stalled.fault = Server::Fault::StallAfter;
    stalled.faultAfterBytes = 20;
    server->enqueue(stalled);
    Server::Response normal = sseFixtureResponse();
    server->enqueue(normal);

    RawHttpClient client(server->port());
    client.send(RawHttpClient::request("POST", "/v1/chat/completions", "{}"));
    RawHttpClient::Response got;
    while (!got.headComplete || got.body.size() < 20) {
        client.readAtLeast(client.received().size() + 1);
        QCOMPARE(client.error(), 0);
        got = RawHttpClient::parse(client.received(), false);
    }
    QCOMPARE(got.body, stalled.body.left(20));

    QCOMPARE(fetchOnce(*server).body, normal.body); // a second connection is served meanwhile
    QVERIFY(client.staysSilent(50));

    server.reset(); // closes the stalled socket too
    client.readUntilClosed();
    QVERIFY(client.sawEof() || client.error() == ECONNRESET);
    QCOMPARE(client.received().size(), got.consumed); // nothing after the stall point
}

void TestFakeProviderFaults::destructorClosesIdleConnections()
{
    auto server = std::make_unique<Server>();
    server->enqueue(sseFixtureResponse());
    RawHttpClient idle(server->port());
    idle.send(RawHttpClient::request("POST", "/v1/chat/completions", "{}"));
    QVERIFY(idle.readResponse().complete);
    RawHttpClient silent(server->port()); // connected, never sends anything
    QVERIFY(silent.isConnected());
    server.reset();
    idle.readUntilClosed();
    silent.readUntilClosed();
    QVERIFY(idle.sawEof());
    QVERIFY(silent.sawEof() || silent.error() == ECONNRESET);
}

QTEST_GUILESS_MAIN(TestFakeProviderFaults)
#include "tst_fakeproviderfaults.moc"
