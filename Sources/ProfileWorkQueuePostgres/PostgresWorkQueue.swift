import Foundation
import Logging
import PostgresNIO
import ProfileImageBatch
import ProfileQuotaPostgres

/// A ``ProfileImageBatch/WorkQueue`` in PostgreSQL, for workers on many machines sharing one
/// database: the pattern of proven PostgreSQL queues (swift-jobs-postgres, Oban, pg-boss).
///
/// A job is claimed by one statement, `UPDATE ... WHERE id = (SELECT id ... FOR UPDATE SKIP LOCKED
/// LIMIT 1) RETURNING ...`, so workers never wait on each other's rows and never take the same job;
/// the claim sets a lease (`lease_until`) and a random token. A job whose lease ran out (its worker
/// died) is claimable again. Every statement that renews or ends a claim names the token, so a
/// worker whose lease was taken over changes nothing; ending a job done also logs the completion
/// (`profile_queue_completion`) in the same statement. Times are the database's clock, never a
/// machine's. Many queues share the tables, told apart by name.
///
/// ```swift
/// try await PostgresWorkQueue.withQueue(url: try PostgresURL("postgres://avatars@db/avatars")) { queue in
///     let worker = QueueWorker(queue: queue, options: .init(jobs: 4))
///     _ = await worker.run()
/// }
/// ```
public final class PostgresWorkQueue: WorkQueue {
    let client: PostgresClient
    /// The queue's name: many queues share the tables.
    public let name: String
    /// Where the queue is, password hidden.
    public let location: String
    let logger: Logger

    /// The name used when none is given.
    public static let defaultName = "default"

    /// A queue over `client`, which the caller runs (`client.run()`, or as a ServiceLifecycle
    /// service). Call ``prepareSchema()`` once before anything else.
    /// - Parameters:
    ///   - name: which queue of the database.
    ///   - location: the server, for messages (never with a password).
    public init(
        client: PostgresClient, name: String = defaultName, location: String,
        logger: Logger = Logger(label: "ProfileWorkQueuePostgres")
    ) {
        self.client = client
        self.name = name
        self.location = location
        self.logger = logger
    }

    /// Runs `body` with the queue `name` over a client of its own, connected to `url`, with the
    /// tables made; the client stops afterwards, whatever happens.
    /// - Throws: ``ProfileImageBatch/BatchError`` with code
    ///   ``ProfileImageBatch/BatchError/Code/queueUnavailable``, naming the URL (password
    ///   hidden), when the server cannot be reached; or what `body` throws.
    public static func withQueue<Result: Sendable>(
        url: PostgresURL, name: String = defaultName, logger: Logger = Logger(label: "ProfileWorkQueuePostgres"),
        _ body: (PostgresWorkQueue) async throws -> Result
    ) async throws -> Result {
        // One connection first: a pool waits and retries while the server is down, where a tool
        // wants to say at once why it cannot connect.
        do {
            let probe = try await PostgresConnection.connect(configuration: url.connection, id: 0, logger: logger)
            try await probe.close()
        } catch {
            throw BatchError(
                code: .queueUnavailable, message: "Work queue \(url.redacted): \(PostgresErrorText.describe(error))")
        }
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
        let pool = Task { await client.run() }
        let queue = PostgresWorkQueue(client: client, name: name, location: url.redacted, logger: logger)
        let result: Swift.Result<Result, any Error>
        do {
            try await queue.prepareSchema()
            result = .success(try await body(queue))
        } catch {
            result = .failure(error)
        }
        pool.cancel()
        await pool.value
        return try result.get()
    }

    /// The database's clock, in seconds since 1970.
    static let now = "extract(epoch from clock_timestamp())::double precision"

    /// Adds `jobs` (500 to a statement), leaving out those whose key the queue holds already.
    /// - Throws: ``ProfileImageBatch/BatchError`` with code ``ProfileImageBatch/BatchError/Code/queueUnavailable``.
    public func enqueue(_ jobs: [QueueJob]) async throws -> EnqueueCount {
        var count = EnqueueCount()
        var start = 0
        while start < jobs.count {
            let slice = jobs[start..<min(start + 500, jobs.count)]
            start += slice.count
            let (keys, kinds, inputs, payloads) = (
                slice.map(\.key), slice.map(\.kind.rawValue), slice.map(\.input), slice.map(\.payload)
            )
            let name = self.name
            let added = try await bounded { client, logger in
                let rows = try await client.query(
                    """
                    WITH added AS (
                        INSERT INTO profile_queue_job (queue, key, kind, input, payload, state, run_at, enqueued_at)
                        SELECT \(name), k, kd, i, p, 'queued', \(unescaped: Self.now), \(unescaped: Self.now)
                        FROM unnest(\(keys)::text[], \(kinds)::text[], \(inputs)::text[], \(payloads)::text[]) AS t(k, kd, i, p)
                        ON CONFLICT (queue, key) DO NOTHING RETURNING 1)
                    SELECT count(*) FROM added
                    """, logger: logger)
                for try await added in rows.decode(Int.self) { return added }
                return 0
            }
            count.enqueued += added
            count.alreadyPresent += slice.count - added
        }
        return count
    }

