import Foundation
import ProfileUpload

/// The rows of an `upload-batch` manifest: `image_path,apikey_env,token_env` (names of environment
/// variables holding the secrets) or `image_path,credentials_file`, or any columns a header row
/// (starting with `image_path`) names, others ignored; an `account_id` column names each row's
/// account for the quota store and journal, so that refreshed tokens stay one account. Raw secrets never appear in it. It is read as CSV by RFC 4180 (``CSVReader``): CRLF or LF line ends, quoted fields, a UTF-8
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
        /// Where the secrets are to be found (names of variables, or a file), for a queue's job:
        /// `nil` when the row names neither usably.
        public internal(set) var source: CredentialSource? = nil
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
            var source: CredentialSource?
            var fromFile = false
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
                source = CredentialSource(apiKeyVariable: keyVariable, accessTokenVariable: tokenVariable)
                credentials = Result {
                    try ProfileAPICredentials.load(
                        apiKeyVariable: keyVariable, accessTokenVariable: tokenVariable, authentication: authentication,
                        environment: environment)
                }.mapError { _ in
                    // Never the values themselves: a secret pasted in can look like a name. A name
                    // as variables are conventionally written is shown, to say which is missing.
                    let missing = [("apikey_env", keyVariable, authentication.usesAPIKey), ("token_env", tokenVariable, authentication.usesAccessToken)]
                        .filter { $0.2 && (environment[$0.1] ?? "").isEmpty }
                        .map { Self.isConventionalName($0.1) ? "\($0.0) \($0.1)" : "\($0.0) (its value not shown)" }
                    return ProfileUploadError(
                        code: .invalidConfiguration,
                        message: "the environment variables named in "
                            + (missing.isEmpty ? "apikey_env and token_env" : missing.joined(separator: " and ")) + " are not set")
                }
            } else if let file, header?["credentials_file"] != nil || header == nil && fields.count == 2 {
                fromFile = true
                source = CredentialSource(credentialsFile: resolve(file))
                credentials = Result { try ProfileAPICredentials.load(file: resolve(file), authentication: authentication) }
                    .mapError { _ in
                        ProfileUploadError(
                            code: .invalidConfiguration,
                            message: "the credentials_file on this row cannot be read, or lacks the secrets \(authentication) "
                                + "authentication needs (its name is not shown: a secret pasted in can look like one)")
                    }
            } else {
                // This row alone cannot be sent; the others still are.
                credentials = .failure(
                    ProfileUploadError(
                        code: .invalidConfiguration,
                        message: "no apikey_env and token_env, nor a credentials_file"))
            }
            guard let image = field("image_path", 0) else { throw Self.badRow(path, record.line, "no image_path") }
            // The account's stable id: the row's account_id column, else a credentials file's
            // PROFILE_ACCOUNT_ID; never the process's own (it would make every row one account).
            let accountID = header?["account_id"].flatMap { $0 < fields.count ? fields[$0] : nil }
            let rowCredentials = credentials.map {
                ProfileAPICredentials(
                    apiKey: $0.apiKey, accessToken: $0.accessToken, accountID: accountID ?? (fromFile ? $0.accountID : nil))
            }
            source?.accountID = accountID
            rows.append(Row(line: record.line, imagePath: resolve(image), credentials: rowCredentials, source: source))
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

    /// Whether a variable name is written as variables conventionally are (upper case, digits,
    /// and at least one `_`: `ADA_KEY`), and so may be shown: a key or token is not written so.
    static func isConventionalName(_ text: String) -> Bool {
        text.count <= 64 && text.contains("_") && isVariableName(text) && text.uppercased() == text
    }
}
