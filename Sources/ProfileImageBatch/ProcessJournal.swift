import Foundation
import Synchronization

/// The record, kept in the output folder, of which inputs have complete, current outputs: what
/// makes a re-run skip finished work. A line is appended only after both outputs of its input were
/// renamed into place and made durable, so a run killed at any moment (or a machine losing power)
/// claims nothing undone.
///
/// Group commit: outputs are written without an fsync each, and the lines of finished inputs are
/// held until a batch is due (64 lines or a second); then one flush of the file system makes all
/// their outputs durable, and one write and fsync appends their lines. Five fsyncs per input cost
/// more than the whole job on a small photo. A kill loses at most the last batch's lines, whose
/// inputs the next run simply does again.
final class ProcessJournal: Sendable {
    static let fileName = ".profile-image-journal.ndjson"

    struct Entry: Codable, Sendable {
        /// The input's path below its root argument: the same file on every run.
        var input: String
        /// XXH64 of the input's bytes.
        var content: String
        /// XXH64 of the options that shape the outputs.
        var options: String
        var image: ProcessRecord.Output
        var croppedImage: ProcessRecord.Output
        var crop: [Int]
        /// What placed the crop (a ``CropChoice/Mode`` spelling) and the faces it saw, each
        /// x, y, w, h; absent in journals from before crop strategies.
        var cropMode: String?
        var faces: [[Int]]?
    }

    private let log: DurableLog
    private let entries: [String: Entry]
    private let outputDirectory: String
    private let pending = Mutex<(lines: [Data], since: ContinuousClock.Instant)>(([], .now))
    /// Whether outputs may be written without an fsync each (see ``FileSystemSync``).
    let groupsCommits = FileSystemSync.flushesWholeFileSystem

    init(outputDirectory: String) throws {
        self.outputDirectory = outputDirectory
        log = DurableLog(path: outputDirectory + "/" + Self.fileName)
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        var entries: [String: Entry] = [:]
        // A line cut short by a kill simply does not parse and is ignored.
        for line in log.existingLines() {
            if let entry = try? JSONDecoder().decode(Entry.self, from: Data(line.utf8)) { entries[entry.input] = entry }
        }
        self.entries = entries
    }

    /// The entry for `input` if it matches the content and options and both outputs are still
    /// there with the recorded sizes.
    func current(input: String, content: String, options: String) -> Entry? {
        guard let entry = entries[input], entry.content == content, entry.options == options else { return nil }
        for output in [entry.image, entry.croppedImage] {
            let size = (try? FileManager.default.attributesOfItem(atPath: output.path))?[.size] as? NSNumber
            guard size?.intValue == output.bytes else { return nil }
        }
        return entry
    }

    /// Holds `entry`'s line for the next batch (writes it at once when commits are not grouped),
    /// and commits the batch if it is due.
    func append(_ entry: Entry) throws {
        let line = try DurableLog.line(entry)
        guard groupsCommits else { return try log.append(lines: [line]) }
        let due = pending.withLock { pending -> [Data]? in
            pending.lines.append(line)
            guard pending.lines.count >= 64 || ContinuousClock.now - pending.since >= .seconds(1) else { return nil }
            defer { pending = ([], .now) }
            return pending.lines
        }
        if let due { try commit(due) }
    }

    /// Commits every line still held: at the end of a run, however it ends.
    func flush() throws {
        let due = pending.withLock { pending in
            defer { pending = ([], .now) }
            return pending.lines
        }
        try commit(due)
    }

    private func commit(_ lines: [Data]) throws {
        guard !lines.isEmpty else { return }
        try FileSystemSync.flush(outputDirectory)
        try log.append(lines: lines)
    }

    /// Deletes temporary files a killed run left under `directory`.
    static func sweepTemporaryFiles(in directory: String) {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return }
        while let relative = walker.nextObject() as? String {
            if (relative as NSString).lastPathComponent.hasPrefix(AtomicFile.temporaryPrefix) {
                try? FileManager.default.removeItem(atPath: directory + "/" + relative)
            }
        }
    }
}
