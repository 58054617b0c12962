import Foundation
import ProfileUpload

/// The rows of an `upload-batch` manifest: `image_path,apikey_env,token_env` (names of environment
/// variables holding the secrets) or `image_path,credentials_file`. Raw secrets never appear in
/// it. It is read as CSV by RFC 4180 (``CSVReader``): CRLF or LF line ends, quoted fields, a UTF-8
/// byte order mark, blank lines. Relative paths are relative to the manifest's folder; a first
/// row starting with `image_path` is a header; rows whose first field starts with `#` are skipped.
/// A manifest with no rows is refused.
struct UploadManifest {
    struct Row: Sendable {
        /// 1-based line number, for messages.
        let line: Int
        let imagePath: String
        let credentials: Result<ProfileAPICredentials, ValidationFailure>
    }

    let rows: [Row]

    init(path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationFailure("cannot read the manifest \(path) (it must be UTF-8 text)")
        }
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") || base.isEmpty ? relative : base + "/" + relative
        }
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(text)
        } catch {
            throw ValidationFailure("manifest \(path): \(error)")
        }
        var rows: [Row] = []
        for (index, record) in records.enumerated() {
            let fields = record.fields
            guard let first = fields.first, !first.isEmpty, !first.hasPrefix("#") else { continue }
            if index == 0 && first == "image_path" { continue }
            let credentials: Result<ProfileAPICredentials, ValidationFailure>
            switch fields.count {
            case 3:
                credentials = Result {
                    try CredentialsLoader.load(file: nil, apiKeyVariable: fields[1], tokenVariable: fields[2])
                }.mapError { $0 as? ValidationFailure ?? ValidationFailure("\($0)") }
            case 2:
                credentials = Result { try CredentialsLoader.load(file: resolve(fields[1])) }
                    .mapError { $0 as? ValidationFailure ?? ValidationFailure("\($0)") }
            default:
                throw ValidationFailure(
                    "manifest \(path) line \(record.line): expected image_path,apikey_env,token_env or "
                        + "image_path,credentials_file, found \(fields.count) field(s)")
            }
            rows.append(Row(line: record.line, imagePath: resolve(first), credentials: credentials))
        }
        guard !rows.isEmpty else {
            throw ValidationFailure("manifest \(path) has no rows: expected image_path,apikey_env,token_env lines")
        }
        self.rows = rows
    }
}
