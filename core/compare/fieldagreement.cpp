#include "compare/repeatstats.h"

#include <QHash>

#include <nlohmann/json.hpp>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Crucible {

namespace {

QString escapePointerToken(const QString &key)
{
    QString out = key;
    out.replace(u'~', u"~0"_s);
    out.replace(u'/', u"~1"_s);
    return out;
}

void collectLeaves(const nlohmann::json &node, const QString &pointer, QList<JsonLeaf> &out)
{
    if (node.is_object() && !node.empty()) {
        for (auto it = node.cbegin(); it != node.cend(); ++it)
            collectLeaves(it.value(), pointer + u'/' + escapePointerToken(QString::fromStdString(it.key())), out);
    } else if (node.is_array() && !node.empty()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            collectLeaves(node[i], pointer + u'/' + QString::number(i), out);
    } else {
        out.append({pointer, QString::fromStdString(node.dump())});
    }
}

bool isIndex(QStringView token)
{
    return !token.isEmpty() && token.size() < 10
        && std::all_of(token.cbegin(), token.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

/// Counts values in the order they are given; the modal value is the most common, ties: first seen.
struct ValueTally
{
    QList<QString> order;
    QHash<QString, int> counts;
    void add(const QString &value)
    {
        int &n = counts[value];
        if (n++ == 0)
            order.append(value);
    }
    FieldAgreement result(const QString &pointer) const
    {
        FieldAgreement f;
        f.pointer = pointer;
        for (const QString &value : order) {
            const int n = counts.value(value);
            f.present += n;
            if (n > f.agreeing) {
                f.agreeing = n;
                f.modalValue = value;
            }
        }
        return f;
    }
};

QList<FieldAgreement> tallyResults(const QHash<QString, ValueTally> &tallies)
{
    QList<FieldAgreement> out;
    out.reserve(tallies.size());
    for (auto it = tallies.cbegin(); it != tallies.cend(); ++it)
        out.append(it.value().result(it.key()));
    std::sort(out.begin(), out.end(),
              [](const FieldAgreement &a, const FieldAgreement &b) { return pointerLess(a.pointer, b.pointer); });
    return out;
}

} // namespace

bool pointerLess(const QString &a, const QString &b)
{
    const QList<QStringView> ta = QStringView(a).split(u'/');
    const QList<QStringView> tb = QStringView(b).split(u'/');
    const qsizetype n = std::min(ta.size(), tb.size());
    for (qsizetype i = 0; i < n; ++i) {
        if (ta.at(i) == tb.at(i))
            continue;
        if (isIndex(ta.at(i)) && isIndex(tb.at(i)))
            return ta.at(i).toLongLong() < tb.at(i).toLongLong();
        return ta.at(i).compare(tb.at(i)) < 0;
    }
    return ta.size() < tb.size();
}

QList<JsonLeaf> jsonLeaves(const QString &jsonText)
{
    const QByteArray utf8 = jsonText.toUtf8();
    const nlohmann::json doc = nlohmann::json::parse(utf8.cbegin(), utf8.cend(), nullptr, false);
    QList<JsonLeaf> out;
    if (!doc.is_discarded())
        collectLeaves(doc, QString(), out);
    return out;
}

QList<FieldAgreement> fieldAgreement(const QStringList &jsonTexts)
{
    QHash<QString, ValueTally> tallies;
    for (const QString &text : jsonTexts) {
        for (const JsonLeaf &leaf : jsonLeaves(text))
            tallies[leaf.pointer].add(leaf.value);
    }
    return tallyResults(tallies);
}

QList<FieldAgreement> crossColumnAgreement(const QList<ColumnSummary> &columns)
{
    QHash<QString, ValueTally> tallies;
    for (const ColumnSummary &column : columns) {
        for (const FieldAgreement &field : column.fields)
            tallies[field.pointer].add(field.modalValue);
    }
    return tallyResults(tallies);
}

} // namespace Crucible
