import Synchronization

/// The session cookies a profile API set, per account (base URL and credentials, as
/// ``ProfileAPICredentials/accountKey(baseURL:)``), in memory only, for
/// ``ProfileAPIAuthentication/apiKeyParameter(named:)``: shared by every client that is given it
/// (a service's handlers, whatever accounts they serve), so that one sign-in serves every later
/// request of that account and never another's. Values are never logged or written anywhere.
public final class ProfileAPISession: Sendable, CustomStringConvertible {
    private let cookies = Mutex<[String: [String: String]]>([:])

    /// An empty session: the first request signs in.
    public init() {}

    /// Redacted: how many accounts it holds cookies for, never the cookies.
    public var description: String { "ProfileAPISession(\(cookies.withLock { $0.count }) account(s))" }

    /// The `Cookie` header for `account`, if the server set any.
    func header(for account: String) -> String? {
        cookies.withLock { cookies in cookies[account].flatMap(Self.header) }
    }

    /// Keeps the cookies of the `Set-Cookie` headers among `headers` (name and value; attributes
    /// such as `Path` and `HttpOnly` are the server's business). A cookie set to expire is dropped.
    func remember(_ headers: [(name: String, value: String)], for account: String) {
        let set = headers.filter { $0.name.lowercased() == "set-cookie" }.map(\.value)
        guard !set.isEmpty else { return }
        cookies.withLock { cookies in
            var jar = cookies[account] ?? [:]
            for value in set {
                let attributes = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                guard let pair = attributes.first, let equals = pair.firstIndex(of: "=") else { continue }
                let name = String(pair[..<equals])
                let cookie = String(pair[pair.index(after: equals)...])
                let expired = attributes.dropFirst().contains { $0.lowercased() == "max-age=0" }
                if expired || cookie.isEmpty { jar[name] = nil } else { jar[name] = cookie }
            }
            cookies[account] = jar
        }
    }

    /// Forgets the cookies for `account` (the server no longer takes them), unless another request
    /// has stored new ones since `sent` was sent.
    func forget(_ account: String, ifStill sent: String) {
        cookies.withLock { cookies in
            guard let jar = cookies[account], Self.header(jar) == sent else { return }
            cookies[account] = nil
        }
    }

    private static func header(_ jar: [String: String]) -> String? {
        jar.isEmpty ? nil : jar.keys.sorted().map { "\($0)=\(jar[$0]!)" }.joined(separator: "; ")
    }
}
