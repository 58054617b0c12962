import Foundation

/// Runs a batch with at most `jobs` items in flight, handing each result over as it completes (so
/// reports are written as work finishes), and starting nothing new once `stopStarting` says so
/// (Ctrl-C, an unreachable API).
enum BatchRunner {
    /// Returns how many items were started.
    static func run<Result: Sendable>(
        count: Int,
        jobs: Int,
        stopStarting: () -> Bool,
        work: @escaping @Sendable (Int) async -> Result,
        completed: (Int, Result) async throws -> Void
    ) async throws -> Int {
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            func startNext() {
                guard next < count, !stopStarting() else { return }
                let index = next
                group.addTask { (index, await work(index)) }
                next += 1
            }
            for _ in 0..<max(1, jobs) { startNext() }
            while let (index, result) = try await group.next() {
                try await completed(index, result)
                startNext()
            }
            return next
        }
    }

    /// The default parallelism: one job per core.
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }
}
