#include "prompt/builtinhighlighter.h"

#include <QColor>
#include <QFont>
#include <QFontDatabase>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Crucible {

BuiltInHighlighter::BuiltInHighlighter(QObject *parent)
    : QSyntaxHighlighter(parent)
{
    setDark(false);
}

void BuiltInHighlighter::setDark(bool dark)
{
    m_variable = {};
    m_variable.setForeground(dark ? QColor(0xff, 0xb8, 0x6c) : QColor(0xa0, 0x4a, 0x00));
    m_variable.setBackground(dark ? QColor(0x4a, 0x36, 0x1e) : QColor(0xff, 0xf0, 0xd8));
    m_variable.setFontWeight(QFont::DemiBold);

    m_heading = {};
    m_heading.setForeground(dark ? QColor(0x8a, 0xb4, 0xf8) : QColor(0x1a, 0x4f, 0xa0));
    m_heading.setFontWeight(QFont::Bold);

    m_code = {};
    m_code.setForeground(dark ? QColor(0xa5, 0xd6, 0xa7) : QColor(0x2e, 0x7d, 0x32));
    m_code.setFontFamilies(QFontDatabase::systemFont(QFontDatabase::FixedFont).families());

    m_emphasis = {};
    m_emphasis.setFontItalic(true);

    m_strong = {};
    m_strong.setFontWeight(QFont::Bold);
}

void BuiltInHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression heading(u"^\\s{0,3}#{1,6}(\\s.*)?$"_s);
    static const QRegularExpression strong(u"\\*\\*[^*\\s](?:[^*]*[^*\\s])?\\*\\*"_s);
    static const QRegularExpression emphasis(
        u"(?<![*\\w])\\*[^*\\s](?:[^*]*[^*\\s])?\\*(?![*\\w])|(?<!\\w)_[^_\\s](?:[^_]*[^_\\s])?_(?!\\w)"_s);
    static const QRegularExpression code(u"`[^`]+`"_s);
    static const QRegularExpression variable(u"\\{\\{\\s*[^{}]*?\\s*\\}\\}"_s);

    if (heading.match(text).hasMatch()) {
        setFormat(0, int(text.size()), m_heading);
    } else {
        formatAll(text, emphasis, m_emphasis);
        formatAll(text, strong, m_strong);
    }
    formatAll(text, code, m_code);
    // Variables last: they stay visible inside headings and code spans.
    formatAll(text, variable, m_variable);
}

void BuiltInHighlighter::formatAll(const QString &text, const QRegularExpression &pattern,
                                   const QTextCharFormat &format)
{
    for (auto it = pattern.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        setFormat(int(match.capturedStart()), int(match.capturedLength()), format);
    }
}

} // namespace Crucible
