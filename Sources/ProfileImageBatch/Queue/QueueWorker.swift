import Foundation
import ProfileImage
import ProfileUpload

/// A worker that drains a ``WorkQueue``: what `profile-image worker` does, minus parsing.
///
/// It runs ``Options-swift.struct/jobs`` slots; each claims a job (`SKIP LOCKED`, under a
/// lease), does it while a heartbeat renews the lease, records the outcome in the transaction that
/// ends the claim, and goes on. Process jobs make the files `process` makes (atomically, the same
/// names and report line); upload jobs make them and upload them through the shared quota store.
/// A failure worth retrying (I/O, a 5xx, the network) is retried with exponential backoff up to
/// ``Options-swift.struct/maxAttempts``, then failed; an invalid image fails at once with its
/// code. While the profile API is unreachable no upload job is claimed. When the queue's database
/// cannot be reached, the worker says so and tries again with backoff.
public struct QueueWorker: Sendable {
    /// How the worker works.
    public struct Options: Sendable {
        /// Jobs worked on at once. Default: one per core.
        public var jobs: Int
        /// How long a claim holds without a heartbeat: a worker that dies leaves its job claimable
        /// this long after its last heartbeat. Renewed every third of it. Default 60 s.
        public var lease: Duration
        /// Stop once nothing is queued or running (jobs waiting for quota do not count). Default `false`.
        public var exitWhenEmpty: Bool
        /// Attempts a job may have before a retryable failure becomes final. Default 5.
        public var maxAttempts: Int
        /// Wait before the first retry, doubled for each further attempt. Default 2 s.
        public var backoff: Duration
        /// Longest wait between attempts. Default 5 minutes.
        public var longestBackoff: Duration
        /// Longest wait between two looks at an empty queue. Default 1 s.
        public var idlePoll: Duration

        /// Creates options; every parameter has the default described on its property.
        public init(
            jobs: Int = ProcessInfo.processInfo.activeProcessorCount, lease: Duration = .seconds(60),
            exitWhenEmpty: Bool = false, maxAttempts: Int = 5, backoff: Duration = .seconds(2),
            longestBackoff: Duration = .seconds(300), idlePoll: Duration = .seconds(1)
        ) {
            self.jobs = jobs
            self.lease = lease
            self.exitWhenEmpty = exitWhenEmpty
            self.maxAttempts = maxAttempts
            self.backoff = backoff
            self.longestBackoff = longestBackoff
            self.idlePoll = idlePoll
        }
    }

    /// What upload jobs are sent with; a worker without it claims only process jobs.
    public struct Uploads: Sendable {
        /// The HTTP transport.
        public var transport: any ProfileAPITransport
        /// The quota store every worker shares (PostgreSQL for a fleet).
        public var quotaStore: any QuotaStore
        /// Shared by every upload of the worker.
        public var breaker: CircuitBreaker
        /// Where the credentials' variables are looked up. Default: the process's environment.
        public var environment: [String: String]

        /// Creates the means to send upload jobs.
        public init(
            transport: any ProfileAPITransport, quotaStore: any QuotaStore, breaker: CircuitBreaker = CircuitBreaker(),
            environment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            self.transport = transport
            self.quotaStore = quotaStore
            self.breaker = breaker
            self.environment = environment
        }
    }

    /// Something a worker did, for its log.
    public enum Event: Sendable {
        /// A job ended; `recorded` is `false` when the claim was no longer the worker's.
        case finished(ClaimedJob, JobOutcome, recorded: Bool)
        /// The lease of a job was taken over by another worker: its outcome will not be recorded.
        case leaseLost(ClaimedJob)
        /// The queue could not be reached; trying again.
        case queueUnavailable(String)
        /// No upload job is claimed for a while: the profile API is unreachable.
        case uploadsPaused(Duration, String)
    }

    /// The queue drained.
    public let queue: any WorkQueue
    /// How.
    public let options: Options
    /// What upload jobs are sent with; `nil`: process jobs only.
    public let uploads: Uploads?
    /// The worker as the table of workers shows it.
    public let registration: WorkerRegistration

    let state = QueueWorkerState()

