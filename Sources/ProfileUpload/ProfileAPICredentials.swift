/// The two secrets the profile API wants: the `apikey` header and the bearer access token.
///
/// Printing, interpolating or dumping a value shows neither secret: only ``fingerprint``, a short
/// hash that tells accounts apart in logs and in quota stores.
public struct ProfileAPICredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// Sent as `apikey: <apiKey>`.
    public let apiKey: String
    /// Sent as `Authorization: Bearer <accessToken>`.
    public let accessToken: String
    /// A stable name for the account (a user id), not a secret and never sent: when given, the
    /// account is keyed by it rather than by the secrets, so that a refreshed access token (a
    /// JWT that expires every few minutes) is still the same account to the quota store and the
    /// batch journal.
    public let accountID: String?

    /// Creates credentials.
    public init(apiKey: String, accessToken: String, accountID: String? = nil) {
        self.apiKey = apiKey
        self.accessToken = accessToken
        self.accountID = accountID.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A stable key for the account at `baseURL`: SHA-256 of the URL and ``accountID`` when
    /// given, else of the URL and both secrets (then a new access token is a new key), hex. The
    /// secrets cannot be recovered from it.
    public func accountKey(baseURL: String) -> String {
        if let accountID { return SHA256.hex(Array("profile-image-ledger-v1-id\u{0}\(baseURL)\u{0}\(accountID)".utf8)) }
        return SHA256.hex(Array("profile-image-ledger-v1\u{0}\(baseURL)\u{0}\(apiKey)\u{0}\(accessToken)".utf8))
    }

    /// The first 12 hex digits of a SHA-256 of the secrets: safe to log.
    public var fingerprint: String { String(SHA256.hex(Array("\(apiKey)\u{0}\(accessToken)".utf8)).prefix(12)) }

    /// Redacted.
    public var description: String { "ProfileAPICredentials(fingerprint: \(fingerprint))" }
    /// Redacted.
    public var debugDescription: String { description }
    /// Redacted: `dump` and debuggers see the fingerprint only.
    public var customMirror: Mirror { Mirror(self, children: ["fingerprint": fingerprint]) }
}
