import Foundation

/// What `upload-batch` has done, one NDJSON line per attempt next to the manifest, so that a
/// re-run uploads only what is still pending. Lines are appended and fsynced as rows finish.
///
/// Work is keyed by what it is, never by where it sits in the manifest: the account (a hash of the
/// endpoint and the credentials, so a staging run never stands for production), the photo's
/// content and the options that shape the two files. Inserting, moving or deleting rows changes
/// nothing for the others.
final class UploadJournal: Sendable {
    struct Entry: Codable, Sendable {
        /// Where the row was, for people reading the journal; not part of the key.
        var line: Int
        var image: String
        /// XXH64 of the photo's bytes: a changed photo is uploaded again.
        var content: String
        /// The account key: SHA-256 of the endpoint and the credentials, never the credentials.
        var account: String
        /// XXH64 of the options that shape the outputs.
        var options: String
        var status: String
        var at: String
    }

    private let log: DurableLog
    private let uploaded: Set<String>

    init(path: String) {
        log = DurableLog(path: path)
        var uploaded: Set<String> = []
        for line in log.existingLines() {
            // Lines of older journals, keyed by line number, do not decode: their rows are redone.
            guard let entry = try? JSONDecoder().decode(Entry.self, from: Data(line.utf8)) else { continue }
            if entry.status == UploadRecord.Status.uploaded.rawValue {
                uploaded.insert(Self.key(account: entry.account, content: entry.content, options: entry.options))
            }
        }
        self.uploaded = uploaded
    }

    static func key(account: String, content: String, options: String) -> String { "\(account)|\(content)|\(options)" }

    /// Whether this photo, with these options, was uploaded to this account by an earlier run.
    func wasUploaded(account: String, content: String, options: String) -> Bool {
        uploaded.contains(Self.key(account: account, content: content, options: options))
    }

    func append(_ entry: Entry) throws {
        try log.append(entry)
    }
}
