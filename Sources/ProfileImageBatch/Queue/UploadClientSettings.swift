import ProfileUpload

/// Where and how an upload job is sent, as the queue stores it with the job: the command line's
/// API options, never the credentials.
public struct UploadClientSettings: Codable, Sendable, Hashable {
    /// The API base, e.g. `https://host/api/v1`.
    public var endpoint: String
    /// `apikey-bearer`, `bearer` or `api-key-cookie`, as `--auth` spells them.
    public var authentication: String
    /// The upload endpoint's path under the base.
    public var uploadPath: String
    /// Request timeout, in seconds.
    public var timeoutSeconds: Int
    /// The account's daily limit, if known.
    public var dailyLimit: Int?

    /// Creates settings; every parameter but `endpoint` has the command line's default.
    public init(
        endpoint: String, authentication: String = "apikey-bearer", uploadPath: String = ProfileAPIPaths().upload,
        timeoutSeconds: Int = 30, dailyLimit: Int? = nil
    ) {
        self.endpoint = endpoint
        self.authentication = authentication
        self.uploadPath = uploadPath
        self.timeoutSeconds = timeoutSeconds
        self.dailyLimit = dailyLimit
    }

    /// The authentication `authentication` names (`apikey-bearer` for one not known).
    public var strategy: ProfileAPIAuthentication {
        switch authentication {
        case "bearer": .bearer
        case "api-key-cookie": .apiKeyParameter()
        default: .apiKeyAndBearer
        }
    }

    /// The client's configuration for `credentials`.
    public func configuration(_ credentials: ProfileAPICredentials) -> ProfileAPIClient.Configuration {
        ProfileAPIClient.Configuration(
            baseURL: endpoint, credentials: credentials, authentication: strategy,
            paths: ProfileAPIPaths(upload: uploadPath),
            timeout: .seconds(timeoutSeconds), dailyLimit: dailyLimit)
    }
}
