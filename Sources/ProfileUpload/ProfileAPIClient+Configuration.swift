import Foundation
import ProfileImage

extension ProfileAPIClient {
    /// Where and as whom to talk to the profile API.
    public struct Configuration: Sendable {
        /// The API base, e.g. `https://host/api/v1`; paths such as `/user/profile/profile-image/`
        /// are appended.
        public var baseURL: String
        /// The account's secrets.
        public var credentials: ProfileAPICredentials
        /// How the secrets are sent. Default ``ProfileAPIAuthentication/apiKeyAndBearer``.
        public var authentication: ProfileAPIAuthentication
        /// Where each endpoint is under ``baseURL``. Default: the API's examples' paths.
        public var paths: ProfileAPIPaths
        /// Whole-request timeout. Default 30 s, as the API documents.
        public var timeout: Duration
        /// The `User-Agent` header.
        public var userAgent: String
        /// Retries of requests that are safe to repeat. Default: 4 attempts, full-jitter backoff.
        public var retry: RetryPolicy
        /// The account's daily update limit, if known; enforced locally before the first 429.
        public var dailyLimit: Int?
        /// How uploads are checked before they are sent. Default: strict, sharp's pixel limit.
        public var validation: DecodingOptions

        /// Creates a configuration; every other parameter has the default described on its property.
        public init(
            baseURL: String,
            credentials: ProfileAPICredentials,
            authentication: ProfileAPIAuthentication = .apiKeyAndBearer,
            paths: ProfileAPIPaths = ProfileAPIPaths(),
            timeout: Duration = .seconds(30),
            userAgent: String = "ProfileImageKit/\(ProfileImageKit.version)",
            retry: RetryPolicy = RetryPolicy(),
            dailyLimit: Int? = nil,
            validation: DecodingOptions = DecodingOptions()
        ) {
            self.baseURL = baseURL
            self.credentials = credentials
            self.authentication = authentication
            self.paths = paths
            self.timeout = timeout
            self.userAgent = userAgent
            self.retry = retry
            self.dailyLimit = dailyLimit
            self.validation = validation
        }

        /// The base URL without trailing slashes.
        var base: String {
            var base = baseURL
            while base.hasSuffix("/") { base.removeLast() }
            return base
        }

        /// Throws ``ProfileUploadError/Code/invalidConfiguration`` unless the base is an http or
        /// https URL with a host.
        func checkBaseURL() throws {
            guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                url.host?.isEmpty == false
            else {
                throw ProfileUploadError(
                    code: .invalidConfiguration, message: "The base URL must be http(s)://host/..., not '\(baseURL)'")
            }
        }
    }
}
