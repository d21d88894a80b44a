#include "adaptertestkit.h"

#include <QElapsedTimer>
#include <QTest>

#include <random>

#include "engine/streamsource.h"
#include "providers/httpprovider.h"
#include "transport/httptransport.h"
#include "transport/streamdecoder.h"
#include "transport/transferupdate.h"

using namespace Qt::StringLiterals;

namespace Crucible::Test {

namespace {

QString field(const std::optional<std::int64_t> &v)
{
    return QString::number(v.value_or(-1));
}

using Feeder = std::function<void(StreamDecoder &, QByteArrayView, std::vector<StreamEvent> &)>;

QStringList decodeWith(const DecoderFactory &make, const FakeProviderServer::Response &r, const Feeder &feed)
{
    std::unique_ptr<StreamDecoder> decoder = make();
    std::vector<StreamEvent> events;
    decoder->begin(r.status, r.headers);
    feed(*decoder, r.body, events);
    decoder->finish(events);
    return describeEvents(events);
}

} // namespace

QString describeEvent(const StreamEvent &e)
{
    switch (e.kind) {
    case StreamEvent::Kind::TextDelta: return u"text "_s + e.text;
    case StreamEvent::Kind::ReasoningDelta: return u"reasoning "_s + e.text;
    case StreamEvent::Kind::Finish: return u"finish "_s + e.finishReason;
    case StreamEvent::Kind::Meta: return u"meta "_s + e.text;
    case StreamEvent::Kind::ToolCall:
        return u"tool %1 %2 %3"_s.arg(e.toolCall.id, e.toolCall.name, e.toolCall.argumentsJson);
    case StreamEvent::Kind::Usage:
        return u"usage in=%1 cached=%2 write=%3 out=%4 reasoning=%5"_s.arg(
            field(e.usage.inputTokens), field(e.usage.cachedInputTokens), field(e.usage.cacheWriteInputTokens),
            field(e.usage.outputTokens), field(e.usage.reasoningTokens));
    case StreamEvent::Kind::Error: {
        QString s = u"error %1 %2"_s.arg(errorClassName(e.error.errorClass)).arg(e.error.httpStatus);
        if (e.error.retryAfterSeconds)
            s += u" retry=%1"_s.arg(*e.error.retryAfterSeconds);
        return s + u": "_s + e.error.message;
    }
    }
    return {};
}

QStringList describeEvents(const std::vector<StreamEvent> &events)
{
    QStringList out;
    for (const StreamEvent &e : events)
        out << describeEvent(e);
    return out;
}

QStringList decodeWhole(const DecoderFactory &make, const FakeProviderServer::Response &response)
{
    return decodeWith(make, response, [](StreamDecoder &d, QByteArrayView body, std::vector<StreamEvent> &out) {
        d.feed(body, out);
    });
}

QStringList decodeBytewise(const DecoderFactory &make, const FakeProviderServer::Response &response)
{
    return decodeWith(make, response, [](StreamDecoder &d, QByteArrayView body, std::vector<StreamEvent> &out) {
        for (qsizetype i = 0; i < body.size(); ++i)
            d.feed(body.sliced(i, 1), out);
    });
}

QStringList decodeRandom(const DecoderFactory &make, const FakeProviderServer::Response &response,
                         quint32 seed, int maxSlice)
{
    return decodeWith(make, response, [seed, maxSlice](StreamDecoder &d, QByteArrayView body,
                                                       std::vector<StreamEvent> &out) {
        std::mt19937 rng(seed);
        std::uniform_int_distribution<int> size(1, std::max(1, maxSlice));
        qsizetype at = 0;
        while (at < body.size()) {
            const qsizetype n = std::min<qsizetype>(size(rng), body.size() - at);
            d.feed(body.sliced(at, n), out);
            at += n;
        }
    });
}

ReplayOutcome replay(const HttpProvider &provider, FakeProviderServer &server, const ChatRequest &request,
                     ProviderSettings settings, const QString &basePath)
{
    ReplayOutcome outcome;
    HttpTransport transport;
    settings.baseUrl = QUrl(server.baseUrl().toString() + basePath);
    if (settings.timeouts.idle.count() == 60000)
        settings.timeouts.idle = std::chrono::milliseconds(10000);
    if (settings.timeouts.total.count() == 0)
        settings.timeouts.total = std::chrono::milliseconds(30000);
    auto source = provider.createSource(request, settings, transport);
    if (!source.ok()) {
        outcome.setupError = source.error().message;
        return outcome;
    }
    bool done = false;
    QObject::connect(source.value().get(), &StreamSource::updated, source.value().get(),
                     [&](const TransferUpdate &u) {
                         if (u.headersArrived)
                             outcome.httpStatus = u.httpStatus;
                         for (const TimedEvent &t : u.events)
                             outcome.events << describeEvent(t.event);
                         if (u.finished) {
                             ++outcome.finishedUpdates;
                             outcome.transportError = u.transportError;
                             done = true;
                         }
                     });
    source.value()->start();
    QElapsedTimer timer;
    timer.start();
    while (!done && timer.elapsed() < 20000)
        QTest::qWait(5);
    if (!done)
        outcome.events << u"(no final update)"_s;
    return outcome;
}

ChatRequest sampleRequest(const QString &model)
{
    ChatRequest request;
    request.model = model;
    request.messages = {{ChatMessage::Role::System, u"Be terse."_s}, {ChatMessage::Role::User, u"Weather?"_s}};
    request.maxOutputTokens = 100;
    return request;
}

OpenAIChatProfile openAIProfileNamed(const QString &id)
{
    if (id == "openai"_L1)
        return OpenAIProfiles::openAI();
    for (const OpenAIChatProfile &p : OpenAIProfiles::compatibleProfiles()) {
        if (p.id == id)
            return p;
    }
    qFatal("unknown profile %s", qPrintable(id));
    return {};
}

} // namespace Crucible::Test
