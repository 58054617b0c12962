import Foundation
import Logging
import PostgresNIO
import ProfileUpload

/// A ``QuotaStore`` in PostgreSQL, for a fleet: every instance of a service, on every machine,
/// spends one account's daily quota together.
///
/// Each decision is one transaction that first locks the account's row (`SELECT ... FOR UPDATE`),
/// so decisions for one account are taken one at a time across every connection, while other
/// accounts go on in parallel. The tables are made by the first store to need them, under an
/// advisory lock, so many processes may start at once. Queries go through a `PostgresClient`
/// (a connection pool); a service passes the one it runs, a tool uses
/// ``withStore(url:logger:_:)``.
///
/// ```swift
/// try await PostgresQuotaStore.withStore(url: try PostgresURL("postgres://avatars@db/avatars")) { store in
///     let client = ProfileAPIClient(configuration: configuration, transport: transport, quotaStore: store)
/// }
/// ```
public final class PostgresQuotaStore: QuotaStore {
    let client: PostgresClient
    /// Where the store is, password hidden.
    public let location: String
    let logger: Logger

    /// A store over `client`, which the caller runs (`client.run()`, or as a ServiceLifecycle
    /// service). Call ``prepareSchema()`` once before the first decision.
    /// - Parameter location: the server, for messages (never with a password).
    public init(client: PostgresClient, location: String, logger: Logger = Logger(label: "ProfileQuotaPostgres")) {
        self.client = client
        self.location = location
        self.logger = logger
    }

    /// Runs `body` with a store over a client of its own, connected to `url`, with the tables
    /// made; the client stops afterwards, whatever happens.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``, naming
    ///   the URL (password hidden), when the server cannot be reached; or what `body` throws.
    public static func withStore<Result: Sendable>(
        url: PostgresURL, logger: Logger = Logger(label: "ProfileQuotaPostgres"),
        _ body: (PostgresQuotaStore) async throws -> Result
    ) async throws -> Result {
        // One connection first: a pool waits and retries while the server is down, where a
        // tool wants to say at once why it cannot connect.
        do {
            let probe = try await PostgresConnection.connect(configuration: url.connection, id: 0, logger: logger)
            try await probe.close()
        } catch {
            throw ProfileUploadError(
                code: .quotaStore, message: "Quota store \(url.redacted): \(PostgresErrorText.describe(error))")
        }
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
        // The pool runs in a task of its own, not a child: cancelling the caller (a request whose
        // client hung up) must not take the pool from under an outcome still being recorded.
        let pool = Task { await client.run() }
        let store = PostgresQuotaStore(client: client, location: url.redacted, logger: logger)
        let result: Swift.Result<Result, any Error>
        do {
            try await store.prepareSchema()
            result = .success(try await body(store))
        } catch {
            result = .failure(error)
        }
        pool.cancel()
        await pool.value
        return try result.get()
    }