    /// Creates a worker named after this machine and process.
    public init(queue: any WorkQueue, options: Options = Options(), uploads: Uploads? = nil) {
        self.queue = queue
        self.options = options
        self.uploads = uploads
        let host = ProcessInfo.processInfo.hostName
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        self.registration = WorkerRegistration(
            id: "\(host):\(pid):\(UUID().uuidString.prefix(8).lowercased())", host: host, pid: pid, jobs: options.jobs)
    }

    /// Works until `stop` says so (the jobs in hand are finished first) or, with
    /// ``Options-swift.struct/exitWhenEmpty``, until the queue is empty; `onEvent` hears of
    /// every job ended and every trouble.
    /// - Returns: how many jobs this worker ended, and the time their claims and finishes took
    ///   on the queue (the queue's own cost; waits on an empty queue left out).
    public func run(
        stop: @escaping @Sendable () -> Bool = { false }, onEvent: @escaping @Sendable (Event) -> Void = { _ in }
    )
        async -> (finished: Int, queueTime: Duration)
    {
        let workers = ProfileImageProcessor.forBatch(jobs: options.jobs)
        await withTaskGroup(of: Void.self) { outer in
            outer.addTask { await self.heartbeats(onEvent: onEvent) }
            await withTaskGroup(of: Void.self) { slots in
                for _ in 0..<max(1, options.jobs) {
                    slots.addTask { await self.slot(workers: workers, stop: stop, onEvent: onEvent) }
                }
            }
            outer.cancelAll()
        }
        try? await queue.unregister(registration)
        return (state.finished, state.queueTime)
    }

    /// Registers the worker and renews its heartbeat until cancelled.
    private func heartbeats(onEvent: @Sendable (Event) -> Void) async {
        let every = min(max(options.lease / 3, .seconds(1)), .seconds(10))
        while !Task.isCancelled {
            var registration = self.registration
            registration.finished = state.finished
            do { try await queue.heartbeat(registration) } catch { onEvent(.queueUnavailable("\(error)")) }
            try? await Task.sleep(for: every)
        }
    }

    /// One job slot: claim, work, record, until told to stop or the queue is empty.
    private func slot(
        workers: ProfileImageProcessor, stop: @Sendable () -> Bool, onEvent: @escaping @Sendable (Event) -> Void
    ) async {
        var idle: Duration = .milliseconds(50)
        var unavailable: Duration = .milliseconds(500)
        while !stop() && !Task.isCancelled {
            let kinds: [QueueJob.Kind] = uploads != nil && state.uploadsAllowed ? [.process, .upload] : [.process]
            let claimed: ClaimedJob?
            let claimStart = ContinuousClock.now
            do {
                claimed = try await queue.claim(kinds: kinds, worker: registration.id, lease: options.lease)
                unavailable = .milliseconds(500)
            } catch {
                onEvent(.queueUnavailable("\(error)"))
                try? await Task.sleep(for: unavailable)
                unavailable = min(unavailable * 2, .seconds(10))
                continue
            }
            guard let job = claimed else {
                if options.exitWhenEmpty, (try? await queue.unfinished()) == 0 { return }
                try? await Task.sleep(for: idle)
                idle = min(idle * 2, options.idlePoll)
                continue
            }
            idle = .milliseconds(50)
            let claimTime = ContinuousClock.now - claimStart
            let outcome = await holding(job, onEvent: onEvent) { await self.perform(job, workers: workers) }
            let finishStart = ContinuousClock.now
            let recorded = await record(job, outcome, onEvent: onEvent)
            state.countFinished(queueTime: claimTime + (ContinuousClock.now - finishStart))
            onEvent(.finished(job, outcome, recorded: recorded))
            if job.kind == .upload, case .release(let after, let message) = outcome {
                onEvent(.uploadsPaused(after, message))
            }
        }
    }

