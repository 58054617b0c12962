import Foundation
import ProfileUpload

/// Where an upload's secrets are: the names of two environment variables, or a credentials file,
/// as a manifest row gives them. A queue stores this, never the secrets: each worker looks them up
/// in its own environment or file system.
public struct CredentialSource: Codable, Sendable, Hashable {
    /// The variable holding the API key.
    public var apiKeyVariable: String?
    /// The variable holding the access token.
    public var accessTokenVariable: String?
    /// A file of `PROFILE_API_KEY=...` and `PROFILE_ACCESS_TOKEN=...` lines, absolute.
    public var credentialsFile: String?
    /// The account's stable id (a manifest's `account_id` column), if given.
    public var accountID: String?

    /// Secrets in the environment variables named.
    public init(apiKeyVariable: String, accessTokenVariable: String, accountID: String? = nil) {
        self.apiKeyVariable = apiKeyVariable
        self.accessTokenVariable = accessTokenVariable
        self.accountID = accountID
    }

    /// Secrets in a file.
    public init(credentialsFile: String, accountID: String? = nil) {
        self.credentialsFile = credentialsFile
        self.accountID = accountID
    }

    /// The secrets, looked up in `environment` or read from the file.
    /// - Throws: ``ProfileUploadError`` with code ``ProfileUploadError/Code/invalidConfiguration``,
    ///   naming what is missing but never a value.
    public func load(authentication: ProfileAPIAuthentication, environment: [String: String]) throws
        -> ProfileAPICredentials
    {
        let loaded: ProfileAPICredentials
        if let apiKeyVariable, let accessTokenVariable {
            do {
                loaded = try ProfileAPICredentials.load(
                    apiKeyVariable: apiKeyVariable, accessTokenVariable: accessTokenVariable,
                    authentication: authentication,
                    environment: environment)
            } catch {
                throw ProfileUploadError(
                    code: .invalidConfiguration,
                    message: "the environment variables named in apikey_env and token_env are not set on this worker")
            }
        } else if let credentialsFile {
            do {
                loaded = try ProfileAPICredentials.load(file: credentialsFile, authentication: authentication)
            } catch {
                throw ProfileUploadError(
                    code: .invalidConfiguration, message: "the row's credentials_file cannot be read on this worker")
            }
        } else {
            throw ProfileUploadError(
                code: .invalidConfiguration, message: "no apikey_env and token_env, nor a credentials_file")
        }
        return ProfileAPICredentials(
            apiKey: loaded.apiKey, accessToken: loaded.accessToken,
            accountID: accountID ?? (apiKeyVariable == nil ? loaded.accountID : nil))
    }
}
