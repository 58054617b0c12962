import Foundation
import Synchronization

/// The record, kept in the output folder, of which inputs have complete, current outputs: what
/// makes a re-run skip finished work. Each line is appended (and fsynced) only after both outputs
/// of an input were renamed into place, so a run killed at any moment loses nothing done and
/// claims nothing undone.
final class ProcessJournal: Sendable {
    static let fileName = ".profile-image-journal.ndjson"

    struct Entry: Codable, Sendable {
        /// The input's path below its root argument: the same file on every run.
        var input: String
        /// FNV-1a of the input's bytes.
        var content: String
        /// FNV-1a of the options that shape the outputs.
        var options: String
        var image: Output
        var croppedImage: Output
        var crop: [Int]

        struct Output: Codable, Sendable {
            var path: String
            var width: Int
            var height: Int
            var bytes: Int
        }
    }

    private let path: String
    private let entries: [String: Entry]
    /// Serialises appends from concurrent workers.
    private let appending = Mutex(())

    init(outputDirectory: String) throws {
        path = outputDirectory + "/" + Self.fileName
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        var entries: [String: Entry] = [:]
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            // A line cut short by a kill simply does not parse and is ignored.
            for line in text.split(separator: "\n") {
                if let entry = try? JSONDecoder().decode(Entry.self, from: Data(line.utf8)) { entries[entry.input] = entry }
            }
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = try encoder.encode(entry) + Data("\n".utf8)
        try appending.withLock { _ in try appendLine(line) }
    }

    private func appendLine(_ line: Data) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ValidationFailure("cannot write the journal \(path)") }
        defer { close(descriptor) }
        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
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
