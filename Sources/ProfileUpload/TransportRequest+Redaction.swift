extension TransportRequest: CustomStringConvertible, CustomReflectable {
    /// The headers that carry credentials, by lowercased name.
    static let secretHeaders: Set<String> = ["apikey", "authorization", "cookie"]

    /// `POST https://host/api/v1/user/profile/profile-image/ (apikey: ***, ...)`: the URL without
    /// its query (the `api_key` parameter travels there) and the credential headers' values
    /// hidden, so that a transport or middleware that logs a request leaks nothing.
    public var description: String {
        let headers = redactedHeaders.map { "\($0.name): \($0.value)" }.joined(separator: ", ")
        return "\(method) \(redactedURL) (\(headers))"
    }

    /// The same redacted view for `dump` and debuggers.
    public var customMirror: Mirror {
        Mirror(self, children: ["method": method, "url": redactedURL, "headers": redactedHeaders], displayStyle: .struct)
    }

    private var redactedURL: String {
        guard let query = url.firstIndex(of: "?") else { return url }
        return url[..<query] + "?***"
    }

    private var redactedHeaders: [(name: String, value: String)] {
        headers.map { Self.secretHeaders.contains($0.name.lowercased()) ? ($0.name, "***") : $0 }
    }
}
