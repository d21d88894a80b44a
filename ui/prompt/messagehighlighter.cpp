#include "prompt/messagehighlighter.h"

#include <QPointer>
#include <QSyntaxHighlighter>
#include <QTextDocument>

#ifdef CRUCIBLE_HAVE_KSYNTAXHIGHLIGHTING
#include <QCoreApplication>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#else
#include "prompt/builtinhighlighter.h"
#endif

using namespace Qt::StringLiterals;

namespace Crucible {

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

#ifdef CRUCIBLE_HAVE_KSYNTAXHIGHLIGHTING

namespace {

/// One repository for the whole application (loading the definition index is not free).
/// Owned by the application object, so it never outlives Qt.
KSyntaxHighlighting::Repository &repository()
{
    static QPointer<KSyntaxHighlighting::Repository> s_repository;
    if (!s_repository) {
        s_repository = new KSyntaxHighlighting::Repository;
        s_repository->setParent(QCoreApplication::instance());
    }
    return *s_repository;
}

KSyntaxHighlighting::Theme themeFor(const QPalette &palette)
{
    return repository().defaultTheme(isDarkPalette(palette)
                                         ? KSyntaxHighlighting::Repository::DarkTheme
                                         : KSyntaxHighlighting::Repository::LightTheme);
}

} // namespace

MessageHighlighter::MessageHighlighter(QTextDocument *document, const QPalette &palette)
    : QObject(document)
{
    auto *highlighter = new KSyntaxHighlighting::SyntaxHighlighter(this);
    highlighter->setDefinition(repository().definitionForName(u"Markdown"_s));
    highlighter->setTheme(themeFor(palette));
    highlighter->setDocument(document);
    m_highlighter = highlighter;
}

MessageHighlighter::Engine MessageHighlighter::engine()
{
    return Engine::KSyntaxHighlighting;
}

void MessageHighlighter::setPalette(const QPalette &palette)
{
    auto *highlighter = static_cast<KSyntaxHighlighting::SyntaxHighlighter *>(m_highlighter);
    highlighter->setTheme(themeFor(palette));
    highlighter->rehighlight();
}

#else // built-in fallback

MessageHighlighter::MessageHighlighter(QTextDocument *document, const QPalette &palette)
    : QObject(document)
{
    auto *highlighter = new BuiltInHighlighter(this);
    highlighter->setDark(isDarkPalette(palette));
    highlighter->setDocument(document);
    m_highlighter = highlighter;
}

MessageHighlighter::Engine MessageHighlighter::engine()
{
    return Engine::BuiltIn;
}

void MessageHighlighter::setPalette(const QPalette &palette)
{
    auto *highlighter = static_cast<BuiltInHighlighter *>(m_highlighter);
    highlighter->setDark(isDarkPalette(palette));
    highlighter->rehighlight();
}

#endif

MessageHighlighter::~MessageHighlighter() = default;

} // namespace Crucible
