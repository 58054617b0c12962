import Foundation
import Logging
import PostgresNIO
import ProfileUpload

extension PostgresQuotaStore {
    /// Makes the tables if they are missing. Safe when many processes start at once: the work is
    /// done under a transaction-scoped advisory lock, so one makes them and the others find them.
    /// Where they exist, nothing is asked of the role but to read them: a fleet's role may have
    /// no right to create anything.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    public func prepareSchema() async throws {
        guard try await !schemaExists() else { return }
        try await transaction { connection in
            // An arbitrary key, the same in every process: "PIKquota".
            try await connection.query("SELECT pg_advisory_xact_lock(5064395063453040737)", logger: self.logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS profile_quota_account (
                    key text PRIMARY KEY,
                    configured_limit integer,
                    throttled_at double precision,
                    blocked_until double precision,
                    probed_at double precision,
                    block_message text
                )
                """, logger: self.logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS profile_quota_update (
                    id bigserial PRIMARY KEY,
                    account text NOT NULL REFERENCES profile_quota_account (key),
                    at double precision NOT NULL,
                    state text NOT NULL CHECK (state IN ('pending', 'done', 'uncertain'))
                )
                """, logger: self.logger)
            try await connection.query(
                "CREATE INDEX IF NOT EXISTS profile_quota_update_account_at ON profile_quota_update (account, at)",
                logger: self.logger)
        }
    }

    /// Whether both tables and the index are there already.
    private func schemaExists() async throws -> Bool {
        try await transaction { connection in
            let rows = try await connection.query(
                """
                SELECT to_regclass('profile_quota_account') IS NOT NULL AND to_regclass('profile_quota_update') IS NOT NULL
                AND to_regclass('profile_quota_update_account_at') IS NOT NULL
                """, logger: self.logger)
            for try await exists in rows.decode(Bool.self) { return exists }
            return false
        }
    }

    /// The account's state and last server message, its row locked until the transaction ends
    /// when `lock`; `nil` when the store has never seen it.
    static func load(
        _ account: String, connection: PostgresConnection, logger: Logger, now t: Double, lock: Bool = false
    ) async throws -> (state: QuotaRules.AccountState, message: String?)? {
        let rows = try await connection.query(
            lock
                ? """
                SELECT configured_limit, throttled_at, blocked_until, probed_at, block_message
                FROM profile_quota_account WHERE key = \(account) FOR UPDATE
                """
                : """
                SELECT configured_limit, throttled_at, blocked_until, probed_at, block_message
                FROM profile_quota_account WHERE key = \(account)
                """, logger: logger)
        var found: (Int?, Double?, Double?, Double?, String?)?
        for try await row in rows.decode((Int?, Double?, Double?, Double?, String?).self) { found = row }
        guard let (configuredLimit, throttledAt, blockedUntil, probedAt, message) = found else { return nil }
        let start = QuotaRules.historyStart(now: t, throttledAt: throttledAt)
        var updates: [String: [Double]] = [:]
        for try await (at, state) in try await connection.query(
            "SELECT at, state FROM profile_quota_update WHERE account = \(account) AND at > \(start) ORDER BY at",
            logger: logger
        ).decode((Double, String).self) {
            updates[state, default: []].append(at)
        }
        let state = QuotaRules.AccountState(
            configuredLimit: configuredLimit, throttledAt: throttledAt, blockedUntil: blockedUntil,
            successes: updates["done"] ?? [], pending: updates["pending"] ?? [], uncertain: updates["uncertain"] ?? [],
            probedAt: probedAt)
        return (state, message)
    }

    /// Runs `body` in one transaction on a pooled connection: committed if it returns, rolled back
    /// if it throws.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``, naming
    ///   the store (password hidden), for any database failure; the errors `body` throws itself.
    func transaction<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Result) async throws
        -> Result
    {
        // A database that is down or unreachable must not hold an upload forever (the pool may
        // wait for a connection): each decision gets a bound, and a clear error naming the store.
        let limit = Self.decisionTimeout
        let location = self.location
        return try await Deadline.run(
            within: limit,
            timedOut: { ProfileUploadError(code: .quotaStore, message: "Quota store \(location): no answer within \(limit)") }
        ) { try await self.transactionUnbounded(body) }
    }

    /// How long one decision may take, connecting included.
    static let decisionTimeout: Duration = .seconds(15)

    private func transactionUnbounded<Result: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Result) async throws
        -> Result
    {
        do {
            return try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    let result = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    do {
                        try await connection.query("ROLLBACK", logger: logger)
                    } catch {
                        // A connection that cannot roll back must not go back to the pool
                        // inside a transaction: close it, and the pool makes a new one.
                        try? await connection.close()
                    }
                    throw error
                }
            }
        } catch let error as ProfileUploadError {
            throw error
        } catch {
            throw ProfileUploadError(
                code: .quotaStore, message: "Quota store \(location): \(PostgresErrorText.describe(error))")
        }
    }
}
