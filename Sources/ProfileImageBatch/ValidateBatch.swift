import Foundation
import ProfileImage

/// Is each file an intact image the profile API takes: what `profile-image validate` does,
/// minus parsing its arguments. Every file is recognised by its content and fully decoded.
public struct ValidateBatch: Sendable {
    /// Files or folders to check.
    public let paths: [String]
    /// Limits and damage policy.
    public let decoding: DecodingOptions
    /// Files checked at once.
    public let jobs: Int
    /// Follow symbolic links that lead out of the folders given.
    public let followSymlinksOutOfTree: Bool

    /// Creates a batch; by default strict decoding, one job per core, links kept inside the tree.
    public init(
        paths: [String], decoding: DecodingOptions = DecodingOptions(),
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, followSymlinksOutOfTree: Bool = false
    ) {
        self.paths = paths
        self.decoding = decoding
        self.jobs = jobs
        self.followSymlinksOutOfTree = followSymlinksOutOfTree
    }

    /// Files the walk leaves out, such as the run's report when it is inside a folder checked.
    public var excludedFiles: [String] = []

    /// The files to check, found on a worker thread.
    public func walk() async throws -> InputWalker.Walk {
        let walker = InputWalker(followSymlinksOutOfTree: followSymlinksOutOfTree, excludedFiles: excludedFiles)
        let paths = self.paths
        return try await ProfileImageProcessor.shared.run(pixels: 0) { walker.walk(paths) }
    }

    /// Checks the files of `walk` in parallel and hands the verdicts to `onVerdict` in input
    /// order (a finished file waits only for the ones before it), counting each in `progress` as
    /// it completes.
    /// - Returns: how many files were started.
    @discardableResult
    public func run(
        _ walk: InputWalker.Walk, progress: BatchProgress? = nil, stopStarting: () -> Bool = { false },
        onVerdict: (Verdict) async throws -> Void
    ) async throws -> Int {
        let decoder = ImageDecoder(options: decoding)
        let files = walk.files
        var pending: [Int: Verdict] = [:]
        var nextInOrder = 0
        let workers = ProfileImageProcessor.forBatch(jobs: jobs)
        return try await BatchRunner.run(count: files.count, jobs: jobs, stopStarting: stopStarting) { index in
            // The workers never refuse (no limit, no timeout) and are not cancelled here.
            (try? await workers.run(pixels: 0) { Verdict(file: files[index], decoder: decoder) })
                ?? Verdict(file: files[index].path, failure: .init(code: "internalError", message: "not run", reason: "not run"))
        } completed: { index, verdict in
            progress?.record(failureCode: verdict.error?.code)
            pending[index] = verdict
            while let ready = pending.removeValue(forKey: nextInOrder) {
                try await onVerdict(ready)
                nextInOrder += 1
            }
        }
    }
}
