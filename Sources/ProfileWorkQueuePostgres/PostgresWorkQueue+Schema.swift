import Logging
import PostgresNIO
import ProfileImageBatch

extension PostgresWorkQueue {
    /// Makes the tables if they are missing. Safe when many workers start at once: the work is
    /// done in one transaction under a transaction-scoped advisory lock, so one makes them and the
    /// others find them (looking again once they hold the lock: `CREATE INDEX IF NOT EXISTS` locks
    /// the table even when the index is there, and would deadlock with workers already busy on
    /// it). Where they exist, nothing is asked of the role but to use them.
    /// - Throws: ``ProfileImageBatch/BatchError`` with code ``ProfileImageBatch/BatchError/Code/queueUnavailable``.
    public func prepareSchema() async throws {
        guard try await !schemaExists() else { return }
        try await bounded { client, logger in
            try await client.withTransaction(logger: logger) { connection in
                // An arbitrary key, the same in every process: "PIKqueue".
                try await connection.query("SELECT pg_advisory_xact_lock(5064395064336917861)", logger: logger)
                // Made meanwhile by the process that held the lock before.
                for try await exists in try await connection.query(Self.schemaCheck, logger: logger).decode(Bool.self)
                where exists { return }
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS profile_queue_job (
                        id bigserial PRIMARY KEY,
                        queue text NOT NULL,
                        key text NOT NULL,
                        kind text NOT NULL,
                        input text NOT NULL,
                        payload text NOT NULL,
                        state text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'waiting_for_quota')),
                        attempts integer NOT NULL DEFAULT 0,
                        run_at double precision NOT NULL,
                        lease_until double precision,
                        claim_token text,
                        worker text,
                        error_code text,
                        error_message text,
                        record text,
                        enqueued_at double precision NOT NULL,
                        finished_at double precision,
                        UNIQUE (queue, key)
                    )
                    """, logger: logger)
                try await connection.query(
                    """
                    CREATE INDEX IF NOT EXISTS profile_queue_job_due ON profile_queue_job (queue, run_at)
                    WHERE state IN ('queued', 'waiting_for_quota', 'running')
                    """, logger: logger)
                try await connection.query(
                    "CREATE INDEX IF NOT EXISTS profile_queue_job_state ON profile_queue_job (queue, state)",
                    logger: logger)
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS profile_queue_worker (
                        queue text NOT NULL,
                        id text NOT NULL,
                        host text NOT NULL,
                        pid integer NOT NULL,
                        jobs integer NOT NULL,
                        finished integer NOT NULL,
                        started_at double precision NOT NULL,
                        heartbeat_at double precision NOT NULL,
                        PRIMARY KEY (queue, id)
                    )
                    """, logger: logger)
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS profile_queue_completion (
                        id bigserial PRIMARY KEY,
                        queue text NOT NULL,
                        job_id bigint NOT NULL,
                        worker text,
                        attempt integer NOT NULL,
                        at double precision NOT NULL
                    )
                    """, logger: logger)
                try await connection.query(
                    "CREATE INDEX IF NOT EXISTS profile_queue_completion_at ON profile_queue_completion (queue, at)",
                    logger: logger)
            }
        }
    }

    /// Whether every table and index is there already.
    private func schemaExists() async throws -> Bool {
        try await bounded { client, logger in
            let rows = try await client.query(Self.schemaCheck, logger: logger)
            for try await exists in rows.decode(Bool.self) { return exists }
            return false
        }
    }

    /// Whether every table and index is there. Read from `pg_class` with the statement's own
    /// snapshot: `to_regclass` answers from the backend's catalog cache, which waiting on an
    /// advisory lock does not refresh, so a process that waited while another made the tables
    /// would still find none.
    static var schemaCheck: PostgresQuery {
        """
        SELECT count(*) = 6 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relname IN (
            'profile_queue_job', 'profile_queue_worker', 'profile_queue_completion', 'profile_queue_job_due',
            'profile_queue_job_state', 'profile_queue_completion_at')
        """
    }
}
