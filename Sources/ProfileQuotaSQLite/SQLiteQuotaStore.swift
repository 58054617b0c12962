import Foundation
import GRDB
import ProfileUpload

/// A ``QuotaStore`` in a SQLite file, for one machine: safe for many tasks and processes at once
/// (every decision is one IMMEDIATE transaction, so two uploaders can never both take the last
/// slot).
///
/// Every access goes through GRDB's async API, which runs the statements on the database's own
/// dispatch queue: a task waiting for another process's write lock (up to the busy timeout)
/// suspends, and no thread of Swift's cooperative pool is held.
public final class SQLiteQuotaStore: QuotaStore {
    private let database: DatabaseQueue
    /// Where the store lives.
    public let path: String

    /// Opens (creating if needed) the store at `path`, on a Dispatch thread: from async code, use
    /// this rather than the initializer, which reads the database file (and may wait up to
    /// `busyTimeout` for another process's lock) on the calling thread.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    public static func open(path: String, busyTimeout: Duration = .seconds(30)) async throws -> SQLiteQuotaStore {
        try await BlockingWork.run { try SQLiteQuotaStore(path: path, busyTimeout: busyTimeout) }
    }

    /// Opens (creating if needed) the store at `path`, blocking the calling thread while it reads
    /// the file; async code uses ``open(path:busyTimeout:)``. The schema is made by the first
    /// decision.
    /// - Parameter busyTimeout: how long a decision waits for another process's write lock.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    public init(path: String, busyTimeout: Duration = .seconds(30)) throws {
        self.path = path
        do {
            // A bare file name (`q.sqlite`) has no folder to make.
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            var configuration = Configuration()
            let (seconds, attoseconds) = busyTimeout.components
            configuration.busyMode = .timeout(Double(seconds) + Double(attoseconds) / 1e18)
            configuration.label = "SQLiteQuotaStore"
            database = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw ProfileUploadError(code: .quotaStore, message: "Cannot open the quota store at \(path): \(error)")
        }
    }

    /// `$PROFILE_IMAGE_LEDGER`, else `$XDG_STATE_HOME/profile-image/quota.sqlite`, else
    /// `~/.local/state/profile-image/quota.sqlite`.
    public static var defaultPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["PROFILE_IMAGE_LEDGER"], !path.isEmpty { return path }
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/state")
        return state + "/profile-image/quota.sqlite"
    }

    /// Schema version, kept in `PRAGMA user_version`: 1 made the tables, 2 added `throttledAt` and
    /// `probedAt` (limits are now learned from the last 429 and the updates around it, so version
    /// 1's `learnedLimit` is no longer read) and the `uncertain` state of an update.
    private static let schemaVersion = 2

    /// Creates or upgrades the tables, inside the caller's IMMEDIATE transaction: when several
    /// processes open a new store at once, the first makes the schema and the others, waiting on
    /// the write lock, find it done. (GRDB's DatabaseMigrator reads what is applied before it
    /// locks, so two processes could both try to create the tables.)
    private static func prepareSchema(_ db: Database) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        guard version < schemaVersion else { return }
        if version < 1 {
            try db.create(table: "account", ifNotExists: true) { table in
                table.primaryKey("key", .text)
                table.column("learnedLimit", .integer)
                table.column("configuredLimit", .integer)
                table.column("blockedUntil", .double)
                table.column("blockMessage", .text)
            }
            try db.create(table: "update", ifNotExists: true) { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("account", .text).notNull().indexed()
                table.column("at", .double).notNull()
                table.column("state", .text).notNull()  // "pending", "done" or "uncertain"
            }
        }
        let columns = try db.columns(in: "account").map(\.name)
        for column in ["throttledAt", "probedAt"] where !columns.contains(column) {
            try db.alter(table: "account") { table in table.add(column: column, .double) }
        }
        try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
    }

    /// Takes a slot for `account` unless it is blocked or at its limit, in one IMMEDIATE
    /// transaction.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    public func reserve(account: String, configuredLimit: Int?, now: Date) async throws -> QuotaDecision {
        let t = now.timeIntervalSince1970
        return try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO account (key, configuredLimit) VALUES (?, ?)
                    ON CONFLICT(key) DO UPDATE SET configuredLimit = COALESCE(excluded.configuredLimit, configuredLimit)
                    """, arguments: [account, configuredLimit])
            try db.execute(
                sql: "DELETE FROM \"update\" WHERE state = 'pending' AND at < ?", arguments: [t - QuotaRules.pendingExpiry])
            // Nothing older than any decision reads is kept.
            try db.execute(
                sql: "DELETE FROM \"update\" WHERE account = ? AND state <> 'pending' AND at < ?",
                arguments: [account, QuotaRules.oldestKept(now: t)])
            // The upsert above left the caller's limit stored, or, when it gave none, the last one
            // given: a caller without a limit is bound by its fleet's all the same.
            let state = try Self.state(of: account, db: db, now: t)
            switch QuotaRules.decide(state, now: t) {
            case .wait(let wait):
                return .blocked(message: QuotaMessage.text(secondsLeft: wait), secondsLeft: wait)
            case .probe:
                try db.execute(sql: "UPDATE account SET probedAt = ? WHERE key = ?", arguments: [t, account])
            case .free:
                break
            }
            try db.execute(
                sql: "INSERT INTO \"update\" (account, at, state) VALUES (?, ?, 'pending')", arguments: [account, t])
            return .granted(QuotaReservation(account: account, id: db.lastInsertedRowID))
        }
    }

    /// Records what came of a granted reservation, in one IMMEDIATE transaction.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    public func finish(_ reservation: QuotaReservation, outcome: QuotaOutcome, now: Date) async throws {
        let t = now.timeIntervalSince1970
        try await write { db in
            switch outcome {
            case .succeeded:
                try db.execute(
                    sql: "UPDATE \"update\" SET state = 'done', at = ? WHERE id = ?", arguments: [t, reservation.id])
                // A request that outlived its reservation (expired, deleted) still counts.
                if db.changesCount == 0 {
                    try db.execute(
                        sql: "INSERT INTO \"update\" (account, at, state) VALUES (?, ?, 'done')",
                        arguments: [reservation.account, t])
                }
            case .released:
                try db.execute(sql: "DELETE FROM \"update\" WHERE id = ?", arguments: [reservation.id])
            case .unanswered:
                try db.execute(sql: "UPDATE \"update\" SET state = 'uncertain' WHERE id = ?", arguments: [reservation.id])
            case .throttled(let message, let retryAfter):
                try db.execute(sql: "DELETE FROM \"update\" WHERE id = ?", arguments: [reservation.id])
                try db.execute(
                    sql: "UPDATE account SET throttledAt = ?, blockedUntil = ?, blockMessage = ? WHERE key = ?",
                    arguments: [
                        t, t + Double(min(max(0, retryAfter), QuotaRules.longestWait)), message, reservation.account,
                    ])
            }
        }
    }

    /// What the store knows of `account`, or `nil` if it has never seen it.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    public func status(account: String, now: Date) async throws -> AccountQuota? {
        try await read(orIfEmpty: nil) { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE key = ?", arguments: [account]) else {
                return nil
            }
            return try Self.quota(row, db: db, now: now)
        }
    }

    /// Every account the store has seen, ordered by key.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore``.
    public func accounts(now: Date) async throws -> [AccountQuota] {
        try await read(orIfEmpty: []) { db in
            try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY key").map { try Self.quota($0, db: db, now: now) }
        }
    }

    private static func state(of account: String, db: Database, now t: Double) throws -> QuotaRules.AccountState {
        let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE key = ?", arguments: [account])
        let throttledAt: Double? = row?["throttledAt"]
        let updates = try Row.fetchAll(
            db, sql: "SELECT at, state FROM \"update\" WHERE account = ? AND at > ? ORDER BY at",
            arguments: [account, QuotaRules.historyStart(now: t, throttledAt: throttledAt)])
        func times(_ state: String) -> [Double] { updates.filter { $0["state"] == state }.map { $0["at"] } }
        return QuotaRules.AccountState(
            configuredLimit: row?["configuredLimit"], throttledAt: throttledAt, blockedUntil: row?["blockedUntil"],
            successes: times("done"), pending: times("pending"), uncertain: times("uncertain"), probedAt: row?["probedAt"])
    }

    private static func quota(_ row: Row, db: Database, now: Date) throws -> AccountQuota {
        let t = now.timeIntervalSince1970
        let key: String = row["key"]
        let state = try Self.state(of: key, db: db, now: t)
        return AccountQuota(state: state, account: key, message: row["blockMessage"], now: t)
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    try Self.prepareSchema(db)
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw ProfileUploadError(code: .quotaStore, message: "Quota store \(path): \(error)")
        }
    }

    /// Reads in a transaction of its own; a store whose tables are not made yet holds nothing.
    private func read<T: Sendable>(
        orIfEmpty empty: T, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await database.read { db in
                guard try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 >= 1 else { return empty }
                return try body(db)
            }
        } catch {
            throw ProfileUploadError(code: .quotaStore, message: "Quota store \(path): \(error)")
        }
    }
}
