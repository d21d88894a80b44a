// The replay and fault-matrix runners of adaptertestkit.h (shared by the *replay tests).

#include "adaptertestkit.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace Crucible::Test {

using Server = FakeProviderServer;

QList<Delivery> standardDeliveries()
{
    return {{"whole", Server::Chunking::Whole, Server::Framing::ContentLength, 1},
            {"bytewise", Server::Chunking::Bytewise, Server::Framing::Chunked, 1},
            {"random-1", Server::Chunking::Random, Server::Framing::Chunked, 1},
            {"random-2", Server::Chunking::Random, Server::Framing::Chunked, 2},
            {"random-3", Server::Chunking::Random, Server::Framing::CloseDelimited, 3}};
}

void addReplayRows(const QList<QPair<QString, QString>> &fixturesAndLastEvents, const QList<Delivery> &deliveries)
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("chunking");
    QTest::addColumn<int>("framing");
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<QString>("lastEvent");
    for (const auto &[f, last] : fixturesAndLastEvents) {
        const QByteArray name = f.chopped(4).toUtf8();
        for (const Delivery &d : deliveries)
            QTest::newRow((name + '/' + d.label).constData()) << f << int(d.chunking) << int(d.framing) << d.seed << last;
    }
}

void checkReplayRow(const DecoderFactory &decoder, const ReplayRunner &run, int chunkSize, const QStringList &expected)
{
    QFETCH(QString, fixture);
    QFETCH(int, chunking);
    QFETCH(int, framing);
    QFETCH(quint32, seed);
    QFETCH(QString, lastEvent);
    Server server;
    QVERIFY(server.isListening());
    Server::Response r = Server::fromFixtureName(fixture);
    QVERIFY2(r.status != 0, qPrintable(r.reason));
    const QStringList reference = decodeWhole(decoder, r);
    QVERIFY(!reference.isEmpty());
    if (!lastEvent.isEmpty())
        QCOMPARE(reference.last(), lastEvent);
    if (!expected.isEmpty())
        QCOMPARE(reference, expected);
    r.chunking = Server::Chunking(chunking);
    r.framing = Server::Framing(framing);
    r.seed = seed;
    r.chunkSize = chunkSize;
    server.enqueue(r);
    const ReplayOutcome got = run(server, {});
    QCOMPARE(got.setupError, QString());
    QCOMPARE(got.finishedUpdates, 1);
    QCOMPARE(got.transportError.errorClass, ErrorClass::None);
    QCOMPARE(got.httpStatus, r.status);
    QCOMPARE(got.events, reference);
}

Server::Response faultResponse(int status, const QByteArray &body, const HttpHeaders &headers)
{
    Server::Response r;
    r.status = status;
    r.headers = headers;
    r.body = body;
    return r;
}

void addHttpErrorColumns()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
}

void checkHttpErrorRow(const ReplayRunner &run, const HttpHeaders &headers, Server::Chunking chunking,
                       int chunkSize, const QByteArray &retryHeader)
{
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    Server server;
    Server::Response r = faultResponse(status, body, headers);
    if (!retryAfter.isEmpty())
        r.headers.append({retryHeader, retryAfter});
    r.chunking = chunking;
    r.chunkSize = chunkSize;
    server.enqueue(r);
    const ReplayOutcome got = run(server, {});
    QCOMPARE(got.httpStatus, status);
    QCOMPARE(got.finishedUpdates, 1);
    QCOMPARE(got.transportError.errorClass, ErrorClass::None);
    QCOMPARE(got.events, QStringList{expected});
}

Server::Response fixtureWithFault(const QString &name, Server::Fault fault,
                                  const std::function<qsizetype(const QByteArray &)> &afterBytes)
{
    Server::Response r = Server::fromFixtureName(name);
    r.fault = fault;
    r.faultAfterBytes = afterBytes(r.body);
    return r;
}

void checkResetIsNetwork(const ReplayRunner &run, const Server::Response &r, ReplayOutcome *got)
{
    QVERIFY(r.fault == Server::Fault::ResetAfter);
    Server server;
    server.enqueue(r);
    *got = run(server, {});
    QCOMPARE(got->finishedUpdates, 1);
    QCOMPARE(errorClassName(got->transportError.errorClass), u"network"_s);
    QVERIFY(!got->transportError.message.isEmpty());
    // What arrived before the reset is partial: no finish, no decoder verdict.
    for (const QString &e : std::as_const(got->events))
        QVERIFY2(!e.startsWith(u"finish"_s) && !e.startsWith(u"error"_s), qPrintable(e));
}

void checkCloseIsTruncated(const ReplayRunner &run, const Server::Response &r, ReplayOutcome *got,
                           const QString &prefix)
{
    QVERIFY(r.fault == Server::Fault::CloseAfter);
    Server server;
    server.enqueue(r);
    *got = run(server, {});
    QCOMPARE(got->finishedUpdates, 1);
    QCOMPARE(got->transportError.errorClass, ErrorClass::None); // a clean close is the decoder's call
    QVERIFY(!got->events.isEmpty());
    QVERIFY2(got->events.last().startsWith(prefix), qPrintable(got->events.last()));
}

void checkStallIsTimeout(const ReplayRunner &run, const Server::Response &r, std::chrono::milliseconds idle,
                         ReplayOutcome *got)
{
    QVERIFY(r.fault == Server::Fault::StallAfter);
    Server server;
    server.enqueue(r);
    ProviderSettings settings;
    settings.timeouts.idle = idle;
    *got = run(server, settings);
    QCOMPARE(got->finishedUpdates, 1);
    QCOMPARE(errorClassName(got->transportError.errorClass), u"timeout"_s);
    QVERIFY(!got->transportError.message.isEmpty());
}

void checkGarbageIsMalformed(const ReplayRunner &run, const QString &name,
                             const std::function<qsizetype(const QByteArray &)> &firstEventEnd, int eventsWhenLate,
                             const QString &prefix)
{
    for (bool atStart : {true, false}) {
        Server server;
        Server::Response r = fixtureWithFault(name, Server::Fault::Garbage,
                                              [&](const QByteArray &body) { return atStart ? 0 : firstEventEnd(body); });
        r.chunking = Server::Chunking::Random;
        server.enqueue(r);
        const ReplayOutcome got = run(server, {});
        QCOMPARE(got.transportError.errorClass, ErrorClass::None);
        QVERIFY(!got.events.isEmpty());
        QVERIFY2(got.events.last().startsWith(prefix), qPrintable(got.events.last()));
        QCOMPARE(got.events.size(), atStart ? 1 : eventsWhenLate);
    }
}

} // namespace Crucible::Test
