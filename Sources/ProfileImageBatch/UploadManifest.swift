import Foundation
import ProfileUpload

/// The rows of an `upload-batch` manifest: `image_path,apikey_env,token_env` (names of environment
/// variables holding the secrets) or `image_path,credentials_file`. Raw secrets never appear in
/// it. It is read as CSV by RFC 4180 (``CSVReader``): CRLF or LF line ends, quoted fields, a UTF-8
/// byte order mark, blank lines. Relative paths are relative to the manifest's folder; a first
/// row starting with `image_path` is a header; rows whose first field starts with `#` are skipped.
/// A manifest with no rows is refused.
public struct UploadManifest: Sendable {
    /// One photo for one account.
    public struct Row: Sendable {
        /// The 1-based line the row is on, for messages.
        public let line: Int
        /// The photo, relative paths resolved against the manifest's folder.
        public let imagePath: String
        /// The account's secrets, or why they could not be found (the row then fails alone).
        public let credentials: Result<ProfileAPICredentials, ProfileUploadError>
    }

    /// The rows, in order.
    public let rows: [Row]

    /// Reads the manifest at `path`, looking the rows' secrets up in `environment`.
    /// - Throws: ``BatchError`` with code ``BatchError/Code/invalidManifest``, naming the file and
    ///   the line.
    public init(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BatchError(code: .invalidManifest, message: "cannot read the manifest \(path) (it must be UTF-8 text)")
        }
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") || base.isEmpty ? relative : base + "/" + relative
        }
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(text)
        } catch {
            throw BatchError(code: .invalidManifest, message: "manifest \(path): \(error)")
        }
        var rows: [Row] = []
        for (index, record) in records.enumerated() {
            let fields = record.fields
            guard let first = fields.first, !first.isEmpty, !first.hasPrefix("#") else { continue }
            if index == 0 && first == "image_path" { continue }
            let credentials: Result<ProfileAPICredentials, ProfileUploadError>
            switch fields.count {
            case 3:
                credentials = Self.load {
                    try ProfileAPICredentials.load(
                        apiKeyVariable: fields[1], accessTokenVariable: fields[2], environment: environment)
                }
            case 2:
                credentials = Self.load { try ProfileAPICredentials.load(file: resolve(fields[1])) }
            default:
                throw BatchError(
                    code: .invalidManifest,
                    message:
                    "manifest \(path) line \(record.line): expected image_path,apikey_env,token_env or "
                        + "image_path,credentials_file, found \(fields.count) field(s)")
            }
            rows.append(Row(line: record.line, imagePath: resolve(first), credentials: credentials))
        }
        guard !rows.isEmpty else {
            throw BatchError(
                code: .invalidManifest, message: "manifest \(path) has no rows: expected image_path,apikey_env,token_env lines")
        }
        self.rows = rows
    }

    private static func load(_ body: () throws -> ProfileAPICredentials) -> Result<ProfileAPICredentials, ProfileUploadError> {
        Result { try body() }.mapError { $0 as? ProfileUploadError ?? ProfileUploadError(code: .invalidConfiguration, message: "\($0)") }
    }
}
