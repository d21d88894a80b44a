#include "simulator/simulatorprose.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <array>

#include "simulator/simrandom.h"
#include "simulator/simtokenizer.h"

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

// Slots: {k} keyword, {j} another keyword, {n} noun, {a} adjective, {v} verb.
constexpr std::array Openers = {
    u"Here is a short take on {k}.",
    u"Good question about {k}.",
    u"Let's look at {k} step by step.",
    u"In short, {k} comes down to a few {a} ideas.",
    u"Sure, here is how I would think about {k}.",
};
constexpr std::array Body = {
    u"The first thing to consider is how {k} affects the {n}.",
    u"A {a} approach is to {v} the {n} before changing anything else.",
    u"When {k} and {j} interact, the {n} usually becomes the bottleneck.",
    u"Most teams {v} the {n} early, which keeps {k} {a}.",
    u"It helps to measure the {n} first, then {v} it in small steps.",
    u"In practice, {k} works best when the {n} stays {a}.",
    u"One common mistake is to ignore the {n} until {k} is already a problem.",
    u"You can {v} the {n} with a {a} checklist.",
    u"If the {n} looks wrong, revisit your assumptions about {k}.",
    u"Keep the {n} {a} and write down every change to {k}.",
    u"Compare two versions side by side to see how {k} changes the {n}.",
    u"A {a} {n} makes it easier to reason about {j}.",
    u"For example, you could {v} the {n} and check whether {k} improves.",
    u"Note that {k} rarely fails on its own; the {n} is often the real cause.",
};
constexpr std::array Closers = {
    u"That should give you a {a} starting point.",
    u"Start small, measure, and iterate on {k}.",
    u"Let me know if you want more detail on {k}.",
    u"Hope this helps with {k}.",
};
constexpr std::array Nouns = {
    u"baseline", u"result", u"output", u"workflow", u"design", u"trade-off", u"budget",
    u"latency", u"context", u"structure", u"prompt", u"evaluation", u"feedback loop",
    u"edge case", u"example", u"constraint", u"schema", u"signal", u"test set", u"summary",
};
constexpr std::array Adjectives = {
    u"clear", u"simple", u"robust", u"consistent", u"practical", u"careful", u"stable",
    u"measurable", u"focused", u"reliable",
};
constexpr std::array Verbs = {
    u"review", u"simplify", u"test", u"refine", u"measure", u"validate", u"compare",
    u"restructure", u"tighten", u"document",
};
constexpr std::array Fallback = {u"your question", u"this topic", u"the idea"};

const QSet<QString> &stopWords()
{
    static const QSet<QString> words = {
        u"about"_s, u"after"_s, u"again"_s, u"also"_s, u"because"_s, u"been"_s, u"before"_s,
        u"being"_s, u"between"_s, u"both"_s, u"could"_s, u"does"_s, u"doing"_s, u"each"_s,
        u"from"_s, u"have"_s, u"having"_s, u"here"_s, u"into"_s, u"just"_s, u"like"_s,
        u"make"_s, u"more"_s, u"most"_s, u"much"_s, u"only"_s, u"other"_s, u"over"_s,
        u"please"_s, u"should"_s, u"some"_s, u"such"_s, u"tell"_s, u"than"_s, u"that"_s,
        u"their"_s, u"them"_s, u"then"_s, u"there"_s, u"these"_s, u"they"_s, u"this"_s,
        u"those"_s, u"through"_s, u"under"_s, u"very"_s, u"want"_s, u"were"_s, u"what"_s,
        u"when"_s, u"where"_s, u"which"_s, u"while"_s, u"will"_s, u"with"_s, u"would"_s,
        u"write"_s, u"your"_s, u"yours"_s, u"explain"_s, u"answer"_s, u"give"_s,
        u"user"_s, u"system"_s, u"assistant"_s, u"developer"_s, u"helpful"_s,
        u"simple"_s, u"simply"_s, u"terms"_s, u"short"_s, u"brief"_s, u"briefly"_s,
        u"describe"_s, u"using"_s, u"word"_s, u"words"_s, u"example"_s, u"examples"_s,
        u"better"_s, u"best"_s, u"good"_s, u"great"_s, u"know"_s, u"need"_s, u"help"_s,
        u"thanks"_s, u"thank"_s, u"hello"_s, u"might"_s, u"must"_s, u"sure"_s, u"really"_s,
        u"well"_s, u"many"_s, u"every"_s, u"same"_s, u"onto"_s, u"upon"_s, u"without"_s,
        u"within"_s, u"summarize"_s, u"list"_s, u"show"_s, u"create"_s, u"generate"_s,
        u"question"_s, u"detail"_s, u"details"_s, u"easy"_s, u"step"_s, u"steps"_s,
        u"ways"_s, u"something"_s, u"anything"_s, u"everything"_s, u"okay"_s, u"terse"_s,
    };
    return words;
}

