import Foundation

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

    private let log: DurableLog
    private let uploaded: Set<String>

    init(path: String) {
        log = DurableLog(path: path)
        var uploaded: Set<String> = []
        for line in log.existingLines() {
            guard let entry = try? JSONDecoder().decode(Entry.self, from: Data(line.utf8)) else { continue }
            if entry.status == UploadRecord.Status.uploaded.rawValue {
                uploaded.insert(Self.key(line: entry.line, content: entry.content, account: entry.account))
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
        try log.append(entry)
    }
}
