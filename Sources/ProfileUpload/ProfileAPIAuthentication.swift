/// How a profile API wants to be told who is calling. The secrets come from
/// ``ProfileAPICredentials``; no strategy ever logs them.
public struct ProfileAPIAuthentication: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case apiKeyAndBearer
        case bearer
        case apiKeyParameter(name: String)
    }

    let kind: Kind

    /// `apikey: <apiKey>` and `Authorization: Bearer <accessToken>` on every request: this API's own.
    public static let apiKeyAndBearer = ProfileAPIAuthentication(kind: .apiKeyAndBearer)

    /// `Authorization: Bearer <accessToken>` alone.
    public static let bearer = ProfileAPIAuthentication(kind: .bearer)

    /// The API key as a request parameter (`?api_key=<apiKey>`) until the server sets a session
    /// cookie, which later requests send instead. The cookie is kept in memory by the client that
    /// received it (and its copies), never written or logged; when the server stops taking it
    /// (401), the parameter is sent again once.
    public static func apiKeyParameter(named name: String = "api_key") -> ProfileAPIAuthentication {
        ProfileAPIAuthentication(kind: .apiKeyParameter(name: name))
    }

    /// The query parameter that carries the API key, for ``apiKeyParameter(named:)``.
    package var parameterName: String? {
        if case .apiKeyParameter(let name) = kind { return name }
        return nil
    }

    /// Whether the strategy sends the API key.
    public var usesAPIKey: Bool {
        switch kind {
        case .apiKeyAndBearer, .apiKeyParameter: true
        case .bearer: false
        }
    }

    /// Whether the strategy sends the access token.
    public var usesAccessToken: Bool {
        switch kind {
        case .apiKeyAndBearer, .bearer: true
        case .apiKeyParameter: false
        }
    }

    /// `apikey+bearer`, `bearer` or `api_key parameter, then session cookie`.
    public var description: String {
        switch kind {
        case .apiKeyAndBearer: "apikey+bearer"
        case .bearer: "bearer"
        case .apiKeyParameter(let name): "\(name) parameter, then session cookie"
        }
    }
}
