/// What the profile API answered, typed. Transport failures are thrown as ``ProfileUploadError``
/// instead.
public enum ProfileAPIResult: Sendable, Hashable {
    /// 2xx, with the parsed JSON body (`.null` if there was none).
    case success(JSONValue)
    /// 400: the server's messages per field, e.g. `["image": ["Upload a valid image. ..."]]`.
    /// Locally validated profile fields are reported the same way, without a request.
    case validationFailed([String: [String]])
    /// 401: missing or wrong credentials; the server's `detail`.
    case unauthorized(String)
    /// 429, or refused locally because the quota store knows the account is spent.
    case throttled(Throttle)
    /// Any other status after retries (5xx, unexpected 3xx, 404...).
    case serverError(status: Int, body: String)

    /// A spent daily quota.
    public struct Throttle: Sendable, Hashable {
        /// The server's message, e.g. "Your daily profile update limit exceeded. Expected
        /// available in 23 hours 59 minutes and 12 seconds." (rewritten with the time left when
        /// refused locally).
        public var message: String
        /// Seconds until the account may update again.
        public var retryAfter: Int
        /// Whether no request was sent: the quota store already knew the account was spent.
        public var decidedLocally: Bool

        /// Creates a throttle.
        public init(message: String, retryAfter: Int, decidedLocally: Bool) {
            self.message = message
            self.retryAfter = retryAfter
            self.decidedLocally = decidedLocally
        }
    }
}
