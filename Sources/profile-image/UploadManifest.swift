import Foundation
import ProfileUpload

/// The rows of an `upload-batch` manifest: `image_path,apikey_env,token_env` (names of environment
/// variables holding the secrets) or `image_path,credentials_file`. Raw secrets never appear in
/// it. Relative paths are relative to the manifest's folder; a first row starting with
/// `image_path` is a header; blank lines and lines starting with `#` are skipped.
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
            throw ValidationFailure("cannot read the manifest \(path)")
        }
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") || base.isEmpty ? relative : base + "/" + relative
        }
        var rows: [Row] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = Self.fields(String(line))
            guard let first = fields.first, !first.isEmpty, !first.hasPrefix("#") else { continue }
            if rows.isEmpty && first == "image_path" { continue }
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
                    "manifest line \(index + 1): expected image_path,apikey_env,token_env or image_path,credentials_file")
            }
            rows.append(Row(line: index + 1, imagePath: resolve(first), credentials: credentials))
        }
        self.rows = rows
    }

    /// RFC 4180 fields: commas separate, double quotes enclose, `""` is a quote.
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(line.trimmingCharacters(in: CharacterSet(charactersIn: "\r")))[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(field.trimmingCharacters(in: .whitespaces))
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field.trimmingCharacters(in: .whitespaces))
        return fields
    }
}
