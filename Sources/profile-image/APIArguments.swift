import ArgumentParser
import Foundation
import ProfileUpload

/// Where the profile API is and as whom to call it: shared by `upload` and `profile`.
struct APIArguments: ParsableArguments {
    @OptionGroup var connection: APIArgumentsWithoutCredentials

    @Option(
        help: ArgumentHelp(
            "A file of PROFILE_API_KEY=... and PROFILE_ACCESS_TOKEN=... lines (default: those environment variables).",
            valueName: "file"))
    var credentials: String?

    var ledger: String { connection.ledger }
    var connectDuration: Duration { connection.connectDuration }

    func configuration(_ credentials: ProfileAPICredentials) -> ProfileAPIClient.Configuration {
        connection.configuration(credentials)
    }

    /// The credentials from `--credentials` or the environment. The error never shows a secret.
    func loadCredentials() throws -> ProfileAPICredentials {
        try CredentialsLoader.load(file: credentials)
    }
}

/// The API's address, the ledger and the limits: everything but the credentials, which
/// `upload-batch` takes per manifest row.
struct APIArgumentsWithoutCredentials: ParsableArguments {
    @Option(help: ArgumentHelp("The API base, e.g. https://host/api/v1.", valueName: "url"))
    var endpoint: String

    @Option(help: ArgumentHelp("The quota ledger (SQLite).", valueName: "path"))
    var ledger: String = SQLiteQuotaStore.defaultPath

    @Option(help: ArgumentHelp("The account's daily update limit, if known: enforced before the first 429.", valueName: "n"))
    var dailyLimit: Int?

    @Option(help: ArgumentHelp("Request timeout in seconds.", valueName: "s"))
    var timeout: Int = 30

    @Option(help: ArgumentHelp("How long to keep trying to connect, in seconds.", valueName: "s"))
    var connectTimeout: Double = 10

    func validate() throws {
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else { throw ValidationError("--endpoint must be an http(s) URL such as https://host/api/v1") }
        if let dailyLimit, dailyLimit < 0 { throw ValidationError("--daily-limit must not be negative") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard connectTimeout > 0 && connectTimeout <= 3_600 else {
            throw ValidationError("--connect-timeout must be more than 0 and at most 3600 seconds")
        }
    }

    /// The transport's connect timeout.
    var connectDuration: Duration { .milliseconds(Int64(connectTimeout * 1_000)) }

    /// The configuration for `credentials`.
    func configuration(_ credentials: ProfileAPICredentials) -> ProfileAPIClient.Configuration {
        ProfileAPIClient.Configuration(
            baseURL: endpoint, credentials: credentials, timeout: .seconds(timeout), dailyLimit: dailyLimit)
    }
}

/// Reads credentials from an env-style file or the environment.
enum CredentialsLoader {
    static let apiKeyVariable = "PROFILE_API_KEY"
    static let tokenVariable = "PROFILE_ACCESS_TOKEN"

    static func load(file: String?, apiKeyVariable: String = apiKeyVariable, tokenVariable: String = tokenVariable)
        throws -> ProfileAPICredentials
    {
        var values = ProcessInfo.processInfo.environment
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationFailure("cannot read the credentials file \(file)")
            }
            values = [:]
            for line in text.split(whereSeparator: \.isNewline) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
                let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
                var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, value.first == value.last, value.first == "\"" || value.first == "'" {
                    value = String(value.dropFirst().dropLast())
                }
                values[key.replacingOccurrences(of: "export ", with: "")] = value
            }
        }
        guard let apiKey = values[apiKeyVariable], !apiKey.isEmpty, let token = values[tokenVariable], !token.isEmpty else {
            let source = file.map { "in \($0)" } ?? "in the environment"
            throw ValidationFailure("\(apiKeyVariable) and \(tokenVariable) must both be set \(source)")
        }
        return ProfileAPICredentials(apiKey: apiKey, accessToken: token)
    }
}
