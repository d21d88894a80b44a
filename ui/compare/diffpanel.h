#pragma once

#include <QList>
#include <QStringList>
#include <QWidget>

#include "compare/worddiff.h"

class QComboBox;
class QLabel;
class QTextBrowser;

namespace Crucible {

/// Word-level diff between the answers of any two columns: two combos (left, right; titles of the
/// columns), a similarity line ("87 % of words equal · 12 removed · 15 inserted") and the diff
/// rendered as HTML (removed: red strike-through background, inserted: green background, colours
/// from the palette so dark themes stay readable). Texts come from the controller; no logic here
/// beyond calling wordDiff()/diffCounts().
class DiffPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DiffPanel(QWidget *parent = nullptr);
    /// One entry per column: its title and its (latest) answer. Keeps the chosen pair when it
    /// still exists; defaults to columns 1 and 2.
    void setTexts(const QStringList &titles, const QStringList &texts);
    void setPair(int left, int right);
    int left() const;
    int right() const;
    QString html() const;        ///< the rendered diff
    QString summaryText() const; ///< the similarity line

    /// The diff as HTML: Equal text escaped, Removed in <span class="removed"> (line-through),
    /// Inserted in <span class="inserted">, newlines as <br/>; colours chosen for the palette.
    static QString renderHtml(const QList<DiffSegment> &segments, const QPalette &palette);
    /// "87 % of words equal · 12 removed · 15 inserted".
    static QString describeCounts(const DiffCounts &counts);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    QString m_html;
    QString m_shown; ///< what the browser holds (pair + html), to skip identical live updates
    QStringList m_titles;
    QStringList m_texts;
    QComboBox *m_left = nullptr;
    QComboBox *m_right = nullptr;
    QLabel *m_summary = nullptr;
    QTextBrowser *m_view = nullptr;
};

} // namespace Crucible
