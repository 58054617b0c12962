import Foundation

/// A queue of batch jobs that many workers, on many machines, drain together: each job is done by
/// one worker at a time, under a lease that a worker renews while it works, so a job whose worker
/// died is claimed again when its lease runs out. The outcome is recorded in the transaction that
/// ends the claim, and only by the holder of the claim's token.
///
/// ``QueueWorker`` is the worker; a driver implements the storage (`PostgresWorkQueue` in the
/// `ProfileWorkQueuePostgres` product, with `FOR UPDATE SKIP LOCKED`). Every method throws
/// ``BatchError`` with code ``BatchError/Code/queueUnavailable`` when the queue cannot be
/// reached, naming it (password hidden).
public protocol WorkQueue: Sendable {
    /// Where the queue is, for messages (never with a password).
    var location: String { get }

    /// Adds `jobs`, leaving out any whose key the queue already holds.
    func enqueue(_ jobs: [QueueJob]) async throws -> EnqueueCount

    /// Claims the next job of one of `kinds` that is due (queued or waiting and due, or running
    /// with its lease run out), for `lease` from now; `nil` when there is none.
    func claim(kinds: [QueueJob.Kind], worker: String, lease: Duration) async throws -> ClaimedJob?

    /// Extends the lease of `job` to `lease` from now; `false` when the claim is no longer the
    /// caller's (its lease ran out and another worker took the job).
    func renew(_ job: ClaimedJob, lease: Duration) async throws -> Bool

    /// Ends the claim of `job` with `outcome`, in one transaction; `false` when the claim is no
    /// longer the caller's, and nothing was recorded.
    func finish(_ job: ClaimedJob, outcome: JobOutcome) async throws -> Bool

    /// Records that `worker` is alive, now.
    func heartbeat(_ worker: WorkerRegistration) async throws

    /// Removes `worker` from the table of workers (it stopped).
    func unregister(_ worker: WorkerRegistration) async throws

    /// How many jobs may still become claimable soon: queued (due or not) and running. Jobs
    /// waiting for quota are not counted: an account frees at the end of its window, hours away.
    func unfinished() async throws -> Int

    /// Counts, throughput, workers and failures.
    func status() async throws -> QueueStatus

    /// Makes every failed job queued again, its attempts reset; returns how many.
    func retryFailed() async throws -> Int

    /// Removes every job and worker of the queue; returns how many jobs.
    func purge() async throws -> Int
}
