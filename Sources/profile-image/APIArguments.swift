import ArgumentParser
import Foundation
import ProfileQuotaSQLite
import ProfileUpload

/// Where the profile API is and as whom to call it: shared by `upload` and `profile`.
struct APIArguments: ParsableArguments {
    @OptionGroup var connection: APIArgumentsWithoutCredentials

    @Option(
        help: ArgumentHelp(
            "A file of PROFILE_API_KEY=... and PROFILE_ACCESS_TOKEN=... lines (default: those environment variables).",
            valueName: "file"))
    var credentials: String?

    var quotaStore: QuotaStoreArguments { connection.quotaStore }
    var connectDuration: Duration { connection.connectDuration }

    func configuration(_ credentials: ProfileAPICredentials) -> ProfileAPIClient.Configuration {
        connection.configuration(credentials)
    }

    /// The credentials from `--credentials` or the environment. The error never shows a secret.
    func loadCredentials() throws -> ProfileAPICredentials {
        try CredentialsLoader.load(file: credentials, authentication: connection.auth.authentication)
    }
}

/// The API's address, the ledger and the limits: everything but the credentials, which
/// `upload-batch` takes per manifest row.
struct APIArgumentsWithoutCredentials: ParsableArguments {
    @Option(help: ArgumentHelp("The API base, e.g. https://host/api/v1.", valueName: "url"))
    var endpoint: String

    @OptionGroup var quotaStore: QuotaStoreArguments

    @Option(help: ArgumentHelp("The account's daily update limit, if known: enforced before the first 429.", valueName: "n"))
    var dailyLimit: Int?

    @Option(help: ArgumentHelp("Request timeout in seconds.", valueName: "s"))
    var timeout: Int = 30

    @Option(help: ArgumentHelp("How long to keep trying to connect, in seconds.", valueName: "s"))
    var connectTimeout: Double = 10

    @Option(help: "apikey-bearer (apikey and Authorization: Bearer headers), bearer (the token alone), or api-key-cookie (an api_key parameter, then the session cookie the server sets).")
    var auth: AuthenticationArgument = .apikeyBearer

    @Option(help: ArgumentHelp("The upload endpoint's path under the API base (the documentation's is /user/profile-image/).", valueName: "path"))
    var uploadPath: String = ProfileAPIPaths().upload

    func validate() throws {
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else { throw ValidationError("--endpoint must be an http(s) URL such as https://host/api/v1") }
        if let dailyLimit, dailyLimit < 0 { throw ValidationError("--daily-limit must not be negative") }
        guard timeout > 0 && timeout <= 3_600 else { throw ValidationError("--timeout must be more than 0 and at most 3600 seconds") }
        do { try ProfileAPIPaths(upload: uploadPath).check() } catch let error as ProfileUploadError {
            throw ValidationError("--upload-path: \(error.message)")
        }
        guard connectTimeout > 0 && connectTimeout <= 3_600 else {
            throw ValidationError("--connect-timeout must be more than 0 and at most 3600 seconds")
        }
    }

    /// The transport's connect timeout.
    var connectDuration: Duration { .milliseconds(Int64(connectTimeout * 1_000)) }

    /// The configuration for `credentials`.
    func configuration(_ credentials: ProfileAPICredentials) -> ProfileAPIClient.Configuration {
        ProfileAPIClient.Configuration(
            baseURL: endpoint, credentials: credentials, authentication: auth.authentication,
            paths: ProfileAPIPaths(upload: uploadPath), timeout: .seconds(timeout), dailyLimit: dailyLimit)
    }
}

/// Reads credentials from an env-style file or the environment, as a usage error when missing.
enum CredentialsLoader {
    static func load(
        file: String?, apiKeyVariable: String = ProfileAPICredentials.apiKeyVariable,
        tokenVariable: String = ProfileAPICredentials.accessTokenVariable,
        authentication: ProfileAPIAuthentication = .apiKeyAndBearer
    ) throws -> ProfileAPICredentials {
        do {
            return try ProfileAPICredentials.load(
                file: file, apiKeyVariable: apiKeyVariable, accessTokenVariable: tokenVariable,
                authentication: authentication)
        } catch let error as ProfileUploadError {
            throw ValidationFailure(error.message)
        }
    }
}
