/// Sends one HTTP request and returns the whole response: the seam between the client's logic
/// (validation, quota, retries) and the network. ``AsyncHTTPClientTransport`` is the real one; a
/// service may inject its own (a shared HTTP client, a proxy, a test double).
public protocol ProfileAPITransport: Sendable {
    /// Sends `request`. Throws ``TransportError`` when no response arrived.
    func send(_ request: TransportRequest) async throws -> TransportResponse
}
