import Foundation
import Synchronization

/// What `upload-batch` has done, one NDJSON line per attempt next to the manifest, so that a
/// re-run uploads only what is still pending. Lines are appended and fsynced as rows finish.
final class UploadJournal: Sendable {
    struct Entry: Codable, Sendable {
        var line: Int
        var image: String
        /// FNV-1a of the photo's bytes: a changed photo is uploaded again.
        var content: String
        /// The credentials' fingerprint, never the credentials.
        var account: String
        var status: String
        var at: String
    }

    let path: String
    private let uploaded: Set<String>
    private let appending = Mutex(())

    init(path: String) {
        self.path = path
        var uploaded: Set<String> = []
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                guard let entry = try? JSONDecoder().decode(Entry.self, from: Data(line.utf8)) else { continue }
                let key = Self.key(line: entry.line, content: entry.content, account: entry.account)
                if entry.status == UploadRecord.Status.uploaded.rawValue { uploaded.insert(key) }
            }
        }
        self.uploaded = uploaded
    }

    static func key(line: Int, content: String, account: String) -> String { "\(line)|\(content)|\(account)" }

    /// Whether this row, with this photo and account, was uploaded by an earlier run.
    func wasUploaded(line: Int, content: String, account: String) -> Bool {
        uploaded.contains(Self.key(line: line, content: content, account: account))
    }

    func append(_ entry: Entry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(entry) + Data("\n".utf8)
        try appending.withLock { _ in
            let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw ValidationFailure("cannot write the journal \(path)") }
            defer { close(descriptor) }
            _ = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            fsync(descriptor)
        }
    }
}
