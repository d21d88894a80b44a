#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include "engine/modelrun.h"
#include "engine/streamsource.h"
#include "pricing/pricetable.h"
#include "providers/providerregistry.h"
#include "simulator/simtokenizer.h"
#include "simulator/simulatorprovider.h"
#include "simulator/simulatorschema.h"
#include "simulator/simulatorscript.h"
#include "core/simulatorschemas.h"
#include "transport/httptransport.h"

using namespace Qt::StringLiterals;
using namespace Crucible;

namespace {

ChatRequest request(const QString &model, const QString &prompt)
{
    ChatRequest r;
    r.model = model;
    r.messages = {{ChatMessage::Role::System, u"You are terse."_s}, {ChatMessage::Role::User, prompt}};
    return r;
}

ProviderSettings fast(const QString &query = {})
{
    ProviderSettings s;
    s.baseUrl = QUrl(u"simulator://local?ttft_ms=0&tokens_per_s=100000&jitter=0"_s
                     + (query.isEmpty() ? QString() : u"&"_s + query));
    return s;
}

SimulatorScript script(const ChatRequest &r, const QString &query = {})
{
    const auto config = SimulatorConfig::parse(fast(query).baseUrl, r.model);
    Q_ASSERT(config.ok());
    return SimulatorScript::build(r, config.value());
}

} // namespace

