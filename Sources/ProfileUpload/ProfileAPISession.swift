import Synchronization

/// The session cookies a profile API set, per base URL, in memory only, for
/// ``ProfileAPIAuthentication/apiKeyParameter(named:)``: shared by every client that is given it
/// (a service's handlers), so that one sign-in serves every later request. Values are never logged
/// or written anywhere.
public final class ProfileAPISession: Sendable, CustomStringConvertible {
    private let cookies = Mutex<[String: [String: String]]>([:])

    /// An empty session: the first request signs in.
    public init() {}

    /// Redacted: how many endpoints it holds cookies for, never the cookies.
    public var description: String { "ProfileAPISession(\(cookies.withLock { $0.count }) endpoint(s))" }

    /// The `Cookie` header for `base`, if the server set any.
    func header(for base: String) -> String? {
        cookies.withLock { cookies in cookies[base].flatMap(Self.header) }
    }

    /// Keeps the cookies of the `Set-Cookie` headers among `headers` (name and value; attributes
    /// such as `Path` and `HttpOnly` are the server's business). A cookie set to expire is dropped.
    func remember(_ headers: [(name: String, value: String)], for base: String) {
        let set = headers.filter { $0.name.lowercased() == "set-cookie" }.map(\.value)
        guard !set.isEmpty else { return }
        cookies.withLock { cookies in
            var jar = cookies[base] ?? [:]
            for value in set {
                let attributes = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                guard let pair = attributes.first, let equals = pair.firstIndex(of: "=") else { continue }
                let name = String(pair[..<equals])
                let cookie = String(pair[pair.index(after: equals)...])
                let expired = attributes.dropFirst().contains { $0.lowercased() == "max-age=0" }
                if expired || cookie.isEmpty { jar[name] = nil } else { jar[name] = cookie }
            }
            cookies[base] = jar
        }
    }

    /// Forgets the cookies for `base` (the server no longer takes them), unless another request
    /// has stored new ones since `sent` was sent.
    func forget(_ base: String, ifStill sent: String) {
        cookies.withLock { cookies in
            guard let jar = cookies[base], Self.header(jar) == sent else { return }
            cookies[base] = nil
        }
    }

    private static func header(_ jar: [String: String]) -> String? {
        jar.isEmpty ? nil : jar.keys.sorted().map { "\($0)=\(jar[$0]!)" }.joined(separator: "; ")
    }
}
