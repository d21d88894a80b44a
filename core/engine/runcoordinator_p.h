#pragma once

// Private state of RunCoordinator (runcoordinator.cpp: queue, limits, budget; runcoordinatorattempt.cpp:
// one attempt's life).

#include <QHash>
#include <QList>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <map>
#include <set>

#include "engine/runcoordinator.h"

namespace Crucible {

struct RunCoordinator::Private
{
    /// Queued: waiting for a slot (or the budget); Waiting: retry timer running (no slot);
    /// Running: a ModelRun in flight; Finishing: its finished() is being handled (signals going
    /// out); Done: result final.
    enum class State { Queued, Waiting, Running, Finishing, Done };

    struct Job
    {
        RunJob job;
        JobResult result;
        State state = State::Queued;
        int attempt = 1;               ///< the current / next attempt, 1-based
        std::int64_t queuedNs = 0;     ///< of the current attempt
        std::int64_t startedNs = 0;
        bool queuedSignalled = false;  ///< attemptQueued(id, 1) went out
        bool cancelRequested = false;
        std::int64_t reserved = 0;     ///< estimate held while running
        QString providerId;
        QPointer<ModelRun> run;
        QPointer<QTimer> retryTimer;
    };

    Private(HttpTransport &t, const PriceTable *p) : transport(t), prices(p) {}

    HttpTransport &transport;
    const PriceTable *prices;
    std::function<double()> random;
    std::map<int, Job> jobs;           ///< by id = submission order
    std::set<int> queued;              ///< ids in State::Queued
    std::set<int> unsignalled;         ///< ids whose attemptQueued(id, 1) has not gone out
    QList<int> finishedOrder;
    QHash<QString, int> runningPerProvider;
    int running = 0;
    int waiting = 0;                   ///< jobs in State::Waiting
    int active = 0;                    ///< jobs not Done
    int nextId = 1;
    std::int64_t spent = 0;
    std::int64_t reserved = 0;
    bool exhausted = false;
    bool pumpScheduled = false;
    bool busy = false;                 ///< a job was submitted since the last idle()

    /// Moves a job between states, keeping the queue, counters, reservation and retry timer right.
    void setState(Job &job, int id, State next);

    Job *find(int id)
    {
        auto it = jobs.find(id);
        return it == jobs.end() ? nullptr : &it->second;
    }
    const Job *find(int id) const
    {
        auto it = jobs.find(id);
        return it == jobs.end() ? nullptr : &it->second;
    }
};

} // namespace Crucible
