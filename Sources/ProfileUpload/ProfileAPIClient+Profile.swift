extension ProfileAPIClient {
    /// `GET {base}/user/get/profile/`.
    public func getProfile() async throws -> ProfileAPIResult {
        result(of: try await send(method: "GET", path: configuration.paths.profile, body: nil, contentType: nil))
    }

    /// `POST {base}/user/update/profile/`. Fields the server would refuse are reported as
    /// ``ProfileAPIResult/validationFailed(_:)`` with its own messages, without a request.
    public func updateProfile(_ update: ProfileUpdate) async throws -> ProfileAPIResult {
        let errors = update.validationErrors
        guard errors.isEmpty else { return .validationFailed(errors) }
        return result(
            of: try await send(
                method: "POST", path: configuration.paths.update, body: .bytes(update.json), contentType: "application/json"))
    }
}
