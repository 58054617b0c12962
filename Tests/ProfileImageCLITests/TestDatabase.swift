import Foundation
import Logging
import PostgresNIO
import ProfileQuotaPostgres

/// The PostgreSQL `scripts/with-postgres` starts for the tests, and what the queue tests ask of it
/// directly (beyond `queue status`): which worker holds what, and every completion logged.
enum TestDatabase {
    /// The test database's URL; a test that needs it fails without it (never skips).
    static var url: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["PROFILE_IMAGE_TEST_POSTGRES_URL"], !url.isEmpty else {
                throw MissingService(
                    description:
                        "PROFILE_IMAGE_TEST_POSTGRES_URL is not set: run the tests as scripts/with-postgres swift test")
            }
            return url
        }
    }

    struct MissingService: Error, CustomStringConvertible { let description: String }

    /// A queue name no other test uses.
    static func queueName(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8))" }

    /// Runs `body` on one connection to the test database.
    static func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let url = try PostgresURL(try Self.url)
        let connection = try await PostgresConnection.connect(
            configuration: url.connection, id: 1, logger: Logger(label: "TestDatabase"))
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The inputs of the running jobs of `queue` whose worker's id names process `pid`.
    static func running(queue: String, pid: Int32) async throws -> [String] {
        try await withConnection { connection in
            var inputs: [String] = []
            let pattern = "%:\(pid):%"
            for try await input in try await connection.query(
                "SELECT input FROM profile_queue_job WHERE queue = \(queue) AND state = 'running' AND worker LIKE \(pattern)",
                logger: Logger(label: "TestDatabase")
            ).decode(String.self) { inputs.append(input) }
            return inputs
        }
    }

    /// For each job of `queue`: its input, attempts and completions logged.
    static func jobs(queue: String) async throws -> [(input: String, attempts: Int, completions: Int)] {
        try await withConnection { connection in
            var jobs: [(input: String, attempts: Int, completions: Int)] = []
            for try await (input, attempts, completions) in try await connection.query(
                """
                SELECT j.input, j.attempts, (SELECT count(*) FROM profile_queue_completion c WHERE c.job_id = j.id)
                FROM profile_queue_job j WHERE j.queue = \(queue) ORDER BY j.id
                """, logger: Logger(label: "TestDatabase")
            ).decode((String, Int, Int).self) { jobs.append((input, attempts, completions)) }
            return jobs
        }
    }

    /// Every payload, record and error message of `queue`'s jobs, for tests that look for secrets.
    static func payloads(queue: String) async throws -> [String] {
        try await withConnection { connection in
            var texts: [String] = []
            for try await (payload, record, message) in try await connection.query(
                "SELECT payload, coalesce(record, ''), coalesce(error_message, '') FROM profile_queue_job WHERE queue = \(queue)",
                logger: Logger(label: "TestDatabase")
            ).decode((String, String, String).self) { texts += [payload, record, message] }
            return texts
        }
    }
}
