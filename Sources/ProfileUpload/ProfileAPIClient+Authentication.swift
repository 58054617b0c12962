import Foundation

extension ProfileAPIClient {
    /// The request for `path`, the secrets placed as ``Configuration-swift.struct/authentication``
    /// says: headers, or the API key as a query parameter unless a session `cookie` stands for it.
    func request(
        _ method: String, _ path: String, body: TransportRequest.Body?, contentType: String?, cookie: String?
    ) -> TransportRequest {
        let credentials = configuration.credentials
        var url = configuration.base + path
        var headers: [(name: String, value: String)] = []
        switch configuration.authentication.kind {
        case .apiKeyAndBearer:
            headers += [("apikey", credentials.apiKey), ("Authorization", "Bearer \(credentials.accessToken)")]
        case .bearer:
            headers.append(("Authorization", "Bearer \(credentials.accessToken)"))
        case .apiKeyParameter(let name):
            if let cookie {
                headers.append(("Cookie", cookie))
            } else {
                var query = URLComponents()
                query.queryItems = [URLQueryItem(name: name, value: credentials.apiKey)]
                // `+` means a space to many servers' form decoding: escape it too.
                let encoded = (query.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
                url += (url.contains("?") ? "&" : "?") + encoded
            }
        }
        headers += [("User-Agent", configuration.userAgent), ("Accept", "application/json")]
        if let contentType { headers.append(("Content-Type", contentType)) }
        if let body { headers.append(("Content-Length", String(body.length))) }
        return TransportRequest(method: method, url: url, headers: headers, body: body, timeout: configuration.timeout)
    }
}
