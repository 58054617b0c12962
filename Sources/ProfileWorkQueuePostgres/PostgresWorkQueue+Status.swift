import Foundation
import Logging
import PostgresNIO
import ProfileImageBatch

extension PostgresWorkQueue {
    /// Records that `worker` is alive, by the database's clock.
    /// - Throws: ``ProfileImageBatch/BatchError`` with code ``ProfileImageBatch/BatchError/Code/queueUnavailable``.
    public func heartbeat(_ worker: WorkerRegistration) async throws {
        let name = self.name
        try await bounded { client, logger in
            try await client.query(
                """
                INSERT INTO profile_queue_worker (queue, id, host, pid, jobs, finished, started_at, heartbeat_at)
                VALUES (\(name), \(worker.id), \(worker.host), \(worker.pid), \(worker.jobs), \(worker.finished),
                    \(unescaped: Self.now), \(unescaped: Self.now))
                ON CONFLICT (queue, id) DO UPDATE SET finished = EXCLUDED.finished, heartbeat_at = EXCLUDED.heartbeat_at
                """, logger: logger)
        }
    }

    /// Removes `worker` from the table of workers.
    /// - Throws: ``ProfileImageBatch/BatchError`` with code ``ProfileImageBatch/BatchError/Code/queueUnavailable``.
    public func unregister(_ worker: WorkerRegistration) async throws {
        let name = self.name
        try await bounded { client, logger in
            try await client.query(
                "DELETE FROM profile_queue_worker WHERE queue = \(name) AND id = \(worker.id)", logger: logger)
        }
    }

    /// Queued and running jobs.
    /// - Throws: ``ProfileImageBatch/BatchError`` with code ``ProfileImageBatch/BatchError/Code/queueUnavailable``.
    public func unfinished() async throws -> Int {
        let name = self.name
        return try await bounded { client, logger in
            let rows = try await client.query(
                "SELECT count(*) FROM profile_queue_job WHERE queue = \(name) AND state IN ('queued', 'running')",
                logger: logger)
            for try await count in rows.decode(Int.self) { return count }
            return 0
        }
    }

    /// Counts per state, completions in the last minute (by the database's clock), workers seen
    /// and the first 100 failures.
    /// - Throws: ``ProfileImageBatch/BatchError`` with code ``ProfileImageBatch/BatchError/Code/queueUnavailable``.
    public func status() async throws -> QueueStatus {
        let name = self.name
        return try await bounded { client, logger in
            var counts: [QueueStatus.State: Int] = [:]
            for state in QueueStatus.State.allCases { counts[state] = 0 }
            for try await (state, count) in try await client.query(
                "SELECT state, count(*) FROM profile_queue_job WHERE queue = \(name) GROUP BY state", logger: logger
            ).decode((String, Int).self) {
                if let state = QueueStatus.State(rawValue: state) { counts[state] = count }
            }
            var doneLastMinute = 0
            for try await count in try await client.query(
                "SELECT count(*) FROM profile_queue_completion WHERE queue = \(name) AND at > \(unescaped: Self.now) - 60",
                logger: logger
            ).decode(Int.self) { doneLastMinute = count }
            var workers: [QueueStatus.Worker] = []
            for try await (id, host, pid, finished, heartbeat, age) in try await client.query(
                """
                SELECT id, host, pid, finished, heartbeat_at, \(unescaped: Self.now) - heartbeat_at FROM profile_queue_worker
                WHERE queue = \(name) ORDER BY heartbeat_at DESC
                """, logger: logger
            ).decode((String, String, Int, Int, Double, Double).self) {
                workers.append(
                    QueueStatus.Worker(
                        id: id, host: host, pid: pid, lastHeartbeat: Date(timeIntervalSince1970: heartbeat),
                        secondsSinceHeartbeat: age, finished: finished))
            }
            var failures: [QueueStatus.Failure] = []
            for try await (input, code, message, attempts) in try await client.query(
                """
                SELECT input, coalesce(error_code, ''), coalesce(error_message, ''), attempts FROM profile_queue_job
                WHERE queue = \(name) AND state = 'failed' ORDER BY id LIMIT 100
                """, logger: logger
            ).decode((String, String, String, Int).self) {
                failures.append(QueueStatus.Failure(input: input, code: code, message: message, attempts: attempts))
            }
            var repeated = 0
            for try await count in try await client.query(
                """
                SELECT count(*) FROM profile_queue_job
                WHERE queue = \(name) AND kind = 'upload' AND state = 'done' AND attempts > 1
                """, logger: logger
            ).decode(Int.self) { repeated = count }
            return QueueStatus(
                queue: name, counts: counts, doneLastMinute: doneLastMinute, workers: workers, failures: failures,
                uploadsTriedMoreThanOnce: repeated)
        }
    }

    /// Makes every failed job queued again, due now, its attempts reset.
    /// - Throws: ``ProfileImageBatch/BatchError`` with code ``ProfileImageBatch/BatchError/Code/queueUnavailable``.
    public func retryFailed() async throws -> Int {
        let name = self.name
        return try await bounded { client, logger in
            let rows = try await client.query(
                """
                WITH again AS (
                    UPDATE profile_queue_job SET state = 'queued', attempts = 0, run_at = \(unescaped: Self.now),
                        error_code = NULL, error_message = NULL, record = NULL, finished_at = NULL
                    WHERE queue = \(name) AND state = 'failed' RETURNING 1)
                SELECT count(*) FROM again
                """, logger: logger)
            for try await count in rows.decode(Int.self) { return count }
            return 0
        }
    }

    /// Removes every job, completion and worker of the queue.
    /// - Throws: ``ProfileImageBatch/BatchError`` with code ``ProfileImageBatch/BatchError/Code/queueUnavailable``.
    public func purge() async throws -> Int {
        let name = self.name
        return try await bounded { client, logger in
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("DELETE FROM profile_queue_completion WHERE queue = \(name)", logger: logger)
                try await connection.query("DELETE FROM profile_queue_worker WHERE queue = \(name)", logger: logger)
                let rows = try await connection.query(
                    "WITH gone AS (DELETE FROM profile_queue_job WHERE queue = \(name) RETURNING 1) SELECT count(*) FROM gone",
                    logger: logger)
                for try await count in rows.decode(Int.self) { return count }
                return 0
            }
        }
    }
}
