#include "compare/runplan.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Crucible {

PlanEstimate estimatePlan(const QList<std::optional<CostEstimate>> &columns, int repeats, int testCases)
{
    PlanEstimate plan;
    const std::int64_t runsPerColumn = std::int64_t(std::max(1, repeats)) * std::max(1, testCases);
    plan.requests = int(columns.size() * runsPerColumn);
    for (const std::optional<CostEstimate> &column : columns) {
        if (!column || !column->inputExact)
            plan.inputExact = false;
        if (!column || !column->maxMicroUsd) {
            ++plan.unpricedColumns;
            continue;
        }
        ++plan.pricedColumns;
        plan.minMicroUsd += column->minMicroUsd.value_or(0) * runsPerColumn;
        plan.maxMicroUsd += *column->maxMicroUsd * runsPerColumn;
    }
    return plan;
}

QString describePlan(const PlanEstimate &plan)
{
    const QString requests = plan.requests == 1 ? u"1 request"_s : u"%1 requests"_s.arg(plan.requests);
    if (plan.requests == 0)
        return u"no requests"_s;
    QString text;
    const qsizetype columns = plan.unpricedColumns;
    if (plan.pricedColumns == 0) {
        text = u"cost unknown for "_s + requests;
    } else {
        const QString range = plan.minMicroUsd == plan.maxMicroUsd
            ? formatUsd(plan.maxMicroUsd)
            : formatUsd(plan.minMicroUsd) + u"–"_s + formatUsd(plan.maxMicroUsd);
        text = (plan.inputExact ? u"est. "_s : u"≈ "_s) + range + u" for "_s + requests;
    }
    if (columns > 0)
        text += columns == 1 ? u" (1 column not priced)"_s : u" (%1 columns not priced)"_s.arg(columns);
    return text;
}

std::optional<std::int64_t> parseBudgetUsd(const QString &text)
{
    QString s = text.trimmed();
    if (s.startsWith(u'$'))
        s = s.mid(1).trimmed();
    if (s.count(u',') == 1 && !s.contains(u'.'))
        s.replace(u',', u'.');
    static const QRegularExpression number(u"^([0-9]{0,12})(?:\\.([0-9]*))?$"_s);
    const QRegularExpressionMatch match = number.match(s);
    if (!match.hasMatch())
        return std::nullopt;
    const QString whole = match.captured(1);
    QString fraction = match.captured(2);
    if (whole.isEmpty() && fraction.isEmpty())
        return std::nullopt; // "", "." or "$"
    const bool roundUp = fraction.size() > 6 && fraction.at(6) >= u'5';
    fraction = fraction.left(6).leftJustified(6, u'0');
    const std::int64_t micro = whole.toLongLong() * 1'000'000 + fraction.toLongLong() + (roundUp ? 1 : 0);
    return micro;
}

} // namespace Crucible
