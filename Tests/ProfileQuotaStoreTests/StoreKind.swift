import Foundation
import ProfileQuotaPostgres
import ProfileQuotaSQLite
import ProfileUpload

/// The stores every conformance test runs against, each made fresh for a test.
enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    /// The test database `scripts/with-postgres` starts; never optional in CI.
    static var postgresURL: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["PROFILE_IMAGE_TEST_POSTGRES_URL"], !url.isEmpty else {
                throw MissingService(
                    description: "PROFILE_IMAGE_TEST_POSTGRES_URL is not set: run the tests as scripts/with-postgres swift test")
            }
            return url
        }
    }

    struct MissingService: Error, CustomStringConvertible { let description: String }

    /// Where a new store of this kind lives: a new SQLite file, or the test database.
    func newLocation() throws -> String {
        switch self {
        case .sqlite: FileManager.default.temporaryDirectory.appendingPathComponent("pik-quota-\(UUID().uuidString).sqlite").path
        case .postgres: try Self.postgresURL
        }
    }

    /// Runs `body` with a store of this kind at `location` (its own connection or pool).
    func withStore<T: Sendable>(at location: String, _ body: (any QuotaStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite: try await body(try SQLiteQuotaStore(path: location))
        case .postgres: try await PostgresQuotaStore.withStore(url: try PostgresURL(location)) { try await body($0) }
        }
    }

    /// Runs `body` with a new store of this kind.
    func withStore<T: Sendable>(_ body: (any QuotaStore) async throws -> T) async throws -> T {
        try await withStore(at: try newLocation(), body)
    }

    /// A new account key, so tests sharing a database never meet.
    static func account() -> String { "test-" + UUID().uuidString }
}
