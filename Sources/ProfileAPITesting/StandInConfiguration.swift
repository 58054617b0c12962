import ProfileUpload

/// How the stand-in profile API behaves.
public struct StandInConfiguration: Sendable {
    /// One account's secrets.
    public struct Account: Sendable, Hashable {
        /// The `apikey` header value.
        public var apiKey: String
        /// The bearer token.
        public var accessToken: String
        /// Creates an account.
        public init(apiKey: String, accessToken: String) {
            self.apiKey = apiKey
            self.accessToken = accessToken
        }
    }

    /// Accepted accounts. Default: one, `test-api-key` / `test-access-token`.
    public var accounts: [Account]
    /// The path prefix, e.g. `/api/v1`.
    public var basePath: String
    /// Where each endpoint is under ``basePath``. Default: the API's examples' paths.
    public var paths: ProfileAPIPaths
    /// How callers must authenticate. Default `apikey` + `Authorization: Bearer`, as the API does.
    public var authentication: ProfileAPIAuthentication
    /// Profile-image updates allowed per account in the rolling ``window``. Default 3.
    public var dailyLimit: Int
    /// The window the limit counts over. Default 24 hours, as the API's; shorter ones let tests
    /// see a quota free up again.
    public var window: Duration
    /// How the 429 text gives the wait. Default hours, minutes and seconds.
    public var waitWording: QuotaMessage.WaitWording
    /// Whether a 429 carries `Retry-After`. Default `true`.
    public var sendsRetryAfter: Bool
    /// Largest accepted request body. Default 20 MB.
    public var maxBodySize: Int

    /// Creates a configuration; every parameter has the default described on its property.
    public init(
        accounts: [Account] = [Account(apiKey: "test-api-key", accessToken: "test-access-token")],
        basePath: String = "/api/v1",
        paths: ProfileAPIPaths = ProfileAPIPaths(),
        authentication: ProfileAPIAuthentication = .apiKeyAndBearer,
        dailyLimit: Int = 3,
        window: Duration = .seconds(86_400),
        waitWording: QuotaMessage.WaitWording = .hoursMinutesSeconds,
        sendsRetryAfter: Bool = true,
        maxBodySize: Int = 20 << 20
    ) {
        self.accounts = accounts
        self.basePath = basePath
        self.paths = paths
        self.authentication = authentication
        self.dailyLimit = dailyLimit
        self.window = window
        self.waitWording = waitWording
        self.sendsRetryAfter = sendsRetryAfter
        self.maxBodySize = maxBodySize
    }
}
