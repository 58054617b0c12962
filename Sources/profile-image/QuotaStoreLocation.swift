import Foundation
import ProfileQuotaPostgres
import ProfileImageBatch
import ProfileQuotaSQLite
import ProfileUpload

/// Where the quota store is, as a tool names it: `sqlite:PATH` (one machine; a bare path means
/// the same) or `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (a fleet sharing one quota).
enum QuotaStoreLocation: Sendable, CustomStringConvertible {
    /// A SQLite file.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresURL)

    /// The environment variable that names the store when no option does.
    static let environmentVariable = "PROFILE_IMAGE_QUOTA_STORE"

    /// Parses `sqlite:PATH`, a bare path, or a `postgres://` / `postgresql://` URL.
    /// - Throws: ``BatchError`` with code ``BatchError/Code/invalidConfiguration``; the message
    ///   never holds a password.
    init(parsing text: String) throws {
        let lowered = text.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            do {
                self = .postgres(try PostgresURL(text))
            } catch let error as ProfileUploadError {
                throw BatchError(code: .invalidConfiguration, message: "--quota-store: \(error.message)")
            }
        } else if lowered.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw BatchError(code: .invalidConfiguration, message: "--quota-store sqlite: needs a path") }
            self = .sqlite(path: path)
        } else if lowered.hasPrefix("postgres:") || lowered.hasPrefix("postgresql:") {
            // A mistyped URL would otherwise become a SQLite file named after it, password and all.
            throw BatchError(
                code: .invalidConfiguration, message: "--quota-store: a PostgreSQL URL starts postgres:// (USER@HOST/DATABASE)")
        } else if text.contains("://") {
            throw BatchError(
                code: .invalidConfiguration,
                message: "--quota-store must be sqlite:PATH or postgres://USER@HOST/DATABASE, not a \(text.prefix { $0 != ":" }) URL")
        } else {
            self = .sqlite(path: text)
        }
    }

    /// `$PROFILE_IMAGE_QUOTA_STORE`, else the SQLite store at its default path.
    /// - Throws: ``BatchError`` when the variable holds something else than a location.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> QuotaStoreLocation
    {
        if let text = environment[environmentVariable], !text.isEmpty { return try QuotaStoreLocation(parsing: text) }
        return .sqlite(path: SQLiteQuotaStore.defaultPath)
    }

    /// `sqlite:PATH`, or the URL with its password hidden.
    var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): url.redacted
        }
    }

    /// Whether the store is certainly empty without asking it (a SQLite file not made yet).
    var isMissing: Bool {
        if case .sqlite(let path) = self { return !FileManager.default.fileExists(atPath: path) }
        return false
    }

    /// Runs `body` with the store open, and closes it afterwards.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/quotaStore`` when it
    ///   cannot be opened (naming it, password hidden), or what `body` throws.
    func withStore<Result: Sendable>(_ body: (any QuotaStore) async throws -> Result) async throws -> Result {
        switch self {
        case .sqlite(let path): try await body(try await SQLiteQuotaStore.open(path: path))
        case .postgres(let url): try await PostgresQuotaStore.withStore(url: url) { try await body($0) }
        }
    }
}
