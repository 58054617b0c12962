import Foundation

extension ProfileAPICredentials {
    /// The variable that holds the API key, by default.
    public static let apiKeyVariable = "PROFILE_API_KEY"
    /// The variable that holds the access token, by default.
    public static let accessTokenVariable = "PROFILE_ACCESS_TOKEN"
    /// The variable that may hold a stable ``accountID`` (optional).
    public static let accountIDVariable = "PROFILE_ACCOUNT_ID"

    /// Credentials from the environment, or from an env-style `file` of `NAME=value` lines
    /// (`export `, quotes and `#` comments allowed), under the given variable names. Only the
    /// secrets `authentication` sends are required; a missing other one is empty.
    /// `PROFILE_ACCOUNT_ID`, when set there, becomes ``accountID``.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/invalidConfiguration``
    ///   when the file cannot be read or a variable is missing or empty; the message names the
    ///   variables and the file, never a value.
    public static func load(
        file: String? = nil, apiKeyVariable: String = apiKeyVariable, accessTokenVariable: String = accessTokenVariable,
        authentication: ProfileAPIAuthentication = .apiKeyAndBearer,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ProfileAPICredentials {
        var values = environment
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ProfileUploadError(code: .invalidConfiguration, message: "cannot read the credentials file \(file)")
            }
            values = [:]
            for line in text.split(whereSeparator: \.isNewline) {
                var trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("export ") { trimmed = String(trimmed.dropFirst("export ".count)) }
                guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
                let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
                var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, value.first == value.last, value.first == "\"" || value.first == "'" {
                    value = String(value.dropFirst().dropLast())
                }
                values[key] = value
            }
        }
        let apiKey = values[apiKeyVariable] ?? ""
        let token = values[accessTokenVariable] ?? ""
        let missing =
            [(apiKeyVariable, authentication.usesAPIKey && apiKey.isEmpty),
             (accessTokenVariable, authentication.usesAccessToken && token.isEmpty)]
            .filter(\.1).map(\.0)
        guard missing.isEmpty else {
            let source = file.map { "in \($0)" } ?? "in the environment"
            let needed = [authentication.usesAPIKey ? apiKeyVariable : nil, authentication.usesAccessToken ? accessTokenVariable : nil]
                .compactMap { $0 }.joined(separator: " and ")
            throw ProfileUploadError(
                code: .invalidConfiguration,
                message: "\(needed) must be set \(source) for \(authentication) authentication (missing: \(missing.joined(separator: ", ")))")
        }
        return ProfileAPICredentials(apiKey: apiKey, accessToken: token, accountID: values[accountIDVariable])
    }
}