    /// Claims the next due job of `kinds`, in one statement (`FOR UPDATE SKIP LOCKED`).
    /// - Throws: ``ProfileImageBatch/BatchError`` with code ``ProfileImageBatch/BatchError/Code/queueUnavailable``.
    public func claim(kinds: [QueueJob.Kind], worker: String, lease: Duration) async throws -> ClaimedJob? {
        let token = UUID().uuidString
        let seconds = Self.seconds(lease)
        let (name, kindNames) = (self.name, kinds.map(\.rawValue))
        return try await bounded { client, logger in
            // A running job's run_at is its lease's end: one index finds due and abandoned jobs.
            let rows = try await client.query(
                """
                UPDATE profile_queue_job SET state = 'running', attempts = attempts + 1, claim_token = \(token),
                    worker = \(worker), lease_until = \(unescaped: Self.now) + \(seconds), run_at = \(unescaped: Self.now) + \(seconds)
                WHERE id = (
                    SELECT id FROM profile_queue_job
                    WHERE queue = \(name) AND kind = ANY(\(kindNames)::text[])
                    AND state IN ('queued', 'waiting_for_quota', 'running') AND run_at <= \(unescaped: Self.now)
                    ORDER BY run_at, id LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, kind, input, payload, attempts
                """, logger: logger)
            for try await (id, kind, input, payload, attempts) in rows.decode((Int64, String, String, String, Int).self)
            {
                return ClaimedJob(
                    id: id, kind: QueueJob.Kind(rawValue: kind) ?? .process, input: input, payload: payload,
                    attempt: attempts,
                    token: token)
            }
            return nil
        }
    }

    /// Extends the lease, if the claim is still the caller's.
    /// - Throws: ``ProfileImageBatch/BatchError`` with code ``ProfileImageBatch/BatchError/Code/queueUnavailable``.
    public func renew(_ job: ClaimedJob, lease: Duration) async throws -> Bool {
        let seconds = Self.seconds(lease)
        return try await bounded { client, logger in
            let rows = try await client.query(
                """
                UPDATE profile_queue_job SET lease_until = \(unescaped: Self.now) + \(seconds), run_at = \(unescaped: Self.now) + \(seconds)
                WHERE id = \(job.id) AND claim_token = \(job.token) AND state = 'running' RETURNING id
                """, logger: logger)
            for try await _ in rows.decode(Int64.self) { return true }
            return false
        }
    }

    /// Ends the claim with `outcome` in one statement guarded by the claim's token (a job done
    /// logs its completion in the same statement).
    /// - Throws: ``ProfileImageBatch/BatchError`` with code ``ProfileImageBatch/BatchError/Code/queueUnavailable``.
    public func finish(_ job: ClaimedJob, outcome: JobOutcome) async throws -> Bool {
        let (id, token, name) = (job.id, job.token, self.name)
        let query: PostgresQuery
        switch outcome {
        case .done(let record):
            query = """
                WITH ended AS (
                    UPDATE profile_queue_job SET state = 'done', record = \(record), finished_at = \(unescaped: Self.now),
                        lease_until = NULL, claim_token = NULL, error_code = NULL, error_message = NULL
                    WHERE id = \(id) AND claim_token = \(token) AND state = 'running' RETURNING id, attempts, worker)
                INSERT INTO profile_queue_completion (queue, job_id, worker, attempt, at)
                SELECT \(name), id, worker, attempts, \(unescaped: Self.now) FROM ended RETURNING job_id
                """
        case .failed(let code, let message, let record):
            query = """
                UPDATE profile_queue_job SET state = 'failed', error_code = \(code), error_message = \(message),
                    record = \(record), finished_at = \(unescaped: Self.now), lease_until = NULL, claim_token = NULL
                WHERE id = \(id) AND claim_token = \(token) AND state = 'running' RETURNING id
                """
        case .retry(let code, let message, let after):
            query = """
                UPDATE profile_queue_job SET state = 'queued', error_code = \(code), error_message = \(message),
                    run_at = \(unescaped: Self.now) + \(Self.seconds(after)), lease_until = NULL, claim_token = NULL
                WHERE id = \(id) AND claim_token = \(token) AND state = 'running' RETURNING id
                """
        case .waitForQuota(let until, let message):
            query = """
                UPDATE profile_queue_job SET state = 'waiting_for_quota', error_code = 'throttled', error_message = \(message),
                    run_at = \(until.timeIntervalSince1970), attempts = attempts - 1, lease_until = NULL, claim_token = NULL
                WHERE id = \(id) AND claim_token = \(token) AND state = 'running' RETURNING id
                """
        case .release(let after, let message):
            query = """
                UPDATE profile_queue_job SET state = 'queued', error_message = \(message),
                    run_at = \(unescaped: Self.now) + \(Self.seconds(after)), attempts = attempts - 1, lease_until = NULL,
                    claim_token = NULL
                WHERE id = \(id) AND claim_token = \(token) AND state = 'running' RETURNING id
                """
        }
        return try await bounded { client, logger in
            for try await _ in try await client.query(query, logger: logger).decode(Int64.self) { return true }
            return false
        }
    }

    /// `duration` in seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
