import Foundation
import Hummingbird
import ProfileUpload

extension StandInResponder {
    /// Why a request was refused with 401.
    struct AuthenticationFailure: Error { let message: String }

    /// The account a request is for, checked the way ``StandInConfiguration/authentication``
    /// says, and a new session to set as a cookie when the caller signed in with the API key
    /// parameter.
    func authenticate(_ request: Request) async -> Result<(account: Int, newSession: String?), AuthenticationFailure> {
        let headers = request.headers
        let authentication = configuration.authentication
        if let parameter = authentication.parameterName {
            if let cookie = headers[.cookie], let session = Self.cookie("sessionid", in: cookie) {
                await state.record(authentication: "cookie")
                if let account = await state.account(session: session) { return .success((account, nil)) }
            }
            guard let key = request.uri.queryParameters[Substring(parameter)].map(String.init) else {
                return .failure(.init(message: ProfileAPIText.notAuthenticated))
            }
            await state.record(authentication: "parameter")
            guard let account = configuration.accounts.firstIndex(where: { $0.apiKey == key }) else {
                return .failure(.init(message: ProfileAPIText.invalidAPIKey))
            }
            return .success((account, await state.openSession(account: account)))
        }
        let token = headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst("Bearer ".count)) : nil }
        if !authentication.usesAPIKey {
            guard let token else { return .failure(.init(message: ProfileAPIText.notAuthenticated)) }
            await state.record(authentication: "bearer")
            guard let account = configuration.accounts.firstIndex(where: { $0.accessToken == token }) else {
                return .failure(.init(message: ProfileAPIText.invalidToken))
            }
            return .success((account, nil))
        }
        guard let key = headers.first(where: { $0.name.canonicalName == "apikey" })?.value, let token else {
            return .failure(.init(message: ProfileAPIText.notAuthenticated))
        }
        await state.record(authentication: "apikey+bearer")
        guard let account = configuration.accounts.firstIndex(where: { $0.apiKey == key }) else {
            return .failure(.init(message: ProfileAPIText.invalidAPIKey))
        }
        guard configuration.accounts[account].accessToken == token else {
            return .failure(.init(message: ProfileAPIText.invalidToken))
        }
        return .success((account, nil))
    }

    /// The value of the cookie `name` in a `Cookie` header.
    static func cookie(_ name: String, in header: String) -> String? {
        for pair in header.split(separator: ";") {
            let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == name { return String(parts[1]) }
        }
        return nil
    }
}
