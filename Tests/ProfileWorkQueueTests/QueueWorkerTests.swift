import Foundation
import ProfileImage
import Testing

@testable import ProfileImageBatch

@Suite("QueueWorker against a real PostgreSQL queue")
struct QueueWorkerTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ProfileImageTests/Fixtures")

    /// A process job for `input` into `out`, with the default options.
    static func job(_ input: String, out: String) throws -> QueueJob {
        let stem = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
        let job = ProcessJob(
            input: input, stem: stem, outputDirectory: out,
            settings: PipelineSettings(ProfileImagePipeline.Configuration(), crop: nil))
        let payload = String(decoding: try JSONEncoder().encode(job), as: UTF8.self)
        return QueueJob(kind: .process, key: input, input: input, payload: payload)
    }

    @Test("a valid photo is done, a missing one retried with backoff up to the limit then failed, an invalid one failed at once")
    func outcomes() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("pik-worker-\(UUID().uuidString)").path
        let valid = Self.fixtures.appendingPathComponent("valid/baseline-420.jpg").path
        let invalid = Self.fixtures.appendingPathComponent("invalid/missing-eoi.jpg").path
        let missing = out + "-nowhere/gone.jpg"
        try await TestQueue.with { queue in
            _ = try await queue.enqueue([try Self.job(valid, out: out), try Self.job(invalid, out: out), try Self.job(missing, out: out)])
            let worker = QueueWorker(
                queue: queue,
                options: .init(jobs: 2, lease: .seconds(30), exitWhenEmpty: true, maxAttempts: 3, backoff: .milliseconds(50)))
            let (finished, _) = await worker.run()
            #expect(finished == 1 + 1 + 3, "the missing photo was tried three times")
            let status = try await queue.status()
            #expect(status.counts[.done] == 1 && status.counts[.failed] == 2)
            let failures = Dictionary(uniqueKeysWithValues: status.failures.map { ($0.input, $0) })
            #expect(failures[missing]?.code == "unreadable" && failures[missing]?.attempts == 3)
            #expect(failures[invalid]?.attempts == 1)
            #expect(failures[invalid]?.code == "truncated")
            let files = try FileManager.default.contentsOfDirectory(atPath: out)
            #expect(Set(files) == ["baseline-420.image.jpg", "baseline-420.cropped_image.jpg"])
        }
    }

    @Test("backoff doubles per attempt from its base, spread by a quarter, and stops at its longest")
    func backoff() async throws {
        try await TestQueue.with { queue in
            let worker = QueueWorker(
                queue: queue, options: .init(backoff: .seconds(2), longestBackoff: .seconds(60)))
            for (attempt, base) in [(1, 2.0), (2, 4.0), (3, 8.0), (5, 32.0), (9, 60.0), (40, 60.0)] {
                let wait = worker.backoff(attempt: attempt)
                #expect(wait >= .seconds(base * 0.75) && wait <= .seconds(base * 1.25), "attempt \(attempt): \(wait)")
            }
            let retry = worker.retryOrFail(code: "unreadable", message: "EIO", record: "{}", attempt: 4)
            #expect(retry.isRetry)
            let last = worker.retryOrFail(code: "unreadable", message: "EIO", record: "{}", attempt: 5)
            #expect(last == .failed(code: "unreadable", message: "EIO", record: "{}"))
        }
    }
}

extension JobOutcome {
    var isRetry: Bool {
        if case .retry = self { return true }
        return false
    }
}
