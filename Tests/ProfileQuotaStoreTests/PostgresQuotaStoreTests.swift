import Foundation
import Logging
import PostgresNIO
import ProfileQuotaPostgres
import ProfileUpload
import Testing

@Suite("PostgreSQL quota store: many processes at once, a server that is down")
struct PostgresQuotaStoreTests {
    /// Runs `body` with the URL of a new, empty database on the test server, dropped afterwards.
    static func withFreshDatabase(_ body: (String) async throws -> Void) async throws {
        let base = try PostgresURL(try StoreKind.postgresURL)
        let name = "pik_fresh_\(UInt32.random(in: 0...UInt32.max))"
        let admin = PostgresClient(configuration: base.configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await admin.run() }
            defer { group.cancelAll() }
            try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            do {
                var components = try #require(URLComponents(string: try StoreKind.postgresURL))
                components.path = "/" + name
                try await body(try #require(components.string))
            } catch {
                _ = try? await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)"))
                throw error
            }
            try await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)"))
        }
    }

    @Test("eight stores making the tables of a new database at once all succeed, and agree")
    func schemaRace() async throws {
        try await Self.withFreshDatabase { url in
            let account = StoreKind.account()
            let granted = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await PostgresQuotaStore.withStore(url: try PostgresURL(url)) { store in
                            if case .granted = try await store.reserve(account: account, configuredLimit: 2) { return 1 }
                            return 0
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(granted == 2)
        }
    }

    @Test("a server that is down: a clear error naming the URL, password hidden")
    func serverDown() async throws {
        // Port 9 (discard) is closed on a test machine.
        let url = try PostgresURL("postgres://avatars:hunter2-SECRET@127.0.0.1:9/avatars?sslmode=disable")
        #expect(url.redacted == "postgres://avatars:***@127.0.0.1:9/avatars?sslmode=disable")
        let error = await #expect(throws: ProfileUploadError.self) {
            try await PostgresQuotaStore.withStore(url: url) { store in _ = try await store.accounts() }
        }
        #expect(error?.code == .quotaStore)
        #expect(error?.message.contains("postgres://avatars:***@127.0.0.1:9/avatars") == true, "\(String(describing: error))")
        #expect(error?.message.contains("SECRET") == false)
    }

    @Test("URLs as libpq writes them, and what is not one", arguments: [
        "postgres://u@h/db", "postgresql://u:p%40ss@h:6543/db?sslmode=require", "postgres://u@localhost/db?host=/run/postgresql",
    ])
    func urls(text: String) throws {
        let url = try PostgresURL(text)
        #expect(!url.redacted.contains("p%40ss") && !url.redacted.contains("p@ss"))
    }

    // The bound itself is proven without a clock by DeadlineTests; here it must be the bound that
    // answers (not a pool waiting on connects forever, which the time limit would catch). Wall
    // time is not asserted: CPU-bound tests of the same process may hold both cooperative threads.
    @Test(
        "a service's own client to a database that is down: each decision ends with a clear error, password hidden",
        .timeLimit(.minutes(3)))
    func serviceClientDown() async throws {
        let url = try PostgresURL("postgres://avatars:hunter2-SECRET@127.0.0.1:9/avatars?sslmode=disable")
        let client = PostgresClient(configuration: url.configuration)
        let running = Task { await client.run() }
        defer { running.cancel() }
        let store = PostgresQuotaStore(client: client, location: url.redacted)
        let error = await #expect(throws: ProfileUploadError.self) {
            _ = try await store.reserve(account: "down", configuredLimit: 1)
        }
        #expect(error?.code == .quotaStore)
        #expect(error?.message.hasPrefix("Quota store postgres://avatars:***@127.0.0.1:9/avatars") == true, "\(String(describing: error))")
        #expect(error?.message.contains("SECRET") == false)
        #expect(error?.message.contains("no answer within 15") == true, "\(String(describing: error))")
    }

    @Test("a password in the query is hidden too, and the URL dumps redacted")
    func passwordInQuery() throws {
        let url = try PostgresURL("postgres://avatars@127.0.0.1/avatars?password=hunter2-SECRET&sslmode=disable")
        #expect(url.redacted == "postgres://avatars@127.0.0.1/avatars?password=***&sslmode=disable")
        var dumped = ""
        dump(url, to: &dumped)
        #expect(!dumped.contains("SECRET") && !String(reflecting: url).contains("SECRET"), "\(dumped)")
    }

    @Test("not a PostgreSQL URL", arguments: ["mysql://u@h/db", "postgres:///db", "nonsense"])
    func notURLs(text: String) {
        let error = #expect(throws: ProfileUploadError.self) { _ = try PostgresURL(text) }
        #expect(error?.code == .invalidConfiguration)
    }
}
