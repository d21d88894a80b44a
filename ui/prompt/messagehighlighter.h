#pragma once

#include <QObject>
#include <QPalette>

class QSyntaxHighlighter;
class QTextDocument;

namespace Crucible {

/// Colours one message editor's document as Markdown. Exactly one engine is compiled in: with
/// KF6 SyntaxHighlighting (CRUCIBLE_HAVE_KSYNTAXHIGHLIGHTING) its "Markdown" definition and a light
/// or dark theme picked from the palette; without it a small built-in highlighter that colours
/// {{variables}}, headings, `code` and *emphasis*.
/// Lives on the GUI thread; it is a child of the document and dies with it.
class MessageHighlighter : public QObject
{
    Q_OBJECT
public:
    enum class Engine { KSyntaxHighlighting, BuiltIn };

    MessageHighlighter(QTextDocument *document, const QPalette &palette);
    ~MessageHighlighter() override;

    static Engine engine(); ///< the engine this build compiled in
    QSyntaxHighlighter *syntaxHighlighter() const { return m_highlighter; }

    /// Re-picks colours (light/dark) after a palette change and re-highlights.
    void setPalette(const QPalette &palette);

private:
    QSyntaxHighlighter *m_highlighter = nullptr; ///< child of this
};

/// True when the palette's base (editor background) colour is dark.
bool isDarkPalette(const QPalette &palette);

} // namespace Crucible
