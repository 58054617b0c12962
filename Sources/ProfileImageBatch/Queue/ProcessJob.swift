import Foundation
import ProfileImage

/// One input of `profile-image process`, as a ``WorkQueue`` job: the photo (an absolute path),
/// the stem its outputs are named by (as `process` names them, relative to the folder the photo
/// was found in), the output folder, and the options. A worker makes exactly the files `process`
/// makes, atomically, and its report line.
public struct ProcessJob: Codable, Sendable, Hashable {
    /// The photo, absolute.
    public var input: String
    /// The outputs' shared stem under ``outputDirectory``: `team/ada` for `team/ada.jpg`.
    public var stem: String
    /// Where the outputs go, absolute.
    public var outputDirectory: String
    /// How the two files are made.
    public var settings: PipelineSettings

    /// Creates a job.
    public init(input: String, stem: String, outputDirectory: String, settings: PipelineSettings) {
        self.input = input
        self.stem = stem
        self.outputDirectory = outputDirectory
        self.settings = settings
    }

    /// One job per photo `options` would process (walked as `process` walks), paths made
    /// absolute. The key is the job's JSON and the photo's size and modification time: the same
    /// photo with the same options into the same folder is the same job, while a photo changed
    /// since is new work.
    /// - Throws: what the walk throws.
    public static func plan(_ options: ProcessBatch.Options) async throws -> (jobs: [QueueJob], walk: InputWalker.Walk)
    {
        var options = options
        options.outputDirectory = absolute(options.outputDirectory)
        let batch = ProcessBatch(options: options)
        let walk = try await batch.walk()
        let naming = OutputNaming(outputDirectory: options.outputDirectory)
        let stems = naming.stems(for: walk.files)
        var pipeline = options.pipeline
        // Workers run in other folders (and on other machines): the cascade is named absolutely.
        pipeline.faceCascadePath = absolute(pipeline.faceCascadePath)
        let settings = PipelineSettings(pipeline, crop: options.crop)
        let outputDirectory = options.outputDirectory
        let jobs = try await ProfileImageProcessor.shared.run(pixels: 0) { () throws -> [QueueJob] in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try zip(walk.files, stems).map { file, stem in
                let job = ProcessJob(
                    input: absolute(file.path), stem: stem, outputDirectory: outputDirectory, settings: settings)
                let payload = String(decoding: try encoder.encode(job), as: UTF8.self)
                return QueueJob(
                    kind: .process, key: "process:" + ContentHash.hex(payload + "|" + fileStamp(job.input)),
                    input: job.input,
                    payload: payload)
            }
        }
        return (jobs, walk)
    }

    /// `path` made absolute against the current folder, with `.`, `..` and repeated slashes
    /// resolved as text (symbolic links left as they are): `photos`, `./photos` and
    /// `photos/../photos` are one folder and one job.
    static func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The size and modification time of `path`, or `missing`.
    static func fileStamp(_ path: String) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? NSNumber, let modified = attributes[.modificationDate] as? Date
        else { return "missing" }
        return "\(size.intValue)@\(modified.timeIntervalSince1970)"
    }

    /// Makes the two files on `workers`' threads; the record is what `process` reports.
    func run(on workers: ProfileImageProcessor, sweep: Bool) async -> ProcessRecord {
        let configuration: ProfileImagePipeline.Configuration
        do {
            configuration = try settings.configuration()
        } catch let error as BatchError {
            return .failure(
                input, status: .error, code: BatchError.Code.invalidConfiguration.rawValue, message: error.message,
                reason: error.message)
        } catch {
            return .failure(input, status: .error, code: "internalError", message: "\(error)", reason: "\(error)")
        }
        let processor = BatchProcessor(
            pipeline: ProfileImagePipeline(configuration: configuration), crop: settings.cropRectangle,
            naming: OutputNaming(outputDirectory: outputDirectory),
            inputs: [InputFile(path: input, relativePath: (input as NSString).lastPathComponent)], journal: nil,
            force: true,
            stems: [stem])
        let job = self
        do {
            return try await workers.run(pixels: 0) {
                if sweep { job.sweepLeftovers() }
                return processor.process(0)
            }
        } catch {
            return .failure(input, status: .error, code: "internalError", message: "\(error)", reason: "\(error)")
        }
    }

    /// Deletes the temporary files an earlier attempt at this job left (its worker killed between
    /// creating one and renaming it): only this job's, since other workers write in the same folder.
    func sweepLeftovers() {
        let stemPath = outputDirectory + "/" + stem
        let directory = (stemPath as NSString).deletingLastPathComponent
        let base = (stemPath as NSString).lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let outputs = Set(
            ["image", "cropped_image"].flatMap { output in
                ImageFormat.allCases.map { base + "." + output + "." + $0.fileExtension }
            })
        for name in names where Self.temporaryTarget(name).map(outputs.contains) == true {
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
        }
    }

    /// The name `name` is a temporary file for, as ``AtomicFile`` names them
    /// (`<prefix><pid>-<counter>-<name>`), or `nil` for any other file.
    static func temporaryTarget(_ name: String) -> String? {
        guard name.hasPrefix(AtomicFile.temporaryPrefix) else { return nil }
        let fields = name.dropFirst(AtomicFile.temporaryPrefix.count).split(
            separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].allSatisfy(Self.isDigit), fields[1].allSatisfy(Self.isDigit),
            !fields[0].isEmpty, !fields[1].isEmpty
        else { return nil }
        return String(fields[2])
    }

    private static func isDigit(_ character: Character) -> Bool { ("0"..."9").contains(character) }
}