class TestSimulator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<RunOutcome>();
        qRegisterMetaType<RunMetrics>();
    }

    void provider()
    {
        QCOMPARE(m_provider.id(), u"simulator"_s);
        QCOMPARE(m_provider.displayName(), u"Simulator (offline)"_s);
        QVERIFY(m_provider.isSimulated());
        QVERIFY(!m_provider.requiresApiKey());
        QVERIFY(m_provider.apiKeyEnvVar().isEmpty());
        QCOMPARE(m_provider.suggestedModels(), (QStringList{u"sim-a"_s, u"sim-b"_s, u"sim-fast"_s, u"sim-slow"_s}));
        ProviderRegistry registry;
        QCOMPARE(registry.ids().value(0), u"simulator"_s); // the default comes first
        QVERIFY(registry.find(u"simulator"_s));
        QVERIFY(!registry.find(u"nope"_s));
    }

    void tokenizer_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("pieces");
        QTest::newRow("words") << u"Hello, world!"_s << QStringList{u"Hello"_s, u","_s, u" world"_s, u"!"_s};
        QTest::newRow("long word") << u"a conforming"_s << QStringList{u"a"_s, u" confo"_s, u"rming"_s};
        QTest::newRow("digits") << u"12345"_s << QStringList{u"123"_s, u"45"_s};
        QTest::newRow("apostrophe") << u"it's"_s << QStringList{u"it"_s, u"'s"_s};
        QTest::newRow("newlines") << u"a\n\nb"_s << QStringList{u"a"_s, u"\n\n"_s, u"b"_s};
        QTest::newRow("spaces") << u"a   b"_s << QStringList{u"a"_s, u"  "_s, u" b"_s};
        QTest::newRow("json") << u"{\"a\": 1}"_s << QStringList{u"{\""_s, u"a"_s, u"\":"_s, u" 1"_s, u"}"_s};
        QTest::newRow("empty") << QString() << QStringList{};
    }
    void tokenizer()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, pieces);
        QCOMPARE(SimTokenizer::pieces(text), pieces);
        QCOMPARE(SimTokenizer::pieces(text).join(QString()), text);
    }

    void tokenizerRoundTrips()
    {
        const QString text = u"Ünïcödé wörds, 日本語 and emoji 🎉 — tabs\there\r\n  \"quotes\" 3.14159 don't"_s;
        QCOMPARE(SimTokenizer::pieces(text).join(QString()), text);
    }

    void deterministic()
    {
        const ChatRequest r = request(u"sim-a"_s, u"Explain quicksort partitioning in simple terms"_s);
        const SimulatorScript first = script(r);
        const SimulatorScript second = script(r);
        QCOMPARE(first.pieces, second.pieces);
        QCOMPARE(first.dueNs, second.dueNs);
        QCOMPARE(first.requestId, second.requestId);
        const RunOutcome a = run(r, fast());
        const RunOutcome b = run(r, fast());
        QCOMPARE(a.status, RunOutcome::Status::Ok);
        QCOMPARE(a.text, b.text);
        QCOMPARE(a.text, first.pieces.join(QString()));
        QVERIFY(a.simulated);
    }

    void modelAndPromptSeedTheReply()
    {
        const QString prompt = u"How should I tune database indexes for reporting queries?"_s;
        const QString a = script(request(u"sim-a"_s, prompt)).pieces.join(QString());
        const QString b = script(request(u"sim-b"_s, prompt)).pieces.join(QString());
        const QString c = script(request(u"sim-a"_s, prompt + u" Thanks."_s)).pieces.join(QString());
        QVERIFY(a != b);
        QVERIFY(a != c);
        const QString seeded = script(request(u"sim-a"_s, prompt), u"seed=7"_s).pieces.join(QString());
        QVERIFY(a != seeded);
        // the pace is seeded by the model name too
        const auto paceA = SimulatorConfig::defaultsFor(u"sim-a"_s);
        const auto paceB = SimulatorConfig::defaultsFor(u"sim-b"_s);
        QVERIFY(paceA.ttft != paceB.ttft || paceA.tokensPerSecond != paceB.tokensPerSecond);
        for (const auto &name : {u"sim-a"_s, u"sim-b"_s, u"anything"_s}) {
            const auto pace = SimulatorConfig::defaultsFor(name);
            QVERIFY(pace.ttft.count() >= 150 && pace.ttft.count() <= 600);
            QVERIFY(pace.tokensPerSecond >= 25 && pace.tokensPerSecond <= 90);
        }
        QVERIFY(SimulatorConfig::defaultsFor(u"sim-fast"_s).tokensPerSecond > 200);
        QVERIFY(SimulatorConfig::defaultsFor(u"sim-slow"_s).tokensPerSecond < 10);
    }

    void plausibleReply()
    {
        const ChatRequest r = request(u"sim-b"_s, u"Explain quicksort partitioning in simple terms"_s);
        const RunOutcome outcome = run(r, fast(), nullptr);
        QCOMPARE(outcome.status, RunOutcome::Status::Ok);
        QVERIFY2(outcome.text.contains(u"quicksort"_s) || outcome.text.contains(u"partitioning"_s),
                 qPrintable(outcome.text));
        QVERIFY(outcome.text.endsWith(u'.') || outcome.text.endsWith(u'?'));
        const Usage &u = outcome.metrics.usage;
        QVERIFY(*u.outputTokens >= 30 && *u.outputTokens <= 140);
        // usage is consistent with what streamed
        QCOMPARE(*u.outputTokens, outcome.metrics.textDeltas);
        QCOMPARE(*u.outputTokens, std::int64_t(SimTokenizer::count(outcome.text)));
        QCOMPARE(*u.inputTokens, std::int64_t(SimTokenizer::count(SimulatorScript::renderPrompt(r))));
        QCOMPARE(u.reasoningTokens, std::optional<std::int64_t>(0));
        QCOMPARE(outcome.metrics.finishReason, u"stop"_s);
        QVERIFY(outcome.metrics.requestId.startsWith(u"sim-"_s));
        QVERIFY(outcome.metrics.ttftMs().has_value());
    }

    void pricedLikeMini()
    {
        const auto prices = PriceTable::builtIn();
        QVERIFY(prices.ok());
        const RunOutcome outcome = run(request(u"sim-a"_s, u"hi"_s), fast(), &prices.value());
        QVERIFY(outcome.metrics.priced);
        const Usage &u = outcome.metrics.usage;
        // 0.75 $/M input, 4.50 $/M output, rounded once
        const std::int64_t expected = (*u.inputTokens * 750'000 + *u.outputTokens * 4'500'000 + 500'000) / 1'000'000;
        QCOMPARE(outcome.metrics.costMicroUsd, std::optional<std::int64_t>(expected));
    }

    void maxTokensCutsTheReply_data()
    {
        QTest::addColumn<int>("requestMax");
        QTest::addColumn<QString>("query");
        QTest::newRow("request") << 10 << QString();
        QTest::newRow("url") << 0 << u"max_tokens=10"_s;
        QTest::newRow("smaller wins") << 10 << u"max_tokens=50"_s;
    }
    void maxTokensCutsTheReply()
    {
        QFETCH(int, requestMax);
        QFETCH(QString, query);
        ChatRequest r = request(u"sim-a"_s, u"Write about gardens"_s);
        const QStringList full = script(r).pieces;
        QVERIFY(full.size() > 10);
        if (requestMax > 0)
            r.maxOutputTokens = requestMax;
        const RunOutcome outcome = run(r, fast(query));
        QCOMPARE(outcome.status, RunOutcome::Status::Ok);
        QCOMPARE(outcome.metrics.finishReason, u"length"_s);
        QCOMPARE(outcome.metrics.usage.outputTokens, std::optional<std::int64_t>(10));
        QCOMPARE(outcome.text, full.mid(0, 10).join(QString()));
    }

    void paceFromUrl()
    {
        const ChatRequest r = request(u"sim-a"_s, u"hello there"_s);
        const auto config = SimulatorConfig::parse(QUrl(u"simulator://local?ttft_ms=300&tokens_per_s=40&jitter=0"_s), r.model);
        QVERIFY(config.ok());
        const SimulatorScript s = SimulatorScript::build(r, config.value());
        QCOMPARE(s.dueNs.front(), std::int64_t(300'000'000));
        QCOMPARE(s.dueNs.at(1) - s.dueNs.at(0), std::int64_t(25'000'000));
        QCOMPARE(s.headersNs, std::int64_t(75'000'000));
    }

    void badUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("http") << u"http://127.0.0.1:1/v1"_s;
        QTest::newRow("unknown key") << u"simulator://local?speed=3"_s;
        QTest::newRow("bad number") << u"simulator://local?ttft_ms=soon"_s;
        QTest::newRow("zero rate") << u"simulator://local?tokens_per_s=0"_s;
        QTest::newRow("unknown class") << u"simulator://local?fail=bogus"_s;
    }
    void badUrls()
    {
        QFETCH(QString, url);
        ProviderSettings settings;
        settings.baseUrl = QUrl(url);
        const auto source = m_provider.createSource(request(u"sim-a"_s, u"x"_s), settings, m_transport);
        QVERIFY(!source.ok());
        QCOMPARE(source.error().kind, Error::Kind::Usage);
        const RunOutcome outcome = run(request(u"sim-a"_s, u"x"_s), settings);
        QCOMPARE(outcome.status, RunOutcome::Status::Error);
    }

    void failures_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("errorClass");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<int>("tokensBefore");
        using S = RunOutcome::Status;
        QTest::newRow("rate-limit") << u"fail=rate-limit&retry_after_s=7"_s << int(S::Error) << int(ErrorClass::RateLimit) << 429 << 0;
        QTest::newRow("auth") << u"fail=auth"_s << int(S::Error) << int(ErrorClass::Auth) << 401 << 0;
        QTest::newRow("permission") << u"fail=permission"_s << int(S::Error) << int(ErrorClass::Permission) << 403 << 0;
        QTest::newRow("not-found") << u"fail=not-found"_s << int(S::Error) << int(ErrorClass::NotFound) << 404 << 0;
        QTest::newRow("bad-request") << u"fail=bad-request"_s << int(S::Error) << int(ErrorClass::BadRequest) << 400 << 0;
        QTest::newRow("context-length") << u"fail=context-length"_s << int(S::Error) << int(ErrorClass::ContextLength) << 400 << 0;
        QTest::newRow("overloaded") << u"fail=overloaded"_s << int(S::Error) << int(ErrorClass::Overloaded) << 529 << 0;
        QTest::newRow("server") << u"fail=server&fail_after=3"_s << int(S::Error) << int(ErrorClass::Server) << 0 << 3;
        QTest::newRow("network") << u"fail=network"_s << int(S::Error) << int(ErrorClass::Network) << 0 << 5;
        QTest::newRow("timeout") << u"fail=timeout&fail_after=2"_s << int(S::Error) << int(ErrorClass::Timeout) << 0 << 2;
        QTest::newRow("truncated") << u"fail=truncated&fail_after=4"_s << int(S::Truncated) << int(ErrorClass::Truncated) << 0 << 4;
        QTest::newRow("malformed") << u"fail=malformed&fail_after=0"_s << int(S::Error) << int(ErrorClass::Malformed) << 0 << 0;
        QTest::newRow("cancelled") << u"fail=cancelled&fail_after=1"_s << int(S::Cancelled) << int(ErrorClass::Cancelled) << 0 << 1;
    }
    void failures()
    {
        QFETCH(QString, query);
        QFETCH(int, status);
        QFETCH(int, errorClass);
        QFETCH(int, httpStatus);
        QFETCH(int, tokensBefore);
        const ChatRequest r = request(u"sim-a"_s, u"Tell me about failure modes"_s);
        const RunOutcome outcome = run(r, fast(query));
        QCOMPARE(int(outcome.status), status);
        QCOMPARE(int(outcome.error.errorClass), errorClass);
        QCOMPARE(outcome.error.httpStatus, httpStatus);
        QVERIFY(!outcome.error.message.isEmpty());
        QCOMPARE(outcome.metrics.textDeltas, std::int64_t(tokensBefore));
        QCOMPARE(outcome.text, script(r).pieces.mid(0, tokensBefore).join(QString()));
        if (errorClass == int(ErrorClass::RateLimit))
            QCOMPARE(outcome.error.retryAfterSeconds, std::optional<double>(7.0));
    }

    void totalTimeout()
    {
        ProviderSettings settings;
        settings.baseUrl = QUrl(u"simulator://local?ttft_ms=0&tokens_per_s=20"_s);
        settings.timeouts.total = std::chrono::milliseconds(100);
        const RunOutcome outcome = run(request(u"sim-a"_s, u"a long answer please"_s), settings);
        QCOMPARE(outcome.status, RunOutcome::Status::Error);
        QCOMPARE(outcome.error.errorClass, ErrorClass::Timeout);
        QVERIFY(!outcome.text.isEmpty());
    }

    void cancelIsPrompt()
    {
        ProviderSettings settings; // sim-slow: 1.5 s TTFT, 6 tokens/s
        ModelRun run(m_provider, request(u"sim-slow"_s, u"take your time"_s), settings, m_transport, nullptr);
        QSignalSpy done(&run, &ModelRun::finished);
        run.start();
        QTest::qWait(20);
        run.cancel();
        QCOMPARE(done.count(), 1); // synchronously, no timer left to wait for
        const RunOutcome outcome = done.first().first().value<RunOutcome>();
        QCOMPARE(outcome.status, RunOutcome::Status::Cancelled);
        QCOMPARE(outcome.error.errorClass, ErrorClass::Cancelled);
    }

    void schemaInstances_data()
    {
        QTest::addColumn<QString>("schema");
        QTest::newRow("person") << QString::fromUtf8(SimulatorSchemas::Person);
        QTest::newRow("refs") << QString::fromUtf8(SimulatorSchemas::Refs);
        QTest::newRow("nested array") << QString::fromUtf8(SimulatorSchemas::NestedArray);
    }
    void schemaInstances()
    {
        QFETCH(QString, schema);
        ChatRequest r = request(u"sim-a"_s, u"Extract the fields"_s);
        r.jsonSchema = schema;
        const RunOutcome outcome = run(r, fast());
        QCOMPARE(outcome.status, RunOutcome::Status::Ok);
        QVERIFY(outcome.metrics.textDeltas > 5); // streamed in pieces
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(outcome.text.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(outcome.text));
        const QJsonObject schemaObject = QJsonDocument::fromJson(schema.toUtf8()).object();
        const QString problem = SimulatorSchemas::validate(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()),
                                                          schemaObject, schemaObject);
        QVERIFY2(problem.isEmpty(), qPrintable(problem + u"\n"_s + outcome.text));
        QCOMPARE(outcome.metrics.usage.outputTokens, std::optional<std::int64_t>(SimTokenizer::count(outcome.text)));
    }

    void schemaSpecifics()
    {
        const auto instance = SimulatorSchema::instance(QString::fromUtf8(SimulatorSchemas::Person), {}, 42);
        QVERIFY(instance.ok());
        const QJsonObject o = QJsonDocument::fromJson(instance.value().toUtf8()).object();
        QCOMPARE(o.value(u"kind"_s).toString(), u"person"_s); // const
        QVERIFY(QRegularExpression(u"^\\d{4}-\\d{2}-\\d{2}$"_s).match(o.value(u"born"_s).toString()).hasMatch());
        QVERIFY(o.value(u"email"_s).toString().contains(u'@'));
        QVERIFY(o.value(u"homepage"_s).toString().startsWith(u"https://"_s));
        const int age = o.value(u"age"_s).toInt(-1);
        QVERIFY(age >= 18 && age <= 30);
        QVERIFY(o.value(u"nickname"_s).isString() || o.value(u"nickname"_s).isNull());
        // same seed, same instance; another seed may differ but stays valid
        QCOMPARE(SimulatorSchema::instance(QString::fromUtf8(SimulatorSchemas::Person), {}, 42).value(), instance.value());
        QVERIFY(!SimulatorSchema::instance(u"{not json"_s, {}, 1).ok());
    }

    void invalidSchemaIsBadRequest()
    {
        ChatRequest r = request(u"sim-a"_s, u"x"_s);
        r.jsonSchema = u"{oops"_s;
        const RunOutcome outcome = run(r, fast());
        QCOMPARE(outcome.status, RunOutcome::Status::Error);
        QCOMPARE(outcome.error.errorClass, ErrorClass::BadRequest);
        QCOMPARE(outcome.error.httpStatus, 400);
    }

private:
    RunOutcome run(const ChatRequest &r, const ProviderSettings &settings, const PriceTable *prices = nullptr)
    {
        ModelRun run(m_provider, r, settings, m_transport, prices);
        QSignalSpy done(&run, &ModelRun::finished);
        run.start();
        if (!done.wait(20000) || done.count() != 1)
            return {};
        return done.first().first().value<RunOutcome>();
    }

    SimulatorProvider m_provider;
    HttpTransport m_transport;
};

QTEST_GUILESS_MAIN(TestSimulator)
#include "tst_simulator.moc"
