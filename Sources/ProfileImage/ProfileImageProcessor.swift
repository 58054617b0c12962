import Foundation

/// Runs the pipeline for a service: off Swift's cooperative pool, on threads of its own, and
/// bounded, so that a burst of uploads waits its turn (or is told the processor is busy) instead
/// of decoding fifty 20 MP photos at once and running out of memory.
///
/// Each ``process(_:pipeline:crop:)`` reads the photo's header on the caller's task (cheap), asks
/// for admission with the picture's pixel count, then runs on a worker thread; the caller's task
/// suspends meanwhile. At most ``Configuration-swift.struct/maxConcurrentJobs`` run at once, and
/// at most ``Configuration-swift.struct/maxPixelsInFlight`` pixels between them (a picture larger
/// than that runs alone). Waiting callers queue, first come first served; one that waits longer
/// than ``Configuration-swift.struct/admissionTimeout``, or finds the line full, gets
/// ``ProfileImageError/Code/busy``. A task cancelled while it waits leaves the line at once;
/// one whose work has started runs to the end.
///
/// ```swift
/// let processor = ProfileImageProcessor()          // one per service, shared by every request
/// let result = try await processor.process(bytes, crop: crop)
/// ```
public final class ProfileImageProcessor: Sendable {
    /// How much work may run and wait at once.
    public struct Configuration: Sendable, Hashable {
        /// Worker threads. Default: one per core.
        public var threads: Int
        /// Jobs running at once. Default: the number of threads.
        public var maxConcurrentJobs: Int
        /// Input pixels of the jobs running at once (memory follows them: about 4 bytes a pixel
        /// at worst). Default 100 MP: five 20 MP photos.
        public var maxPixelsInFlight: Int
        /// How long a caller may wait for its turn before ``ProfileImageError/Code/busy``; `nil`
        /// waits as long as it takes. Default 30 s.
        public var admissionTimeout: Duration?
        /// Callers that may wait in line; one more gets ``ProfileImageError/Code/busy`` at once.
        /// Default 256.
        public var maxWaiting: Int

        /// Creates a configuration; every parameter has the default described on its property.
        public init(
            threads: Int = ProcessInfo.processInfo.activeProcessorCount, maxConcurrentJobs: Int? = nil,
            maxPixelsInFlight: Int = 100_000_000, admissionTimeout: Duration? = .seconds(30), maxWaiting: Int = 256
        ) {
            self.threads = max(1, threads)
            self.maxConcurrentJobs = max(1, maxConcurrentJobs ?? threads)
            self.maxPixelsInFlight = max(1, maxPixelsInFlight)
            // A timeout of centuries is no timeout; kept within a year, a sleep never overflows.
            self.admissionTimeout = admissionTimeout.map { min(max($0, .zero), .seconds(366 * 86_400)) }
            self.maxWaiting = max(0, maxWaiting)
        }
    }

    /// What is running and waiting right now.
    public struct Load: Sendable, Hashable {
        /// Jobs running.
        public var running: Int
        /// Callers waiting for their turn.
        public var waiting: Int
        /// Input pixels of the running jobs.
        public var pixelsInFlight: Int

        /// Creates a description.
        public init(running: Int, waiting: Int, pixelsInFlight: Int) {
            self.running = running
            self.waiting = waiting
            self.pixelsInFlight = pixelsInFlight
        }
    }

    /// The limits.
    public let configuration: Configuration
    /// Told how each job of ``process(_:pipeline:crop:)`` ended, with its stage timings.
    public let observer: (any ProcessingObserver)?
    private let threads: WorkerThreads
    private let admission: Admission

    /// Starts the worker threads; they end when the processor is released.
    /// - Parameter observer: told how each job ended (a metrics backend, say); none by default,
    ///   which costs nothing.
    public init(configuration: Configuration = Configuration(), observer: (any ProcessingObserver)? = nil) {
        self.configuration = configuration
        self.observer = observer
        threads = WorkerThreads(count: configuration.threads, name: "ProfileImageProcessor")
        admission = Admission(
            maxJobs: configuration.maxConcurrentJobs, maxPixels: configuration.maxPixelsInFlight,
            maxWaiting: configuration.maxWaiting)
    }

    deinit { threads.stop() }

    /// One processor for the whole process, with the default limits: for code that has none of
    /// its own to pass (the upload client's checks of the files it sends, say). Its threads live
    /// as long as the process.
    public static let shared = ProfileImageProcessor()

    /// What is running and waiting right now.
    public var load: Load {
        get async {
            let load = await admission.load
            return Load(running: load.running, waiting: load.waiting, pixelsInFlight: load.pixels)
        }
    }

    /// Makes both outputs from the bytes of a photo, with `pipeline`, on a worker thread.
    /// - Throws: what ``ProfileImagePipeline/process(_:crop:)`` throws (the header's errors
    ///   before any wait), ``ProfileImageError/Code/busy`` when no turn came in time, and
    ///   `CancellationError` when the task was cancelled while it waited.
    public func process(
        _ bytes: [UInt8], pipeline: ProfileImagePipeline = ProfileImagePipeline(), crop: CropRectangle? = nil
    ) async throws -> ProcessedImage {
        // Timing the stages costs a few clock reads a job, observed or not.
        let observer = self.observer
        do {
            try pipeline.configuration.check()
            var header = StageTimings()
            let info = try header.measure(\.decode) { try ImageDecoder(options: pipeline.configuration.decoding).info(bytes) }
            return try await run(pixels: info.pixelCount) { [header] in
                var timings = header
                let processed = try pipeline.process(bytes, crop: crop, timings: &timings)
                observer?.processed(timings, source: processed.source)
                return processed
            }
        } catch let error as ProfileImageError {
            observer?.failed(error.code)
            throw error
        }
    }

    /// Runs blocking `work` that costs about `pixels` on a worker thread, once admitted.
    package func run<Result: Sendable>(pixels: Int, _ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        let cost = max(0, pixels)
        try await admission.acquire(pixels: cost, timeout: configuration.admissionTimeout)
        // Cancelled in the moment between admission and here: the work has not started.
        if Task.isCancelled {
            await admission.release(pixels: cost)
            throw CancellationError()
        }
        let threads = self.threads
        let outcome: Swift.Result<Result, any Error> = await withCheckedContinuation { continuation in
            threads.submit { continuation.resume(returning: Swift.Result { try work() }) }
        }
        await admission.release(pixels: cost)
        return try outcome.get()
    }
}
