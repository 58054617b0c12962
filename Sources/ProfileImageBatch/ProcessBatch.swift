import Foundation
import ProfileImage

/// `image` and `cropped_image` for every photo under some paths, written under one folder:
/// what `profile-image process` does, minus parsing its arguments.
///
/// Outputs go under ``Options-swift.struct/outputDirectory`` at each input's path relative to the
/// folder it was found in, written atomically, never over an input. The folder's journal makes a
/// run resumable: inputs whose outputs are complete and current are skipped unless
/// ``Options-swift.struct/force``.
///
/// ```swift
/// let batch = ProcessBatch(options: .init(paths: ["photos"], outputDirectory: "avatars"))
/// let walk = try await batch.walk()
/// try await batch.run(walk) { record in print(record.textLine) }
/// ```
public struct ProcessBatch: Sendable {
    /// What to process, and how.
    public struct Options: Sendable {
        /// Photos, or folders to walk.
        public var paths: [String]
        /// Where the outputs go (created if missing).
        public var outputDirectory: String
        /// How the two files are made.
        public var pipeline: ProfileImagePipeline.Configuration
        /// The crop in the upright picture; the centred square when `nil`.
        public var crop: CropRectangle?
        /// Redo inputs whose outputs are already complete and current. Default `false`.
        public var force: Bool
        /// Files worked on at once. Default: one per core.
        public var jobs: Int
        /// Follow symbolic links that lead out of the folders given. Default `false`.
        public var followSymlinksOutOfTree: Bool
        /// Files the walk leaves out, such as the run's report when it is inside an input folder.
        public var excludedFiles: [String] = []

        /// Creates options; every parameter but the first two has the default described on its property.
        public init(
            paths: [String], outputDirectory: String,
            pipeline: ProfileImagePipeline.Configuration = ProfileImagePipeline.Configuration(), crop: CropRectangle? = nil,
            force: Bool = false, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
            followSymlinksOutOfTree: Bool = false
        ) {
            self.paths = paths
            self.outputDirectory = outputDirectory
            self.pipeline = pipeline
            self.crop = crop
            self.force = force
            self.jobs = jobs
            self.followSymlinksOutOfTree = followSymlinksOutOfTree
        }
    }

    /// What to process, and how.
    public let options: Options

    /// Creates a batch.
    public init(options: Options) {
        self.options = options
    }

    /// The inputs, found as ``InputWalker`` finds them (on a worker thread); this run's output
    /// folder and any earlier run's are never inputs.
    public func walk() async throws -> InputWalker.Walk {
        let walker = InputWalker(
            followSymlinksOutOfTree: options.followSymlinksOutOfTree, excludedDirectories: [options.outputDirectory],
            excludedFiles: options.excludedFiles)
        let paths = options.paths
        return try await ProfileImageProcessor.shared.run(pixels: 0) { walker.walk(paths) }
    }

    /// Processes the files of `walk`, at most ``Options-swift.struct/jobs`` at once, handing each
    /// record to `onRecord` as it completes (and counting it in `progress`), and starting no new
    /// file once `stopStarting` says so. Temporary files a killed run left are swept first.
    /// - Returns: how many files were started.
    /// - Throws: ``BatchError`` when the output folder or its journal cannot be written, or what
    ///   `onRecord` throws.
    @discardableResult
    public func run(
        _ walk: InputWalker.Walk, progress: BatchProgress? = nil, stopStarting: () -> Bool = { false },
        onRecord: (ProcessRecord) async throws -> Void = { _ in }
    ) async throws -> Int {
        let files = walk.files
        let workers = ProfileImageProcessor.forBatch(jobs: options.jobs)
        let outputDirectory = options.outputDirectory
        let journal = try await workers.run(pixels: 0) { () throws -> ProcessJournal in
            ProcessJournal.sweepTemporaryFiles(in: outputDirectory)
            do {
                return try ProcessJournal(outputDirectory: outputDirectory)
            } catch {
                throw BatchError(code: .writeFailed, message: "\(outputDirectory): \(error.localizedDescription)")
            }
        }
        let processor = BatchProcessor(
            pipeline: ProfileImagePipeline(configuration: options.pipeline), crop: options.crop,
            naming: OutputNaming(outputDirectory: outputDirectory), inputs: files, journal: journal, force: options.force)
        let started: Int
        do {
            started = try await BatchRunner.run(count: files.count, jobs: options.jobs, stopStarting: stopStarting) { index in
                do {
                    return try await workers.run(pixels: 0) { processor.process(index) }
                } catch {
                    return .failure(
                        files[index].path, status: .error, code: "internalError", message: "\(error)", reason: "\(error)")
                }
            } completed: { _, record in
                progress?.record(
                    failureCode: record.status == .ok ? nil : record.errorCode, skipped: record.skipped,
                    bytesIn: record.inputBytes,
                    bytesOut: record.skipped ? 0 : (record.image?.bytes ?? 0) + (record.croppedImage?.bytes ?? 0))
                try await onRecord(record)
            }
        } catch {
            try? await workers.run(pixels: 0) { try journal.flush() }
            throw error
        }
        try await workers.run(pixels: 0) { try journal.flush() }
        return started
    }
}
