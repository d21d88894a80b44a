#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <optional>

#include "engine/runoutcome.h"

namespace Crucible {

/// Summary of a list of samples. Percentiles use the nearest-rank method on the sorted samples:
/// pN = sorted[ceil(N/100 * n) - 1] (so p50 of {1,2,3,4} is 2, p95 of 1..20 is 19).
struct Distribution
{
    int count = 0;
    double mean = 0;
    double p50 = 0;
    double p95 = 0;
    double min = 0;
    double max = 0;
};

/// nullopt for no samples. mean is the arithmetic mean; min/max the extremes.
std::optional<Distribution> distributionOf(QList<double> samples);

/// How often one JSON field agrees, over repeats of a column or over columns.
struct FieldAgreement
{
    QString pointer;      ///< JSON Pointer of a leaf ("/items/0/name"); "" for a scalar document
    int present = 0;      ///< outputs that have a value at pointer
    int agreeing = 0;     ///< of those, how many equal the most common value (ties: first seen)
    double agreementPct() const { return present ? 100.0 * agreeing / present : 0; }
    QString modalValue;   ///< the most common value, compact JSON text
};

/// One leaf of a JSON document: objects recurse by key (JSON Pointer escaping: "~" → "~0",
/// "/" → "~1"), arrays by index; scalars and empty objects/arrays are leaves. value is compact
/// JSON text ("\"a\"", "1", "true", "null", "{}", "[]").
struct JsonLeaf
{
    QString pointer;
    QString value;
    friend bool operator==(const JsonLeaf &, const JsonLeaf &) = default;
};

/// The leaves of a JSON text in document order (object keys sorted, as nlohmann stores them);
/// empty for text that is not JSON. A scalar document is one leaf with pointer "".
QList<JsonLeaf> jsonLeaves(const QString &jsonText);

/// Order of FieldAgreement lists: segment by segment; two all-digit segments compare as numbers
/// ("/a/2" < "/a/10"), others as strings (UTF-16); a prefix comes first ("/a" < "/a/0").
bool pointerLess(const QString &a, const QString &b);

/// Per leaf over documents (compact JSON texts; non-JSON ones are skipped): present = documents
/// with that leaf, agreeing = those with the modal value. Sorted by pointerLess.
QList<FieldAgreement> fieldAgreement(const QStringList &jsonTexts);

/// Verdict on one output under a schema (see JsonSchemaValidator); given as a callback so the
/// statistics do not depend on how validation is done. Returns true when the JSON text is valid.
using SchemaCheck = std::function<bool(const QString &jsonText)>;

/// Statistics of one column over its repeats (every RunOutcome with the same target).
/// The timing and cost distributions take every outcome that has the number, whatever its status:
/// ttftMs = metrics.ttftMs(); tokensPerSecond = metrics.outputTokensPerSecond(endNs);
/// totalMs = metrics.elapsedMs(endNs) for runs with sentNs and endNs set; costUsd = costMicroUsd / 1e6.
/// Token sums add every reported usage field (missing fields count 0). Text statistics
/// (identicalPct, JSON, schema, fields) look at Ok runs only.
struct ColumnSummary
{
    QString targetKey;
    QString label;               ///< "simulator · sim-fast" (what the UI shows)
    int runs = 0;                ///< outcomes given
    int okRuns = 0;              ///< status Ok
    int errorRuns = 0;           ///< Error or Truncated (Cancelled counts in neither)
    std::optional<Distribution> ttftMs;          ///< over runs with a TTFT
    std::optional<Distribution> tokensPerSecond; ///< final rate, over runs that have one
    std::optional<Distribution> totalMs;         ///< send → end, over runs that started
    std::optional<Distribution> costUsd;         ///< actual cost in USD, over priced runs
    std::int64_t totalCostMicroUsd = 0;          ///< sum of known costs
    std::int64_t inputTokens = 0;                ///< sums of reported usage
    std::int64_t outputTokens = 0;
    std::int64_t reasoningTokens = 0;
    std::int64_t cachedInputTokens = 0;
    /// Share of Ok runs whose text equals the most common Ok text (100 with one run; nullopt with none).
    std::optional<double> identicalPct;
    int jsonRuns = 0;                        ///< Ok runs whose text parses as JSON (after trimming
                                             ///< whitespace and one ```json fence)
    std::optional<double> jsonPct;           ///< jsonRuns / okRuns
    std::optional<double> schemaValidPct;    ///< with a SchemaCheck and okRuns > 0: valid / okRuns; the
                                             ///< check gets extractJson()'s compact text, non-JSON runs
                                             ///< count as invalid
    QList<FieldAgreement> fields;            ///< fieldAgreement() over the JSON runs
};

/// The JSON document in an answer, or nullopt: whitespace trimmed; a single ```json … ``` (or ```)
/// fence around the whole answer is removed first. Returned as compact JSON text.
std::optional<QString> extractJson(const QString &answer);

/// Summarizes outcomes of one column. schemaCheck may be empty (no schema: schemaValidPct nullopt).
ColumnSummary summarizeColumn(const QString &targetKey, const QString &label,
                              const QList<RunOutcome> &outcomes, const SchemaCheck &schemaCheck = {});

/// Per leaf, how the columns agree: each column contributes its modal value (FieldAgreement.modalValue)
/// for that pointer; agreeing = columns whose modal value is the most common one (ties: the
/// earliest column's). present = columns that have the pointer. Sorted by pointerLess.
QList<FieldAgreement> crossColumnAgreement(const QList<ColumnSummary> &columns);

/// A point to compare: lower cost and lower latency are both better.
struct CostLatencyPoint
{
    double cost = 0;     ///< USD
    double latency = 0;  ///< ms
};

/// Indices of the points on the Pareto frontier (no other point is ≤ in both and < in one),
/// sorted by cost ascending (then latency, then index). Duplicated points are all on the frontier.
/// Points with a NaN coordinate are ignored (never on it, never dominating).
QList<int> paretoFrontier(const QList<CostLatencyPoint> &points);

} // namespace Crucible
