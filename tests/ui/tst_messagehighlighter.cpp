#include <QApplication>
#include <QSyntaxHighlighter>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

#include "prompt/messagehighlighter.h"

using namespace Qt::StringLiterals;
using Crucible::MessageHighlighter;

namespace {

/// The format the highlighter gave the character at document position pos (default if none).
QTextCharFormat formatAt(const QTextDocument &document, int pos)
{
    const QTextBlock block = document.findBlock(pos);
    const int inBlock = pos - block.position();
    const QList<QTextLayout::FormatRange> ranges = block.layout()->formats();
    QTextCharFormat format;
    for (const QTextLayout::FormatRange &range : ranges) {
        if (inBlock >= range.start && inBlock < range.start + range.length)
            format = range.format; // later ranges win, as in setFormat()
    }
    return format;
}

} // namespace

class TestMessageHighlighter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void engineIsTheCompiledOne();
    void styledSpans_data();
    void styledSpans();
};

void TestMessageHighlighter::engineIsTheCompiledOne()
{
    QTextDocument document;
    MessageHighlighter highlighter(&document, QApplication::palette());
    QVERIFY(highlighter.syntaxHighlighter());
    QCOMPARE(highlighter.syntaxHighlighter()->document(), &document);
    const QByteArray className = highlighter.syntaxHighlighter()->metaObject()->className();
    if (MessageHighlighter::engine() == MessageHighlighter::Engine::KSyntaxHighlighting)
        QCOMPARE(className, "KSyntaxHighlighting::SyntaxHighlighter"_ba);
    else
        QCOMPARE(className, "Crucible::BuiltInHighlighter"_ba);
}

void TestMessageHighlighter::styledSpans_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("styledPos");
    QTest::addColumn<int>("plainPos");
    QTest::addColumn<bool>("builtInOnly"); // KSyntaxHighlighting's Markdown has no {{variables}}

    QTest::newRow("variable") << u"Hello {{name}}, welcome"_s << 8 << 1 << true;
    QTest::newRow("spaced variable") << u"Dear {{ user.name }}!"_s << 10 << 2 << true;
    QTest::newRow("inline code") << u"run `make` now"_s << 6 << 0 << false;
    QTest::newRow("emphasis") << u"a *very* big deal"_s << 4 << 0 << false;
    QTest::newRow("heading") << u"# Task\nplain words here"_s << 3 << 10 << false;
    QTest::newRow("deep heading") << u"### Rules\nplain words here"_s << 5 << 13 << false;
}

void TestMessageHighlighter::styledSpans()
{
    QFETCH(QString, text);
    QFETCH(int, styledPos);
    QFETCH(int, plainPos);
    QFETCH(bool, builtInOnly);
    if (builtInOnly && MessageHighlighter::engine() != MessageHighlighter::Engine::BuiltIn)
        QSKIP("built-in highlighter rule");

    QTextDocument document;
    MessageHighlighter highlighter(&document, QApplication::palette());
    document.setPlainText(text);
    highlighter.syntaxHighlighter()->rehighlight(); // no event loop runs here

    const QTextCharFormat styled = formatAt(document, styledPos);
    const QTextCharFormat plain = formatAt(document, plainPos);
    QVERIFY2(styled != plain, qPrintable(u"same format at %1 and %2"_s.arg(styledPos).arg(plainPos)));
    QVERIFY(styled != QTextCharFormat());
}

QTEST_MAIN(TestMessageHighlighter)
#include "tst_messagehighlighter.moc"