    /// Takes a slot for `account` unless it is blocked or at its limit, in one transaction holding
    /// the account's row lock.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    public func reserve(account: String, configuredLimit: Int?, now: Date) async throws -> QuotaDecision {
        let t = now.timeIntervalSince1970
        return try await transaction { connection in
            try await connection.query(
                """
                INSERT INTO profile_quota_account (key, configured_limit) VALUES (\(account), \(configuredLimit))
                ON CONFLICT (key) DO UPDATE
                SET configured_limit = COALESCE(EXCLUDED.configured_limit, profile_quota_account.configured_limit)
                """, logger: self.logger)
            // The upsert holds the account's row lock from here to the commit: one decision at a time.
            try await connection.query(
                """
                DELETE FROM profile_quota_update WHERE account = \(account)
                AND ((state = 'pending' AND at < \(t - QuotaRules.pendingExpiry)) OR at < \(QuotaRules.oldestKept(now: t)))
                """, logger: self.logger)
            // The upsert above left the caller's limit stored, or, when it gave none, the last one
            // given: a caller without a limit is bound by its fleet's all the same.
            guard let state = try await Self.load(account, connection: connection, logger: self.logger, now: t, lock: true)?.state
            else { throw ProfileUploadError(code: .quotaStore, message: "Quota store \(self.location): account row missing") }
            switch QuotaRules.decide(state, now: t) {
            case .wait(let wait):
                return .blocked(message: QuotaMessage.text(secondsLeft: wait), secondsLeft: wait)
            case .probe:
                try await connection.query(
                    "UPDATE profile_quota_account SET probed_at = \(t) WHERE key = \(account)", logger: self.logger)
            case .free:
                break
            }
            let rows = try await connection.query(
                "INSERT INTO profile_quota_update (account, at, state) VALUES (\(account), \(t), 'pending') RETURNING id",
                logger: self.logger)
            for try await id in rows.decode(Int64.self) { return .granted(QuotaReservation(account: account, id: id)) }
            throw ProfileUploadError(code: .quotaStore, message: "Quota store \(self.location): no reservation id returned")
        }
    }

    /// Records what came of a granted reservation, in one transaction holding the account's row lock.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    public func finish(_ reservation: QuotaReservation, outcome: QuotaOutcome, now: Date) async throws {
        let t = now.timeIntervalSince1970
        let (account, id) = (reservation.account, reservation.id)
        try await transaction { connection in
            try await connection.query(
                "SELECT key FROM profile_quota_account WHERE key = \(account) FOR UPDATE", logger: self.logger)
            switch outcome {
            case .succeeded:
                let updated = try await connection.query(
                    "UPDATE profile_quota_update SET state = 'done', at = \(t) WHERE id = \(id) RETURNING id", logger: self.logger)
                var found = false
                for try await _ in updated.decode(Int64.self) { found = true }
                // A request that outlived its reservation (expired, deleted) still counts.
                if !found {
                    try await connection.query(
                        "INSERT INTO profile_quota_update (account, at, state) VALUES (\(account), \(t), 'done')",
                        logger: self.logger)
                }
            case .released:
                try await connection.query("DELETE FROM profile_quota_update WHERE id = \(id)", logger: self.logger)
            case .unanswered:
                try await connection.query(
                    "UPDATE profile_quota_update SET state = 'uncertain' WHERE id = \(id)", logger: self.logger)
            case .throttled(let message, let retryAfter):
                let until = t + Double(min(max(0, retryAfter), QuotaRules.longestWait))
                try await connection.query("DELETE FROM profile_quota_update WHERE id = \(id)", logger: self.logger)
                try await connection.query(
                    """
                    UPDATE profile_quota_account SET throttled_at = \(t), blocked_until = \(until), block_message = \(message)
                    WHERE key = \(account)
                    """, logger: self.logger)
            }
        }
    }

    /// What the store knows of `account`, or `nil` if it has never seen it.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    public func status(account: String, now: Date) async throws -> AccountQuota? {
        let t = now.timeIntervalSince1970
        return try await transaction { connection in
            guard let (state, message) = try await Self.load(account, connection: connection, logger: self.logger, now: t)
            else { return nil }
            return AccountQuota(state: state, account: account, message: message, now: t)
        }
    }

    /// Every account the store has seen, ordered by key.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    public func accounts(now: Date) async throws -> [AccountQuota] {
        let t = now.timeIntervalSince1970
        return try await transaction { connection in
            var keys: [String] = []
            for try await key in try await connection.query(
                "SELECT key FROM profile_quota_account ORDER BY key", logger: self.logger
            ).decode(String.self) { keys.append(key) }
            var quotas: [AccountQuota] = []
            for key in keys {
                if let (state, message) = try await Self.load(key, connection: connection, logger: self.logger, now: t) {
                    quotas.append(AccountQuota(state: state, account: key, message: message, now: t))
                }
            }
            return quotas
        }
    }
}
