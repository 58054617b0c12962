import Foundation
import ProfileAPITesting
import ProfileUploadAsyncHTTPClient
import Testing

@testable import ProfileUpload

@Suite("Other profile APIs' authentication, and endpoint paths")
struct AuthenticationTests {
    static func client(
        _ baseURL: String, _ transport: AsyncHTTPClientTransport, _ authentication: ProfileAPIAuthentication,
        paths: ProfileAPIPaths = ProfileAPIPaths(), logs: CapturedLogs? = nil
    ) -> ProfileAPIClient {
        ProfileAPIClient(
            configuration: .init(
                baseURL: baseURL, credentials: TestSupport.credentials, authentication: authentication, paths: paths),
            transport: transport, logger: logs?.logger ?? .init(label: "test"))
    }

    @Test("each strategy signs in as the server wants; a wrong one is refused", arguments: [
        ProfileAPIAuthentication.apiKeyAndBearer, .bearer, .apiKeyParameter(),
    ])
    func strategies(authentication: ProfileAPIAuthentication) async throws {
        var configuration = TestSupport.configuration()
        configuration.authentication = authentication
        try await TestSupport.withStandIn(configuration) { baseURL, state, transport in
            #expect(try await Self.client(baseURL, transport, authentication).getProfile().isSuccess)
            let other: ProfileAPIAuthentication = authentication == .bearer ? .apiKeyParameter() : .bearer
            let refused = try await Self.client(baseURL, transport, other).getProfile()
            guard case .unauthorized = refused else { Issue.record("\(refused)"); return }
            #expect(await state.requests.count == 2)
        }
    }

    @Test("the API key parameter signs in once; the session cookie stands for it after, and again when it ends")
    func sessionCookie() async throws {
        var configuration = TestSupport.configuration()
        configuration.authentication = .apiKeyParameter()
        let logs = CapturedLogs()
        try await TestSupport.withStandIn(configuration) { baseURL, state, transport in
            let client = Self.client(baseURL, transport, .apiKeyParameter(), logs: logs)
            for _ in 0..<3 { #expect(try await client.getProfile().isSuccess) }
            #expect(await state.authentications == ["parameter", "cookie", "cookie"])
            let upload = try await client.uploadProfileImage(
                image: UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"),
                croppedImage: UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
            #expect(upload.isSuccess)
            await state.endSessions()
            #expect(try await client.getProfile().isSuccess, "signed in again after the session ended")
            #expect(await state.authentications.suffix(3) == ["cookie", "cookie", "parameter"])
        }
        for line in logs.lines.withLock({ $0 }) {
            #expect(!line.contains(TestSupport.apiKey) && !line.contains("sessionid"), "\(line)")
        }
    }

    @Test("the documented upload path, when the deployment names it")
    func documentedPath() async throws {
        var configuration = TestSupport.configuration()
        configuration.paths = ProfileAPIPaths(upload: ProfileAPIPaths.documentedUpload)
        try await TestSupport.withStandIn(configuration) { baseURL, state, transport in
            let files = (UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"), UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
            let right = Self.client(baseURL, transport, .apiKeyAndBearer, paths: ProfileAPIPaths(upload: "user/profile-image"))
            #expect(try await right.uploadProfileImage(image: files.0, croppedImage: files.1).isSuccess)
            let wrong = Self.client(baseURL, transport, .apiKeyAndBearer)
            let missing = try await wrong.uploadProfileImage(image: files.0, croppedImage: files.1)
            #expect(missing == .serverError(status: 404, body: #"{"detail":"Not found."}"#))
            #expect(await state.requests == ["POST /api/v1/user/profile-image/", "POST /api/v1/user/profile/profile-image/"])
        }
    }

    @Test("clients made per request share one session: one sign-in serves them all")
    func sharedSession() async throws {
        var configuration = TestSupport.configuration()
        configuration.authentication = .apiKeyParameter()
        try await TestSupport.withStandIn(configuration) { baseURL, state, transport in
            let session = ProfileAPISession()
            for _ in 0..<3 {
                let client = ProfileAPIClient(
                    configuration: .init(baseURL: baseURL, credentials: TestSupport.credentials, authentication: .apiKeyParameter()),
                    transport: transport, session: session)
                let result = try await client.getProfile()
                #expect(result.isSuccess)
            }
            #expect(await state.authentications == ["parameter", "cookie", "cookie"])
            #expect(!"\(session)".contains("sessionid"))
        }
    }

    @Test("one session shared by handlers serving two accounts: each request carries its own account's cookie")
    func sessionPerAccount() async throws {
        let configuration = TestSupport.configuration(accounts: 2)
        var authenticating = configuration
        authenticating.authentication = .apiKeyParameter()
        try await TestSupport.withStandIn(authenticating) { baseURL, state, transport in
            let session = ProfileAPISession()
            func client(_ account: Int) -> ProfileAPIClient {
                let credentials = ProfileAPICredentials(
                    apiKey: configuration.accounts[account].apiKey, accessToken: configuration.accounts[account].accessToken)
                return ProfileAPIClient(
                    configuration: .init(baseURL: baseURL, credentials: credentials, authentication: .apiKeyParameter()),
                    transport: transport, session: session)
            }
            for account in [0, 1, 0, 1] {
                guard case .success(let profile) = try await client(account).getProfile() else {
                    Issue.record("account \(account) refused")
                    continue
                }
                #expect(profile["email"]?.stringValue == "user\(account)@example.com", "account \(account) saw its own profile")
            }
            #expect(await state.authentications == ["parameter", "parameter", "cookie", "cookie"])
            #expect("\(session)" == "ProfileAPISession(2 account(s))")
        }
    }

    @Test("a path that would carry a query or a fragment, or climb out of the base, is refused before any request", arguments: [
        "/user/profile-image/?next=/admin", "/user/profile-image#x", "/user/../admin/", "/a//b/", "/user/profile image/",
        "/user/%zz/", "/user/\u{00E9}/",
    ])
    func unsafePaths(path: String) async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            let client = Self.client(baseURL, transport, .apiKeyAndBearer, paths: ProfileAPIPaths(upload: path))
            let files = (UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"), UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
            let error = await #expect(throws: ProfileUploadError.self) {
                try await client.uploadProfileImage(image: files.0, croppedImage: files.1)
            }
            #expect(error?.code == .invalidConfiguration)
            #expect(error?.message.contains("upload path") == true, "\(String(describing: error))")
            #expect(await state.requests.isEmpty)
        }
    }

    @Test("plain paths, %-escapes and RFC 3986 sub-delimiters included, pass the check", arguments: [
        "/user/profile-image/", "user/profile%20image", "/v2/users/@me/avatar;jsessionid=1/",
    ])
    func plainPaths(path: String) throws {
        try ProfileAPIPaths(upload: path).check()
    }
}
