import Foundation
import GRDB

/// A persistent record, per account, of profile updates and what the server said about the daily
/// quota, in SQLite: safe for several processes at once (every decision is one IMMEDIATE
/// transaction, so two uploaders can never both take the last slot).
///
/// Accounts are keyed by ``ProfileAPICredentials/accountKey(baseURL:)``, a hash: no credential is
/// ever stored. The window is a rolling 24 hours, as the server's "Expected available in 23
/// hours..." implies.
public final class QuotaLedger: Sendable {
    private let database: DatabaseQueue
    /// Where the ledger lives.
    public let path: String

    /// A reservation not finished within this long (its process died mid-request) no longer counts.
    static let pendingExpiry: TimeInterval = 600
    static let window: TimeInterval = 86_400

    /// Opens (creating if needed) the ledger at `path`.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/ledger``.
    public init(path: String) throws {
        self.path = path
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            configuration.label = "QuotaLedger"
            database = try DatabaseQueue(path: path, configuration: configuration)
            try Self.createSchema(in: database)
        } catch let error as ProfileUploadError {
            throw error
        } catch {
            throw ProfileUploadError(code: .ledger, message: "Cannot open the quota ledger at \(path): \(error)")
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

    /// Schema version, kept in `PRAGMA user_version`.
    private static let schemaVersion = 1

    /// Creates the tables in one IMMEDIATE transaction: when several processes open a new ledger
    /// at once, the first creates the schema and the others, waiting on the write lock, find it
    /// done. (GRDB's DatabaseMigrator reads what is applied before it locks, so two processes
    /// could both try to create the tables, and the second one failed.) `IF NOT EXISTS` also
    /// accepts ledgers made by that migrator.
    private static func createSchema(in database: DatabaseQueue) throws {
        try database.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                guard try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 < schemaVersion else { return .commit }
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
                    table.column("state", .text).notNull()  // "pending" or "done"
                }
                try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
                return .commit
            }
        }
    }

    /// The outcome of asking for a slot.
    enum Decision: Sendable, Equatable {
        /// Go ahead; finish the reservation with ``finish(_:outcome:now:)``.
        case granted(reservation: Int64)
        /// Known to be spent: the message and the seconds left.
        case blocked(message: String, secondsLeft: Int)
    }

    /// What happened to a reserved request.
    enum Outcome: Sendable {
        case succeeded
        case throttled(message: String, retryAfter: Int)
        /// The request did not count (rejected, failed): free the slot.
        case released
    }

    /// Takes a slot for `account` unless it is blocked or at its limit (the configured one, else
    /// the learned one).
    func reserve(account: String, configuredLimit: Int?, now: Date = Date()) throws -> Decision {
        try write { db in
            let t = now.timeIntervalSince1970
            try db.execute(
                sql: """
                    INSERT INTO account (key, configuredLimit) VALUES (?, ?)
                    ON CONFLICT(key) DO UPDATE SET configuredLimit = excluded.configuredLimit
                    """, arguments: [account, configuredLimit])
            try db.execute(
                sql: "DELETE FROM \"update\" WHERE state = 'pending' AND at < ?", arguments: [t - Self.pendingExpiry])
            let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE key = ?", arguments: [account])
            if let until: Double = row?["blockedUntil"], until > t {
                let left = Int((until - t).rounded(.up))
                return .blocked(message: QuotaMessage.text(secondsLeft: left), secondsLeft: left)
            }
            let limit: Int? = configuredLimit ?? row?["learnedLimit"]
            let recent = try Double.fetchAll(
                db, sql: "SELECT at FROM \"update\" WHERE account = ? AND at > ? ORDER BY at",
                arguments: [account, t - Self.window])
            if let limit, recent.count >= limit {
                // Free again when the oldest counted update leaves the window.
                let left = Int((recent[recent.count - limit] + Self.window - t).rounded(.up))
                return .blocked(message: QuotaMessage.text(secondsLeft: left), secondsLeft: left)
            }
            try db.execute(
                sql: "INSERT INTO \"update\" (account, at, state) VALUES (?, ?, 'pending')", arguments: [account, t])
            return .granted(reservation: db.lastInsertedRowID)
        }
    }

    /// Records what came of a reservation.
    func finish(_ reservation: Int64, account: String, outcome: Outcome, now: Date = Date()) throws {
        try write { db in
            let t = now.timeIntervalSince1970
            switch outcome {
            case .succeeded:
                try db.execute(
                    sql: "UPDATE \"update\" SET state = 'done', at = ? WHERE id = ?", arguments: [t, reservation])
            case .released:
                try db.execute(sql: "DELETE FROM \"update\" WHERE id = ?", arguments: [reservation])
            case .throttled(let message, let retryAfter):
                try db.execute(sql: "DELETE FROM \"update\" WHERE id = ?", arguments: [reservation])
                // The server's limit is at least what this ledger saw succeed in the window.
                let used = try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM \"update\" WHERE account = ? AND state = 'done' AND at > ?",
                    arguments: [account, t - Self.window]) ?? 0
                try db.execute(
                    sql: """
                        UPDATE account SET blockedUntil = ?, blockMessage = ?,
                            learnedLimit = CASE WHEN ? > 0 THEN ? ELSE learnedLimit END
                        WHERE key = ?
                        """, arguments: [t + Double(retryAfter), message, used, used, account])
            }
        }
    }

    /// What the ledger knows of one account.
    public func status(account: String, now: Date = Date()) throws -> AccountQuota? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE key = ?", arguments: [account]) else {
                return nil
            }
            return try Self.quota(row, db: db, now: now)
        }
    }

    /// Every account the ledger has seen.
    public func accounts(now: Date = Date()) throws -> [AccountQuota] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY key").map { try Self.quota($0, db: db, now: now) }
        }
    }

    private static func quota(_ row: Row, db: Database, now: Date) throws -> AccountQuota {
        let t = now.timeIntervalSince1970
        let key: String = row["key"]
        let used = try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM \"update\" WHERE account = ? AND state = 'done' AND at > ?",
            arguments: [key, t - window]) ?? 0
        let until: Double? = row["blockedUntil"]
        return AccountQuota(
            account: key, updatesInLast24Hours: used, learnedLimit: row["learnedLimit"],
            configuredLimit: row["configuredLimit"],
            blockedUntil: until.flatMap { $0 > t ? Date(timeIntervalSince1970: $0) : nil },
            lastServerMessage: row["blockMessage"])
    }

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw ProfileUploadError(code: .ledger, message: "Quota ledger \(path): \(error)")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch {
            throw ProfileUploadError(code: .ledger, message: "Quota ledger \(path): \(error)")
        }
    }
}
