#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace Crucible {

/// Fallback Markdown-ish highlighting when KF6 SyntaxHighlighting is not available: {{variables}},
/// "# headings", `inline code`, *emphasis* / **strong** and _emphasis_. Line based (no state
/// across blocks). Only compiled into builds without KSyntaxHighlighting.
class BuiltInHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit BuiltInHighlighter(QObject *parent = nullptr);

    /// Picks colours readable on a dark (true) or light (false) editor background.
    /// Call rehighlight() afterwards when the document already has text.
    void setDark(bool dark);

protected:
    void highlightBlock(const QString &text) override;

private:
    void formatAll(const QString &text, const QRegularExpression &pattern,
                   const QTextCharFormat &format);

    QTextCharFormat m_variable;
    QTextCharFormat m_heading;
    QTextCharFormat m_code;
    QTextCharFormat m_emphasis;
    QTextCharFormat m_strong;
};

} // namespace Crucible