    /// Runs `work` while renewing the lease of `job` every third of it. A lease found lost (another
    /// worker may hold the job now) cancels `work`, which then starts nothing it cannot take back
    /// (an upload's request), and the job is left to its new holder.
    private func holding(
        _ job: ClaimedJob, onEvent: @escaping @Sendable (Event) -> Void,
        _ work: @escaping @Sendable () async -> JobOutcome
    ) async -> JobOutcome {
        let lease = options.lease
        let queue = self.queue
        let lost = JobOutcome.release(after: .zero, message: "lease lost: another worker may hold the job")
        return await withTaskGroup(of: JobOutcome?.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: lease / 3)
                    if Task.isCancelled { break }
                    do {
                        if try await !queue.renew(job, lease: lease) {
                            onEvent(.leaseLost(job))
                            return lost
                        }
                    } catch {
                        onEvent(.queueUnavailable("\(error)"))
                    }
                }
                return nil
            }
            group.addTask { await work() }
            var outcome: JobOutcome?
            for await result in group {
                guard let result, outcome == nil else { continue }
                outcome = result
                group.cancelAll()
            }
            return outcome ?? lost
        }
    }

    /// Records `outcome`, trying again while the queue is unreachable (for up to ten minutes:
    /// by then the lease has long run out and the job is another worker's).
    private func record(_ job: ClaimedJob, _ outcome: JobOutcome, onEvent: @Sendable (Event) -> Void) async -> Bool {
        var wait: Duration = .milliseconds(500)
        let deadline = ContinuousClock.now + .seconds(600)
        while true {
            do {
                return try await queue.finish(job, outcome: outcome)
            } catch {
                onEvent(.queueUnavailable("\(error)"))
                guard ContinuousClock.now < deadline else { return false }
                try? await Task.sleep(for: wait)
                wait = min(wait * 2, .seconds(10))
            }
        }
    }

    /// Does `job`.
    private func perform(_ job: ClaimedJob, workers: ProfileImageProcessor) async -> JobOutcome {
        if job.attempt > options.maxAttempts {
            return .failed(
                code: "tooManyAttempts",
                message: "claimed \(job.attempt) times: its workers stopped (killed?) while on it",
                record: "")
        }
        switch job.kind {
        case .process:
            guard let payload = try? JSONDecoder().decode(ProcessJob.self, from: Data(job.payload.utf8)) else {
                return .failed(
                    code: "invalidJob", message: "the job's options cannot be read by this version", record: "")
            }
            let record = await payload.run(on: workers, sweep: job.attempt > 1)
            return outcome(of: record, attempt: job.attempt)
        case .upload:
            guard let uploads else { return .release(after: .seconds(1), message: "this worker sends no uploads") }
            guard let payload = try? JSONDecoder().decode(UploadJob.self, from: Data(job.payload.utf8)) else {
                return .failed(
                    code: "invalidJob", message: "the job's options cannot be read by this version", record: "")
            }
            return await upload(payload, attempt: job.attempt, uploads: uploads, workers: workers)
        }
    }

    /// What a process record means for its job.
    func outcome(of record: ProcessRecord, attempt: Int) -> JobOutcome {
        switch record.status {
        case .ok:
            return .done(record: record.jsonLine)
        case .invalid:
            return .failed(
                code: record.errorCode ?? "invalid", message: record.errorReason ?? "", record: record.jsonLine)
        case .error:
            let code = record.errorCode ?? "error"
            let final = ["wouldOverwriteInput", "invalidConfiguration", "internalError"].contains(code)
            return retryOrFail(
                code: code, message: record.errorReason ?? "", record: record.jsonLine, attempt: attempt, final: final)
        }
    }

    /// A retry after the backoff for `attempt`, or the failure once attempts are spent (or `final`).
    func retryOrFail(code: String, message: String, record: String, attempt: Int, final: Bool = false) -> JobOutcome {
        if final || attempt >= options.maxAttempts { return .failed(code: code, message: message, record: record) }
        return .retry(code: code, message: message, after: backoff(attempt: attempt))
    }

    /// ``Options-swift.struct/backoff`` doubled for each attempt after the first, at most
    /// ``Options-swift.struct/longestBackoff``, spread by ±25% so that jobs failed together do
    /// not come back together.
    func backoff(attempt: Int) -> Duration {
        let doubled = options.backoff * (1 << min(max(0, attempt - 1), 20))
        return min(doubled, options.longestBackoff) * Double.random(in: 0.75...1.25)
    }
}
