#pragma once

#include <QStringList>
#include <QWidget>

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

private:
    void refresh();
    QStringList m_titles;
    QStringList m_texts;
    QComboBox *m_left = nullptr;
    QComboBox *m_right = nullptr;
    QLabel *m_summary = nullptr;
    QTextBrowser *m_view = nullptr;
};

} // namespace Crucible
