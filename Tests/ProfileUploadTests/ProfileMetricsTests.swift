import CoreMetrics
import Foundation
import MetricsTestKit
import ProfileAPITesting
import ProfileImage
import ProfileQuotaSQLite
import ProfileUpload
import ProfileUploadAsyncHTTPClient
import Testing

@Suite("ProfileMetrics: upload outcomes, quota refusals and stage timers through swift-metrics")
struct ProfileMetricsTests {
    func client(
        _ baseURL: String, _ transport: any ProfileAPITransport, metrics: TestMetrics, ledger: (any QuotaStore)? = nil
    )
        -> ProfileAPIClient
    {
        ProfileAPIClient(
            configuration: .init(
                baseURL: baseURL, credentials: TestSupport.credentials, retry: RetryPolicy(maxAttempts: 1)),
            transport: transport, quotaStore: ledger, metrics: ProfileMetrics(factory: metrics))
    }

    func upload(_ client: ProfileAPIClient, cropped: [UInt8] = TestSupport.png) async throws -> ProfileAPIResult {
        try await client.uploadProfileImage(
            image: UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"),
            croppedImage: UploadFile(bytes: cropped, filename: "b.png"))
    }

    func count(_ metrics: TestMetrics, _ label: String, _ dimensions: [(String, String)]) -> Int64 {
        (try? metrics.expectCounter(label, dimensions).totalValue) ?? 0
    }

    @Test("successes, the server's 429 and the store's refusal are counted apart, each upload timed")
    func outcomes() async throws {
        let metrics = TestMetrics()
        try await TestSupport.withStandIn(TestSupport.configuration(dailyLimit: 1)) { baseURL, _, transport in
            let ledger = try SQLiteQuotaStore(path: TestSupport.temporaryPath("ledger.sqlite"))
            let client = client(baseURL, transport, metrics: metrics, ledger: ledger)
            #expect(try await upload(client).isSuccess)
            // The store has not learned the limit yet: the server says 429.
            let second = try await upload(client)
            // Now it knows: refused before any request.
            let third = try await upload(client)
            guard case .throttled(let served) = second, case .throttled(let local) = third else {
                Issue.record("expected two refusals, got \(second) and \(third)")
                return
            }
            #expect(!served.decidedLocally && local.decidedLocally)
        }
        #expect(count(metrics, ProfileMetrics.Name.uploads, [("outcome", "success"), ("code", "200")]) == 1)
        #expect(count(metrics, ProfileMetrics.Name.uploads, [("outcome", "throttled"), ("code", "429")]) == 1)
        #expect(count(metrics, ProfileMetrics.Name.uploads, [("outcome", "throttled"), ("code", "store")]) == 1)
        #expect(count(metrics, ProfileMetrics.Name.quotaRefusals, [("decided_by", "server")]) == 1)
        #expect(count(metrics, ProfileMetrics.Name.quotaRefusals, [("decided_by", "store")]) == 1)
        let successTimes = try metrics.expectTimer(ProfileMetrics.Name.upload, [("outcome", "success")]).values
        #expect(successTimes.count == 1 && successTimes.allSatisfy { $0 > 0 })
        #expect(try metrics.expectTimer(ProfileMetrics.Name.upload, [("outcome", "throttled")]).values.count == 2)
    }

    @Test("an upload that fails is counted by its error's code")
    func failures() async throws {
        let metrics = TestMetrics()
        try await TestSupport.withStandIn { baseURL, _, transport in
            let client = client(baseURL, transport, metrics: metrics)
            await #expect(throws: ProfileUploadError.self) {
                try await upload(client, cropped: TestSupport.fixture("invalid/text.txt"))
            }
        }
        #expect(count(metrics, ProfileMetrics.Name.uploads, [("outcome", "failed"), ("code", "invalidImage")]) == 1)
        #expect(try metrics.expectTimer(ProfileMetrics.Name.upload, [("outcome", "failed")]).values.count == 1)
    }

    @Test("as a processor's observer: stage timers by input format, jobs by outcome and code")
    func processing() async throws {
        let metrics = TestMetrics()
        let processor = ProfileImageProcessor(
            configuration: .init(threads: 1), observer: ProfileMetrics(factory: metrics))
        _ = try await processor.process(TestSupport.jpeg)
        _ = try await processor.process(TestSupport.png)
        await #expect(throws: ProfileImageError.self) {
            try await processor.process(TestSupport.fixture("invalid/text.txt"))
        }
        for name in [ProfileMetrics.Name.decode, ProfileMetrics.Name.encode] {
            #expect(try metrics.expectTimer(name, [("format", "jpeg")]).values.count == 1)
            #expect(try metrics.expectTimer(name, [("format", "png")]).values.count == 1)
        }
        #expect(count(metrics, ProfileMetrics.Name.jobs, [("outcome", "processed"), ("code", "")]) == 2)
        #expect(count(metrics, ProfileMetrics.Name.jobs, [("outcome", "failed"), ("code", "notAnImage")]) == 1)
    }

    @Test("with no backend bootstrapped, nothing is recorded")
    func noBackend() {
        // No test in this process bootstraps swift-metrics: the default factory is the no-op one.
        #expect(MetricsSystem.factory is NOOPMetricsHandler)
        #expect(!ProfileMetrics.bootstrapped.isRecording)
        #expect(!ProfileMetrics.none.isRecording)
        #expect(ProfileMetrics(factory: TestMetrics()).isRecording)
    }
}
