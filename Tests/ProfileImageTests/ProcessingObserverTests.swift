import Foundation
import ProfileImage
import Synchronization
import Testing

@Suite("ProcessingObserver: each job's end and stage timings, for metrics")
struct ProcessingObserverTests {
    /// Keeps what it was told.
    final class Recorder: ProcessingObserver {
        let processedJobs = Mutex<[(StageTimings, ImageInfo)]>([])
        let failures = Mutex<[ProfileImageError.Code]>([])

        func processed(_ timings: StageTimings, source: ImageInfo) {
            processedJobs.withLock { $0.append((timings, source)) }
        }
        func failed(_ code: ProfileImageError.Code) { failures.withLock { $0.append(code) } }
    }

    @Test(
        "a processed photo reports its format and a time for decoding and encoding",
        arguments: ["valid/baseline-420.jpg", "valid/rgb-8.png"])
    func processedJob(fixture: String) async throws {
        let recorder = Recorder()
        let processor = ProfileImageProcessor(configuration: .init(threads: 1), observer: recorder)
        let result = try await processor.process(try Fixtures.bytes(fixture))
        let jobs = recorder.processedJobs.withLock { $0 }
        try #require(jobs.count == 1)
        #expect(jobs[0].1 == result.source)
        #expect(jobs[0].0.decode > .zero)
        #expect(jobs[0].0.encode > .zero)
        // The centred crop needs no placing.
        #expect(jobs[0].0.framing == .zero)
        #expect(recorder.failures.withLock { $0 }.isEmpty)
    }

    @Test("an attention crop reports the time it took to place")
    func framingTime() async throws {
        let recorder = Recorder()
        var pipeline = ProfileImagePipeline()
        pipeline.configuration.cropStrategy = .attention
        let processor = ProfileImageProcessor(configuration: .init(threads: 1), observer: recorder)
        _ = try await processor.process(try Fixtures.bytes("faces/face-biden-left.jpg"), pipeline: pipeline)
        let timings = try #require(recorder.processedJobs.withLock { $0 }.first).0
        #expect(timings.framing > .zero)
    }

    @Test(
        "a damaged photo reports its code and no timings",
        arguments: [
            ("invalid/truncated-in-scan.jpg", ProfileImageError.Code.truncated),
            ("invalid/truncated-in-idat.png", ProfileImageError.Code.truncated),
        ])
    func failedJob(fixture: String, code: ProfileImageError.Code) async throws {
        let recorder = Recorder()
        let processor = ProfileImageProcessor(configuration: .init(threads: 1), observer: recorder)
        await #expect(throws: ProfileImageError.self) { try await processor.process(try Fixtures.bytes(fixture)) }
        #expect(recorder.failures.withLock { $0 } == [code])
        #expect(recorder.processedJobs.withLock { $0 }.isEmpty)
    }
}
