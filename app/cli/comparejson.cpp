// What `crucible-cli compare` prints: the JSON object, the per-run text blocks and the summary table.
#include "comparecommand.h"

#include "clicommon.h"
#include "common/redact.h"
#include "compare/repeatstats.h"
#include "schema/jsonschemavalidator.h"

using namespace Qt::StringLiterals;

namespace Crucible::Cli {

namespace {

/// {"mean","p50","p95"} scaled by `scale`, or null.
QByteArray distributionJson(const std::optional<Distribution> &d, int decimals, double scale = 1.0)
{
    if (!d)
        return "null"_ba;
    return "{\"mean\":" + decimalJson(d->mean * scale, decimals) + ",\"p50\":" + decimalJson(d->p50 * scale, decimals)
        + ",\"p95\":" + decimalJson(d->p95 * scale, decimals) + '}';
}

/// One summarizeColumn() per target, over that target's runs in run order.
QList<ColumnSummary> summaries(const QList<CompareTargetPlan> &targets, const QList<CompareRun> &runs,
                               const JsonSchemaValidator *validator)
{
    QList<ColumnSummary> out;
    for (int t = 0; t < targets.size(); ++t) {
        QList<RunOutcome> outcomes;
        for (const CompareRun &run : runs) {
            if (run.target == t)
                outcomes.append(run.outcome);
        }
        out.append(summarizeColumn(targets.at(t).key, targets.at(t).key, outcomes,
                                   validator ? validator->validityCheck() : SchemaCheck{}));
    }
    return out;
}

QByteArray summaryJson(const ColumnSummary &s)
{
    return "{\"target\":" + jsonString(s.targetKey) + ",\"runs\":" + QByteArray::number(s.runs)
        + ",\"ok\":" + QByteArray::number(s.okRuns) + ",\"errors\":" + QByteArray::number(s.errorRuns)
        + ",\"ttft_ms\":" + distributionJson(s.ttftMs, 3) + ",\"tokens_per_s\":" + distributionJson(s.tokensPerSecond, 2)
        + ",\"total_ms\":" + distributionJson(s.totalMs, 3) + ",\"cost_usd\":" + distributionJson(s.costUsd, 8)
        + ",\"total_cost_usd\":" + (s.costUsd ? dollarsJson(s.totalCostMicroUsd) : "null"_ba)
        + ",\"identical_pct\":" + decimalJson(s.identicalPct, 2) + ",\"json_pct\":" + decimalJson(s.jsonPct, 2)
        + ",\"schema_valid_pct\":" + decimalJson(s.schemaValidPct, 2) + '}';
}

/// Left-aligned cells padded to each column's width, two spaces apart.
QByteArray table(const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QStringList &row : rows) {
        for (qsizetype c = 0; c < row.size(); ++c) {
            if (widths.size() <= c)
                widths.append(0);
            widths[c] = std::max(widths[c], row.at(c).size());
        }
    }
    QByteArray out;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c)
            line += (c ? u"  "_s : QString()) + (c + 1 < row.size() ? row.at(c).leftJustified(widths.at(c)) : row.at(c));
        out += line.toUtf8() + '\n';
    }
    return out;
}

QString cell(const std::optional<double> &value, int decimals, const QString &suffix = {})
{
    return value ? QString::fromLatin1(decimalJson(value, decimals)) + suffix : u"-"_s;
}

QString meanP95(const std::optional<Distribution> &d, int decimals)
{
    if (!d)
        return u"-"_s;
    return cell(d->mean, decimals) + u" / "_s + cell(d->p95, decimals);
}

} // namespace

QByteArray compareJson(const QList<CompareTargetPlan> &targets, const QList<CompareRun> &runs,
                       const QStringList &secrets, const JsonSchemaValidator *validator)
{
    QByteArray out = "{\"runs\":[";
    for (qsizetype i = 0; i < runs.size(); ++i) {
        const CompareRun &run = runs.at(i);
        const CompareTargetPlan &target = targets.at(run.target);
        QByteArray object = outcomeJson(run.outcome, secrets, target.extras);
        object.chop(1); // the closing brace: the compare keys follow
        object += ",\"target\":" + jsonString(target.key) + ",\"repeat\":" + QByteArray::number(run.repeat)
            + ",\"attempts\":" + QByteArray::number(run.attempts) + '}';
        out += (i ? ","_ba : QByteArray()) + withValidation(object, run.outcome, validator, secrets);
    }
    out += "],\"summary\":[";
    const QList<ColumnSummary> columns = summaries(targets, runs, validator);
    for (qsizetype i = 0; i < columns.size(); ++i)
        out += (i ? ","_ba : QByteArray()) + summaryJson(columns.at(i));
    return out + "]}";
}

QByteArray compareRunBlock(const CompareTargetPlan &target, const CompareRun &run, const QStringList &secrets)
{
    QByteArray out = "== " + target.key.toUtf8() + " #" + QByteArray::number(run.repeat) + " ==\n";
    const RunOutcome &o = run.outcome;
    QString text = redacted(o.text, secrets);
    if (!text.isEmpty() && !text.endsWith(u'\n'))
        text += u'\n';
    out += text.toUtf8();
    QStringList facts;
    if (run.attempts > 1)
        facts << u"%1 attempts"_s.arg(run.attempts);
    if (o.status != RunOutcome::Status::Ok) {
        const ProviderError &e = o.error;
        facts << statusName(o.status) + u": "_s + errorHeadline(e)
                + (e.message.isEmpty() ? QString() : u": "_s + redacted(e.message, secrets).simplified());
    }
    if (!facts.isEmpty())
        out += "[" + facts.join(u"; "_s).toUtf8() + "]\n";
    return out + '\n';
}

QByteArray compareTable(const QList<CompareTargetPlan> &targets, const QList<CompareRun> &runs,
                        const JsonSchemaValidator *validator)
{
    QList<QStringList> rows;
    rows.append({u"target"_s, u"runs"_s, u"ok"_s, u"errors"_s, u"ttft ms mean/p95"_s, u"tok/s mean/p95"_s,
                 u"total ms mean/p95"_s, u"cost $"_s, u"identical"_s, u"json"_s});
    if (validator)
        rows.first().append(u"schema"_s);
    for (const ColumnSummary &s : summaries(targets, runs, validator)) {
        rows.append({s.targetKey, QString::number(s.runs), QString::number(s.okRuns), QString::number(s.errorRuns),
                     meanP95(s.ttftMs, 0), meanP95(s.tokensPerSecond, 1), meanP95(s.totalMs, 0),
                     s.costUsd ? QString::fromLatin1(dollarsJson(s.totalCostMicroUsd)) : u"-"_s,
                     cell(s.identicalPct, 0, u" %"_s), cell(s.jsonPct, 0, u" %"_s)});
        if (validator)
            rows.last().append(cell(s.schemaValidPct, 0, u" %"_s));
    }
    return table(rows);
}

} // namespace Crucible::Cli
