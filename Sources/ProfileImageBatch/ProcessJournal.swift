import Foundation

/// The record, kept in the output folder, of which inputs have complete, current outputs: what
/// makes a re-run skip finished work. Each line is appended (and fsynced) only after both outputs
/// of an input were renamed into place, so a run killed at any moment loses nothing done and
/// claims nothing undone.
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
    }

    private let log: DurableLog
    private let entries: [String: Entry]

    init(outputDirectory: String) throws {
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

    func append(_ entry: Entry) throws {
        try log.append(entry)
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
