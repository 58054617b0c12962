import Foundation
import Logging
import PostgresNIO
import ProfileImageBatch
import ProfileQuotaPostgres
import ProfileWorkQueuePostgres

/// A queue of its own in the test database for each test, so tests never meet.
enum TestQueue {
    /// The test database `scripts/with-postgres` starts; a test fails without it (never skips).
    static var url: PostgresURL {
        get throws {
            guard let text = ProcessInfo.processInfo.environment["PROFILE_IMAGE_TEST_POSTGRES_URL"], !text.isEmpty
            else {
                throw MissingService(
                    description:
                        "PROFILE_IMAGE_TEST_POSTGRES_URL is not set: run the tests as scripts/with-postgres swift test")
            }
            return try PostgresURL(text)
        }
    }

    struct MissingService: Error, CustomStringConvertible { let description: String }

    /// Runs `body` with a new, empty queue.
    static func with<T: Sendable>(_ body: (PostgresWorkQueue) async throws -> T) async throws -> T {
        try await PostgresWorkQueue.withQueue(url: try url, name: "unit-\(UUID().uuidString)") { queue in
            let result = try await body(queue)
            _ = try await queue.purge()
            return result
        }
    }

    /// `count` process jobs with distinct keys.
    static func jobs(_ count: Int, kind: QueueJob.Kind = .process) -> [QueueJob] {
        (0..<count).map { QueueJob(kind: kind, key: "key-\($0)", input: "/photos/p\($0).jpg", payload: "{}") }
    }

    /// Makes every job of `queue` that waits (a retry's backoff, a quota) due now, as time passing
    /// would: the tests need not wait an hour.
    static func makeDue(_ queue: PostgresWorkQueue) async throws {
        try await update(
            queue, "run_at = extract(epoch from clock_timestamp())::double precision - 1",
            "('queued', 'waiting_for_quota')")
    }

    /// Makes the leases of every running job of `queue` run out, as a dead worker's would.
    static func expireLeases(_ queue: PostgresWorkQueue) async throws {
        try await update(
            queue, "run_at = extract(epoch from clock_timestamp())::double precision - 1, lease_until = run_at",
            "('running')")
    }

    private static func update(_ queue: PostgresWorkQueue, _ assignments: String, _ states: String) async throws {
        let url = try url
        let logger = Logger(label: "TestQueue")
        let connection = try await PostgresConnection.connect(configuration: url.connection, id: 1, logger: logger)
        let name = queue.name
        try await connection.query(
            """
            UPDATE profile_queue_job SET \(unescaped: assignments) WHERE queue = \(name) AND state IN \(unescaped: states)
            """, logger: logger)
        try await connection.close()
    }
}