template <typename Array>
QString pick(const Array &array, SimRandom &random)
{
    return QString::fromUtf16(array[std::size_t(random.range(0, std::int64_t(array.size()) - 1))]);
}

QString pickKeyword(const QStringList &keywords, SimRandom &random)
{
    if (keywords.isEmpty())
        return pick(Fallback, random);
    return keywords.at(qsizetype(random.range(0, keywords.size() - 1)));
}

QString fill(QString sentence, const QStringList &keywords, SimRandom &random)
{
    const QString k = pickKeyword(keywords, random);
    QString j = pickKeyword(keywords, random);
    for (int tries = 0; j == k && tries < 4; ++tries)
        j = pickKeyword(keywords, random);
    if (j == k)
        j = pick(Nouns, random);
    sentence.replace(u"{k}"_s, k);
    sentence.replace(u"{j}"_s, j);
    sentence.replace(u"{n}"_s, pick(Nouns, random));
    sentence.replace(u"{a}"_s, pick(Adjectives, random));
    sentence.replace(u"{v}"_s, pick(Verbs, random));
    return sentence;
}

} // namespace

QStringList SimulatorProse::keywords(const QString &prompt, int max)
{
    static const QRegularExpression word(u"[\\p{L}][\\p{L}'-]*"_s);
    QStringList found;
    QStringList lower;
    auto it = word.globalMatch(prompt);
    while (it.hasNext()) {
        QString w = it.next().captured();
        while (w.endsWith(u'\'') || w.endsWith(u'-'))
            w.chop(1);
        const QString key = w.toLower();
        if (w.size() < 4 || stopWords().contains(key) || lower.contains(key))
            continue;
        // "PostgreSQL" keeps its spelling; "Explain" (capitalised only) is lower-cased
        const bool innerCaps = std::any_of(w.cbegin() + 1, w.cend(), [](QChar c) { return c.isUpper(); });
        found.append(innerCaps ? w : key);
        lower.append(key);
    }
    // Longer words are more often the topic ("partitioning") than filler ("faster").
    std::stable_sort(found.begin(), found.end(),
                     [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return found.mid(0, max);
}

QString SimulatorProse::reply(const QStringList &keywords, std::uint64_t seed, int targetTokens)
{
    SimRandom random(seed);
    QString text = fill(pick(Openers, random), keywords, random);
    int tokens = SimTokenizer::count(text);
    int last = -1;
    int inParagraph = 1;
    const int closerBudget = 12;
    while (tokens < targetTokens - closerBudget) {
        int index = int(random.range(0, std::int64_t(Body.size()) - 1));
        if (index == last)
            index = (index + 1) % int(Body.size());
        last = index;
        const QString sentence = fill(QString::fromUtf16(Body[std::size_t(index)]), keywords, random);
        const bool newParagraph = inParagraph >= 3 && random.chance(40);
        const QString piece = (newParagraph ? u"\n\n"_s : u" "_s) + sentence;
        inParagraph = newParagraph ? 1 : inParagraph + 1;
        text += piece;
        tokens += SimTokenizer::count(piece);
    }
    text += u' ' + fill(pick(Closers, random), keywords, random);
    return text;
}

QString SimulatorProse::phrase(const QStringList &keywords, std::uint64_t seed)
{
    SimRandom random(seed);
    QString text = random.chance(60) ? pickKeyword(keywords, random) + u' ' + pick(Nouns, random)
                                     : pick(Adjectives, random) + u' ' + pick(Nouns, random);
    text[0] = text.at(0).toUpper();
    return text;
}

} // namespace Crucible
