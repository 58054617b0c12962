import Foundation
import ProfileUpload

/// The rows of an `upload-batch` manifest: `image_path,apikey_env,token_env` (names of environment
/// variables holding the secrets) or `image_path,credentials_file`, or any columns a header row
/// (starting with `image_path`) names, others ignored. Raw secrets never appear in it. It is read as CSV by RFC 4180 (``CSVReader``): CRLF or LF line ends, quoted fields, a UTF-8
/// byte order mark, blank lines, and the empty fields Excel pads short rows with. Relative paths
/// are relative to the manifest's folder; a first row starting with `image_path` is a header;
/// rows whose first field starts with `#` are skipped. A manifest with no rows is refused.
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

    /// Reads the manifest at `path`, looking the rows' secrets up in `environment` (only those
    /// `authentication` sends are required).
    /// - Throws: ``BatchError`` with code ``BatchError/Code/invalidManifest``, naming the file and
    ///   the line.
    public init(
        path: String, authentication: ProfileAPIAuthentication = .apiKeyAndBearer,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
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
        // A header names the columns, in any order, with others (notes) left alone; without one
        // the columns are image_path,apikey_env,token_env or image_path,credentials_file.
        var header: [String: Int]?
        for record in records {
            // Excel pads every row to the widest one: trailing empty fields are not columns.
            var fields = record.fields
            while fields.count > 1, fields.last?.isEmpty == true { fields.removeLast() }
            guard let first = fields.first, !first.isEmpty, !first.hasPrefix("#") else { continue }
            // Header names as spreadsheets write them: any case, spaces around.
            func column(_ name: String) -> String { name.trimmingCharacters(in: .whitespaces).lowercased() }
            if rows.isEmpty && header == nil && column(first) == "image_path" {
                header = Dictionary(fields.enumerated().map { (column($1), $0) }, uniquingKeysWith: { first, _ in first })
                continue
            }
            func field(_ name: String, _ position: Int) -> String? {
                let index = header.map { $0[name] } ?? position
                return index.flatMap { $0 < fields.count && !fields[$0].isEmpty ? fields[$0] : nil }
            }
            let keyVariable = field("apikey_env", 1)
            let tokenVariable = field("token_env", 2)
            let file = field("credentials_file", 1)
            let credentials: Result<ProfileAPICredentials, ProfileUploadError>
            if header == nil && fields.count > 3 || header == nil && fields.count < 2 {
                throw Self.badRow(path, record.line, "found \(fields.count) field(s)")
            } else if let keyVariable, let tokenVariable, header != nil || fields.count == 3 {
                guard Self.isVariableName(keyVariable), Self.isVariableName(tokenVariable) else {
                    // Most likely the secrets themselves pasted in: refused, and never repeated.
                    rows.append(
                        Row(
                            line: record.line, imagePath: resolve(field("image_path", 0) ?? ""),
                            credentials: .failure(
                                ProfileUploadError(
                                    code: .invalidConfiguration,
                                    message: "apikey_env and token_env must name environment "
                                        + "variables (letters, digits and _), not hold the secrets; the values are not shown"))))
                    continue
                }
                let shown = [
                    (keyVariable, Self.looksLikeVariable(keyVariable) ? nil : "(the apikey_env value, not shown)"),
                    (tokenVariable, Self.looksLikeVariable(tokenVariable) ? nil : "(the token_env value, not shown)"),
                ]
                credentials = Self.load(hiding: shown) {
                    try ProfileAPICredentials.load(
                        apiKeyVariable: keyVariable, accessTokenVariable: tokenVariable, authentication: authentication,
                        environment: environment)
                }
            } else if let file, header?["credentials_file"] != nil || header == nil && fields.count == 2 {
                let resolved = resolve(file)
                let hidden = Self.looksLikeFileName(file) ? nil : "(the credentials_file value, not shown: no file name)"
                credentials = Self.load(hiding: [(resolved, hidden), (file, hidden)]) {
                    try ProfileAPICredentials.load(file: resolved, authentication: authentication)
                }
            } else {
                // This row alone cannot be sent; the others still are.
                credentials = .failure(
                    ProfileUploadError(
                        code: .invalidConfiguration,
                        message: "no apikey_env and token_env, nor a credentials_file"))
            }
            guard let image = field("image_path", 0) else { throw Self.badRow(path, record.line, "no image_path") }
            rows.append(Row(line: record.line, imagePath: resolve(image), credentials: credentials))
        }
        guard !rows.isEmpty else {
            throw BatchError(
                code: .invalidManifest, message: "manifest \(path) has no rows: expected image_path,apikey_env,token_env lines")
        }
        self.rows = rows
    }

    /// Whether `text` can be an environment variable's name (POSIX: letters, digits, `_`, not
    /// starting with a digit).
    static func isVariableName(_ text: String) -> Bool {
        func letter(_ scalar: Unicode.Scalar) -> Bool { scalar == "_" || ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) }
        guard let first = text.unicodeScalars.first, letter(first) else { return false }
        return text.unicodeScalars.allSatisfy { letter($0) || ("0"..."9").contains($0) }
    }

    private static func badRow(_ path: String, _ line: Int, _ problem: String) -> BatchError {
        BatchError(
            code: .invalidManifest,
            message: "manifest \(path) line \(line): expected image_path,apikey_env,token_env or "
                + "image_path,credentials_file (or a header naming those columns): \(problem)")
    }

    /// Whether a manifest value may be repeated in a message as a variable's name: upper case,
    /// digits and `_`, as variables are named. A key or token pasted in (hex, base64) is not.
    static func looksLikeVariable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
            && text.unicodeScalars.first.map { !("0"..."9").contains($0) } ?? false
    }

    /// Whether a manifest value may be repeated as a file name: a path, or a name with one
    /// extension. A token pasted in (a JWT has two dots) is not.
    static func looksLikeFileName(_ text: String) -> Bool {
        text.contains("/") || text.split(separator: ".", omittingEmptySubsequences: false).count == 2
    }

    /// Loads credentials, with every value that must not be shown replaced in the message.
    private static func load(hiding values: [(String, String?)], _ body: () throws -> ProfileAPICredentials)
        -> Result<ProfileAPICredentials, ProfileUploadError>
    {
        Result { try body() }.mapError { error in
            var message = (error as? ProfileUploadError)?.message ?? "\(error)"
            for (value, replacement) in values { if let replacement { message = message.replacingOccurrences(of: value, with: replacement) } }
            return ProfileUploadError(code: (error as? ProfileUploadError)?.code ?? .invalidConfiguration, message: message)
        }
    }
}
