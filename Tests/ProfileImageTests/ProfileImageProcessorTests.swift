import Foundation
import ProfileImage
import Synchronization
import Testing

@Suite("ProfileImageProcessor: the pipeline off the cooperative pool, bounded", .timeLimit(.minutes(3)))
struct ProfileImageProcessorTests {
    /// Jobs that count how many run at once and hold their thread until the test opens the gate,
    /// so that what overlaps is decided by the test, not by how busy the machine is.
    final class Jobs: Sendable {
        let current = Atomic<Int>(0)
        let highest = Atomic<Int>(0)
        let started = Atomic<Int>(0)
        let gate = DispatchSemaphore(value: 0)
        let onWorkerThread = Atomic<Int>(0)

        func job() -> @Sendable () -> Int {
            { [self] in
                if WorkerThreads.isWorkerThread { onWorkerThread.add(1, ordering: .relaxed) }
                started.add(1, ordering: .relaxed)
                let now = current.add(1, ordering: .relaxed).newValue
                _ = highest.max(now, ordering: .relaxed)
                gate.wait()
                gate.signal()  // once opened, it stays open for every later job
                current.subtract(1, ordering: .relaxed)
                return now
            }
        }

        func open() { gate.signal() }
    }

    /// Waits (politely, on the cooperative pool) until `condition` holds, or the test is
    /// cancelled (its time limit). No clock of its own: the heavy synchronous suites (the colour
    /// comparisons, in a debug build) can hold both of this machine's cooperative threads for
    /// half a minute, and a wait that gave up after 30 s failed tests whose jobs were only late.
    static func until(_ condition: () async -> Bool) async throws {
        while !(await condition()) { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test("the same bytes as the pipeline run directly")
    func sameResult() async throws {
        let bytes = try Fixtures.bytes("valid/orientation-6.jpg")
        let pipeline = ProfileImagePipeline(configuration: .init(maxSide: 64, croppedSize: 16))
        let processed = try await ProfileImageProcessor().process(bytes, pipeline: pipeline)
        #expect(processed == (try pipeline.process(bytes)))
        let error = await #expect(throws: ProfileImageError.self) {
            try await ProfileImageProcessor().process(try Fixtures.bytes("invalid/missing-eoi.jpg"))
        }
        #expect(error?.code == .truncated)
    }

    @Test("never more jobs at once than allowed; the work runs on the processor's own threads")
    func concurrentJobs() async throws {
        let processor = ProfileImageProcessor(configuration: .init(threads: 4, maxConcurrentJobs: 2))
        let jobs = Jobs()
        try await withThrowingTaskGroup(of: Int.self) { group in
            // However this ends, no job is left held: the group waits for every one of them.
            defer { jobs.open() }
            for _ in 0..<8 { group.addTask { try await processor.run(pixels: 1, jobs.job()) } }
            try await Self.until { jobs.started.load(ordering: .relaxed) == 2 }
            #expect(await processor.load == .init(running: 2, waiting: 6, pixelsInFlight: 2))
            jobs.open()
            for try await _ in group {}
        }
        #expect(jobs.started.load(ordering: .relaxed) == 8)
        #expect(jobs.highest.load(ordering: .relaxed) == 2)
        #expect(jobs.onWorkerThread.load(ordering: .relaxed) == 8, "every job ran on a worker thread, none on the caller's")
        #expect(!WorkerThreads.isWorkerThread)
    }

    @Test("pixels in flight stay within the budget; a picture larger than it runs alone")
    func pixelBudget() async throws {
        let processor = ProfileImageProcessor(configuration: .init(threads: 4, maxConcurrentJobs: 4, maxPixelsInFlight: 100))
        let jobs = Jobs()
        try await withThrowingTaskGroup(of: Int.self) { group in
            // However this ends, no job is left held: the group waits for every one of them.
            defer { jobs.open() }
            group.addTask { try await processor.run(pixels: 60, jobs.job()) }
            try await Self.until { jobs.started.load(ordering: .relaxed) == 1 }
            group.addTask { try await processor.run(pixels: 30, jobs.job()) }
            try await Self.until { jobs.started.load(ordering: .relaxed) == 2 }
            group.addTask { try await processor.run(pixels: 60, jobs.job()) }  // 60 + 30 + 60 > 100: waits
            group.addTask { try await processor.run(pixels: 1_000, jobs.job()) }  // alone, after the others
            try await Self.until { await processor.load.waiting == 2 }
            #expect(await processor.load == .init(running: 2, waiting: 2, pixelsInFlight: 90))
            jobs.open()
            for try await _ in group {}
        }
        #expect(jobs.highest.load(ordering: .relaxed) == 2)
    }

    @Test("a caller that waits past the timeout, or finds the line full, is told the processor is busy")
    func busy() async throws {
        let processor = ProfileImageProcessor(
            configuration: .init(threads: 1, admissionTimeout: .milliseconds(100), maxWaiting: 1))
        let jobs = Jobs()
        defer { jobs.open() }
        let long = Task { try await processor.run(pixels: 1, jobs.job()) }
        try await Self.until { jobs.started.load(ordering: .relaxed) == 1 }
        let waiting = Task { try await processor.run(pixels: 1, jobs.job()) }
        try await Self.until { await processor.load.waiting == 1 }
        let full = await #expect(throws: ProfileImageError.self) { try await processor.run(pixels: 1, jobs.job()) }
        #expect(full?.code == .busy)
        let late = await #expect(throws: ProfileImageError.self) { try await waiting.value }
        #expect(late?.code == .busy)
        #expect(late?.message == "Too many images are being processed; try again shortly.")
        jobs.open()
        _ = try await long.value
        #expect(jobs.started.load(ordering: .relaxed) == 1, "neither refused job ever ran")
    }

    @Test("a task cancelled while it waits leaves the line and its work never runs")
    func cancellation() async throws {
        let processor = ProfileImageProcessor(configuration: .init(threads: 1, admissionTimeout: nil))
        let jobs = Jobs()
        defer { jobs.open() }
        let long = Task { try await processor.run(pixels: 1, jobs.job()) }
        try await Self.until { jobs.started.load(ordering: .relaxed) == 1 }
        let waiter = Task { try await processor.run(pixels: 1, jobs.job()) }
        try await Self.until { await processor.load.waiting == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiter.value }
        #expect(await processor.load.waiting == 0)
        jobs.open()
        _ = try await long.value
        #expect(jobs.started.load(ordering: .relaxed) == 1)
    }

    @Test("a large job timing out at the head of the line lets the small ones behind it start")
    func expiryDrainsTheLine() async throws {
        let processor = ProfileImageProcessor(
            configuration: .init(threads: 4, maxConcurrentJobs: 4, maxPixelsInFlight: 100, admissionTimeout: .seconds(3)))
        let jobs = Jobs()
        defer { jobs.open() }
        let holding = Task { try await processor.run(pixels: 10, jobs.job()) }
        try await Self.until { jobs.started.load(ordering: .relaxed) == 1 }
        let large = Task { try await processor.run(pixels: 1_000, jobs.job()) }  // must run alone: waits
        try await Self.until { await processor.load.waiting == 1 }
        // Queued right behind the large one: its deadline is a moment later. Timers on a loaded
        // machine may wake in either order; the line goes by the deadlines, so the result is the same.
        let small = Task { try await processor.run(pixels: 10, jobs.job()) }  // fits, but may not overtake
        try await Self.until { await processor.load.waiting == 2 }
        #expect(jobs.started.load(ordering: .relaxed) == 1, "the small one waited behind the large one")
        let busy = await #expect(throws: ProfileImageError.self) { try await large.value }
        #expect(busy?.code == .busy)
        // The small one started when the large one left, not refused with it.
        try await Self.until { jobs.started.load(ordering: .relaxed) == 2 }
        jobs.open()
        _ = try await small.value
        _ = try await holding.value
    }
}
