import Foundation
import Logging
import PostgresNIO
import ProfileImageBatch
import ProfileQuotaPostgres
import ProfileWorkQueuePostgres
import Testing

@Suite("PostgresWorkQueue against a real PostgreSQL")
struct PostgresWorkQueueTests {
    @Test("enqueuing the same keys twice adds nothing; duplicates within one call count once")
    func idempotentEnqueue() async throws {
        try await TestQueue.with { queue in
            let first = try await queue.enqueue(TestQueue.jobs(700))
            #expect(first == EnqueueCount(enqueued: 700, alreadyPresent: 0))
            let second = try await queue.enqueue(TestQueue.jobs(705))
            #expect(second == EnqueueCount(enqueued: 5, alreadyPresent: 700))
            let doubled = try await queue.enqueue(
                [QueueJob(kind: .process, key: "twin", input: "a", payload: "{}")] + [
                    QueueJob(kind: .process, key: "twin", input: "a", payload: "{}")
                ])
            #expect(doubled == EnqueueCount(enqueued: 1, alreadyPresent: 1))
            #expect(try await queue.status().counts[.queued] == 706)
        }
    }

    @Test("eight claimers at once drain 200 jobs: each job claimed and done exactly once")
    func concurrentClaims() async throws {
        try await TestQueue.with { queue in
            _ = try await queue.enqueue(TestQueue.jobs(200))
            var counts: [String: Int] = [:]
            try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var claimed: [String] = []
                        while let job = try await queue.claim(
                            kinds: [.process], worker: "w\(worker)", lease: .seconds(60))
                        {
                            claimed.append(job.input)
                            #expect(try await queue.finish(job, outcome: .done(record: "{}")))
                        }
                        return claimed
                    }
                }
                for try await claimed in group {
                    for input in claimed { counts[input, default: 0] += 1 }
                }
            }
            #expect(counts.count == 200)
            #expect(counts.values.allSatisfy { $0 == 1 })
            let status = try await queue.status()
            #expect(status.counts[.done] == 200)
            #expect(status.doneLastMinute == 200)
        }
    }

    @Test("a lease that runs out makes the job claimable again; the first holder can then neither renew nor end it")
    func leaseExpiry() async throws {
        try await TestQueue.with { queue in
            _ = try await queue.enqueue(TestQueue.jobs(1))
            let first = try #require(try await queue.claim(kinds: [.process], worker: "dead", lease: .seconds(60)))
            #expect(first.attempt == 1)
            #expect(try await queue.claim(kinds: [.process], worker: "other", lease: .seconds(60)) == nil, "held")
            // Its worker died a lease ago.
            try await TestQueue.expireLeases(queue)
            let taken = try #require(try await queue.claim(kinds: [.process], worker: "other", lease: .seconds(60)))
            #expect(taken.id == first.id && taken.attempt == 2 && taken.token != first.token)
            #expect(try await queue.renew(first, lease: .seconds(60)) == false)
            #expect(
                try await queue.finish(first, outcome: .done(record: "stale")) == false,
                "a stolen claim records nothing")
            #expect(try await queue.renew(taken, lease: .seconds(60)))
            #expect(try await queue.finish(taken, outcome: .done(record: "{}")))
            let status = try await queue.status()
            #expect(status.counts[.done] == 1 && status.doneLastMinute == 1)
        }
    }

    @Test("retry: queued again after its backoff, then failed with its code; retry-failed resets it")
    func retryAndFail() async throws {
        try await TestQueue.with { queue in
            _ = try await queue.enqueue(TestQueue.jobs(1))
            let job = try #require(try await queue.claim(kinds: [.process], worker: "w", lease: .seconds(60)))
            #expect(
                try await queue.finish(job, outcome: .retry(code: "unreadable", message: "EIO", after: .seconds(600))))
            #expect(
                try await queue.claim(kinds: [.process], worker: "w", lease: .seconds(60)) == nil,
                "not before its backoff")
            #expect(try await queue.status().counts[.queued] == 1)
            #expect(try await queue.unfinished() == 1)
            try await TestQueue.makeDue(queue)
            let soon = try #require(try await queue.claim(kinds: [.process], worker: "w", lease: .seconds(60)))
            #expect(soon.attempt == 2)
            #expect(try await queue.finish(soon, outcome: .failed(code: "corruptData", message: "bad", record: "{}")))
            let status = try await queue.status()
            #expect(status.counts[.failed] == 1)
            #expect(status.failures.first?.code == "corruptData" && status.failures.first?.attempts == 2)
            #expect(try await queue.unfinished() == 0)
            #expect(try await queue.retryFailed() == 1)
            let again = try #require(try await queue.claim(kinds: [.process], worker: "w", lease: .seconds(60)))
            #expect(again.attempt == 1, "attempts reset")
        }
    }

    @Test("waiting for quota and released jobs do not count as attempts; kinds filter what is claimed")
    func waitAndRelease() async throws {
        try await TestQueue.with { queue in
            _ = try await queue.enqueue(TestQueue.jobs(1, kind: .upload))
            #expect(try await queue.claim(kinds: [.process], worker: "w", lease: .seconds(60)) == nil)
            let job = try #require(try await queue.claim(kinds: [.upload], worker: "w", lease: .seconds(60)))
            let until = Date().addingTimeInterval(3_600)
            #expect(try await queue.finish(job, outcome: .waitForQuota(until: until, message: "spent")))
            var status = try await queue.status()
            #expect(status.counts[.waitingForQuota] == 1)
            #expect(try await queue.unfinished() == 0, "waiting for quota is not unfinished work")
            #expect(
                try await queue.claim(kinds: [.upload], worker: "w", lease: .seconds(60)) == nil, "not before it frees")
            try await TestQueue.makeDue(queue)
            let freed = try #require(try await queue.claim(kinds: [.upload], worker: "w", lease: .seconds(60)))
            #expect(freed.attempt == 1, "the wait was no attempt")
            #expect(try await queue.finish(freed, outcome: .release(after: .zero, message: "unreachable")))
            let released = try #require(try await queue.claim(kinds: [.upload], worker: "w", lease: .seconds(60)))
            #expect(released.attempt == 1, "a release is no attempt")
            #expect(try await queue.finish(released, outcome: .done(record: "{}")))
            status = try await queue.status()
            #expect(status.counts[.done] == 1 && status.uploadsTriedMoreThanOnce == 0)
        }
    }

    @Test("workers register, heartbeat and unregister")
    func workers() async throws {
        try await TestQueue.with { queue in
            let worker = WorkerRegistration(id: "host:1:abc", host: "host", pid: 1, jobs: 2)
            try await queue.heartbeat(worker)
            var registration = worker
            registration.finished = 7
            try await queue.heartbeat(registration)
            let seen = try await queue.status().workers
            #expect(seen.count == 1 && seen.first?.finished == 7 && seen.first?.host == "host")
            #expect((seen.first?.secondsSinceHeartbeat ?? 99) < 60)
            try await queue.unregister(worker)
            #expect(try await queue.status().workers.isEmpty)
        }
    }

    @Test("many queues made at once against a fresh database all find one schema")
    func concurrentSchema() async throws {
        // A database of its own, so that the tables are made here, under the race, and not
        // found made by an earlier test.
        let base = try TestQueue.url
        let database = "pik_schema_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await Self.administer(base, "CREATE DATABASE \(database)")
        let text = try #require(ProcessInfo.processInfo.environment["PROFILE_IMAGE_TEST_POSTGRES_URL"])
        var components = try #require(URLComponents(string: text))
        components.path = "/" + database
        let fresh = try PostgresURL(try #require(components.string))
        do {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await PostgresWorkQueue.withQueue(url: fresh, name: "race") {
                            try await $0.enqueue(TestQueue.jobs(3)).enqueued
                        }
                    }
                }
                var enqueued = 0
                for try await count in group { enqueued += count }
                // One queue, one set of keys: the first three count, the other seven calls add nothing.
                #expect(enqueued == 3)
            }
        } catch {
            try await Self.administer(base, "DROP DATABASE \(database) WITH (FORCE)")
            throw error
        }
        try await Self.administer(base, "DROP DATABASE \(database) WITH (FORCE)")
    }

    /// Runs `statement` (made of constants only) on a connection of its own to `url`'s database.
    static func administer(_ url: PostgresURL, _ statement: String) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: url.connection, id: 1, logger: Logger(label: "PostgresWorkQueueTests"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "PostgresWorkQueueTests"))
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    @Test("a database that is down: a clear error naming the URL without its password")
    func downDatabase() async throws {
        let url = try PostgresURL("postgres://pik:hunter2@127.0.0.1:1/none?sslmode=disable")
        let error = try await #require(throws: BatchError.self) {
            try await PostgresWorkQueue.withQueue(url: url) { _ in }
        }
        #expect(error.code == .queueUnavailable)
        #expect(error.message.contains("postgres://pik:***@127.0.0.1:1/none"))
        #expect(!error.message.contains("hunter2"))
    }
}
