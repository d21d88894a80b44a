#pragma once

// Private state of CompareController, shared by its .cpp files. Not installed, not API.

#include <QHash>
#include <QMap>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <optional>

#include "catalog/modelcatalog.h"
#include "compare/comparecolumn.h"
#include "engine/runcoordinator.h"
#include "pricing/pricetable.h"
#include "prompt/promptpanel.h"
#include "schema/jsonschemavalidator.h"

namespace Crucible {

class CompareView;
class KeyStore;
class Provider;
class ProviderRegistry;

/// The dynamic property that carries a column's stable id ("c1", "c2", ...): outcomes are kept by
/// it, so moving a column does not move its results to another one.
inline constexpr char ColumnIdProperty[] = "crucibleCompareColumnId";

/// What runAll() prepared for one column before the keys are known.
struct PreparedColumn
{
    QPointer<CompareColumn> column;
    QString id;
    const Provider *provider = nullptr;
    ChatRequest request;
    ProviderSettings settings;
    std::optional<std::int64_t> estimateMax;
};

/// Where a coordinator job belongs.
struct JobInfo
{
    QPointer<CompareColumn> column;
    QString columnId;
    int repeat = 0;
    bool simulated = false;
};

struct CompareController::Private
{
    const ProviderRegistry &providers;
    KeyStore &keys;
    const ModelCatalog *catalog = nullptr;
    QPointer<PromptPanel> prompt;
    QPointer<CompareView> view;

    PriceTable prices;             ///< stable address: the coordinator and runs keep a pointer
    bool havePrices = false;
    RetryPolicy policy;
    QString schemaText;            ///< empty: no schema
    std::shared_ptr<const JsonSchemaValidator> validator;
    std::optional<std::int64_t> budget;

    bool running = false;          ///< from runAll() until the coordinator is idle (or nothing started)
    bool awaitingKeys = false;
    int startSerial = 0;           ///< stopAll() during the key lookups invalidates the answers
    QList<PreparedColumn> prepared;
    int keysPending = 0;
    QHash<QString, QString> keyByProvider; ///< provider id → key (memory only, for this run)
    QStringList secrets;           ///< keys of this run, only to redact them from messages

    QHash<int, JobInfo> jobs;                          ///< coordinator job id → column
    QHash<QString, QMap<int, RunOutcome>> outcomes;    ///< column id → repeat → outcome
    QHash<QString, int> shownJob;  ///< column id → the job whose stream the column shows
    QHash<QString, int> openJobs;  ///< column id → jobs not finished yet
    int submitted = 0;
    int skipped = 0;
    QString budgetText;            ///< "stopped by budget: …" of the last run; empty: none

    QTimer estimateTimer;
    QTimer summaryTimer;

    Private(const ProviderRegistry &p, KeyStore &k, const ModelCatalog *c, PromptPanel *pr, CompareView *v)
        : providers(p), keys(k), catalog(c), prompt(pr), view(v) {}
};

} // namespace Crucible
