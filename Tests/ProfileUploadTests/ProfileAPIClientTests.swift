import Foundation
import ProfileQuotaSQLite
import ProfileUploadAsyncHTTPClient
import ProfileAPITesting
import Testing

@testable import ProfileUpload

@Suite("Profile API client over real HTTP on 127.0.0.1")
struct ProfileAPIClientTests {
    func client(
        _ baseURL: String, _ transport: any ProfileAPITransport, credentials: ProfileAPICredentials = TestSupport.credentials,
        ledger: (any QuotaStore)? = nil, retry: RetryPolicy = RetryPolicy(maxAttempts: 1), dailyLimit: Int? = nil,
        logs: CapturedLogs = CapturedLogs()
    ) -> ProfileAPIClient {
        ProfileAPIClient(
            configuration: .init(baseURL: baseURL, credentials: credentials, retry: retry, dailyLimit: dailyLimit),
            transport: transport, quotaStore: ledger, logger: logs.logger)
    }

    @Test("an upload arrives with both files byte for byte, real extensions and types")
    func upload() async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            let result = try await client(baseURL, transport).uploadProfileImage(
                image: UploadFile(bytes: TestSupport.jpeg, filename: "Portrait \"Ada\".png"),
                croppedImage: UploadFile(bytes: TestSupport.png, filename: "crop.jpeg"))
            guard case .success(let body) = result else { Issue.record("\(result)"); return }
            #expect(body["detail"]?.stringValue == "Profile image updated.")
            let uploads = await state.uploads
            #expect(uploads.count == 1)
            let parts = try #require(uploads.first)
            #expect(parts.map(\.name) == ["image", "cropped_image"])
            #expect(parts[0].bytes == TestSupport.jpeg && parts[1].bytes == TestSupport.png)
            #expect(parts[0].filename == "Portrait \"Ada\".jpg", "quote survives, extension follows the content")
            #expect(parts[1].filename == "crop.png")
            #expect(parts[0].contentType == "image/jpeg" && parts[1].contentType == "image/png")
            #expect(await state.requests == ["POST /api/v1/user/profile/profile-image/"])
        }
    }

    @Test("files streamed from disk with newline and non-ASCII names arrive intact")
    func uploadFromDisk() async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            let image = TestSupport.temporaryPath("image.jpg")
            let crop = TestSupport.temporaryPath("crop.png")
            try Data(TestSupport.jpeg).write(to: URL(fileURLWithPath: image))
            try Data(TestSupport.png).write(to: URL(fileURLWithPath: crop))
            let result = try await client(baseURL, transport).uploadProfileImage(
                image: UploadFile(path: image, filename: "zoë\nline.jpg"),
                croppedImage: UploadFile(path: crop, filename: "写真.png"))
            #expect(result.isSuccess)
            let parts = try #require(await state.uploads.first)
            #expect(parts[0].filename == "zoë\nline.jpg" && parts[1].filename == "写真.png")
            #expect(parts[0].bytes == TestSupport.jpeg && parts[1].bytes == TestSupport.png)
        }
    }

    @Test("a corrupt file costs no request and no quota", arguments: ["invalid/missing-eoi.jpg", "invalid/text.txt"])
    func preflight(fixture: String) async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            let ledger = try SQLiteQuotaStore(path: TestSupport.temporaryPath("ledger.sqlite"))
            let client = client(baseURL, transport, ledger: ledger)
            let error = await #expect(throws: ProfileUploadError.self) {
                try await client.uploadProfileImage(
                    image: UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"),
                    croppedImage: UploadFile(bytes: TestSupport.fixture(fixture), filename: "b.jpg"))
            }
            #expect(error?.code == .invalidImage)
            #expect(error?.message.hasPrefix("cropped_image: Upload a valid image.") == true)
            #expect(await state.requests.isEmpty)
            #expect(try await ledger.status(account: client.accountKey) == nil)
        }
    }

    @Test("401 for a wrong token, not retried")
    func unauthorized() async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            let sleeps = TestSupport.Sleeps()
            let wrong = ProfileAPICredentials(apiKey: TestSupport.apiKey, accessToken: "nope")
            let result = try await client(baseURL, transport, credentials: wrong, retry: sleeps.policy).getProfile()
            #expect(result == .unauthorized("Given token not valid for any token type"))
            let unknown = ProfileAPICredentials(apiKey: "other", accessToken: TestSupport.accessToken)
            let other = try await client(baseURL, transport, credentials: unknown).getProfile()
            #expect(other == .unauthorized("Invalid API key."))
            #expect(await state.requests.count == 2)
            #expect(sleeps.all.isEmpty)
        }
    }

    @Test("400 field errors map to validationFailed, and are not retried")
    func badRequest() async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            // A form without cropped_image, sent raw: the client itself would never send it.
            var form = MultipartFormData()
            try form.append(TestSupport.jpeg, name: "image", filename: "a.txt", contentType: "image/jpeg")
            let client = client(baseURL, transport, retry: TestSupport.Sleeps().policy)
            let response = try await client.send(
                method: "POST", path: "/user/profile/profile-image/", body: .multipart(form), contentType: form.contentType)
            #expect(
                client.result(of: response)
                    == .validationFailed([
                        "image": [
                            "File extension “txt” is not allowed. Allowed extensions are: bmp, gif, jpeg, jpg, png, tif, tiff, webp."
                        ],
                        "cropped_image": ["This field is required."],
                    ]))
            #expect(await state.requests.count == 1)
        }
    }

    @Test("after a 429 the next upload makes no request; the limit is learned and persisted")
    func throttled() async throws {
        try await TestSupport.withStandIn(TestSupport.configuration(dailyLimit: 2)) { baseURL, state, transport in
            let path = TestSupport.temporaryPath("ledger.sqlite")
            let client = client(baseURL, transport, ledger: try SQLiteQuotaStore(path: path))
            func upload() async throws -> ProfileAPIResult {
                try await client.uploadProfileImage(
                    image: UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"),
                    croppedImage: UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
            }
            for _ in 0..<2 {
                let result = try await upload()
                #expect(result.isSuccess)
            }
            guard case .throttled(let first) = try await upload() else { Issue.record("expected 429"); return }
            #expect(!first.decidedLocally)
            #expect(first.message.hasPrefix("Your daily profile update limit exceeded. Expected available in 2"))
            #expect(QuotaMessage.retryAfter(text: first.message) == first.retryAfter)
            #expect((86_000...86_400).contains(first.retryAfter))
            #expect(await state.requests.count == 3)

            // A new ledger object on the same file, as another process would open it.
            let again = self.client(baseURL, transport, ledger: try SQLiteQuotaStore(path: path))
            guard case .throttled(let second) = try await again.uploadProfileImage(
                image: UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"),
                croppedImage: UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
            else { Issue.record("expected a local refusal"); return }
            #expect(second.decidedLocally)
            #expect(second.message.hasPrefix("Your daily profile update limit exceeded. Expected available in 2"))
            #expect((86_000...86_400).contains(second.retryAfter))
            #expect(await state.requests.count == 3, "no request was sent")
            let quota = try #require(try await SQLiteQuotaStore(path: path).status(account: client.accountKey))
            #expect(quota.learnedLimit == 2 && quota.updatesInLast24Hours == 2 && quota.blockedUntil != nil)
        }
    }

    @Test("the seconds-only 429 text, without Retry-After, gives the wait too")
    func throttledSecondsWording() async throws {
        var configuration = TestSupport.configuration(dailyLimit: 0)
        configuration.waitWording = .seconds
        configuration.sendsRetryAfter = false
        try await TestSupport.withStandIn(configuration) { baseURL, _, transport in
            let result = try await client(baseURL, transport).uploadProfileImage(
                image: UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"),
                croppedImage: UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
            guard case .throttled(let throttle) = result else { Issue.record("\(result)"); return }
            #expect(throttle.message.hasSuffix(" seconds."))
            #expect(throttle.retryAfter == QuotaMessage.retryAfter(text: throttle.message))
        }
    }

    @Test("two concurrent uploaders sharing a ledger never exceed a configured limit of N")
    func concurrentLimit() async throws {
        try await TestSupport.withStandIn(TestSupport.configuration(dailyLimit: 100), connectTimeout: .seconds(10)) {
            baseURL, state, transport in
            let path = TestSupport.temporaryPath("ledger.sqlite")
            let first = client(baseURL, transport, ledger: try SQLiteQuotaStore(path: path), dailyLimit: 3)
            let second = client(baseURL, transport, ledger: try SQLiteQuotaStore(path: path), dailyLimit: 3)
            let results = try await withThrowingTaskGroup(of: ProfileAPIResult.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await (index % 2 == 0 ? first : second).uploadProfileImage(
                            image: UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"),
                            croppedImage: UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter(\.isSuccess).count == 3)
            #expect(await state.updateCount(account: 0) == 3)
            #expect(await state.requests.count == 3)
        }
    }

    @Test("502/503/504 are retried with backoff until one succeeds")
    func retriesServerErrors() async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            await state.inject([(503, nil), (502, nil), (504, nil)])
            let sleeps = TestSupport.Sleeps()
            let result = try await client(baseURL, transport, retry: sleeps.policy).getProfile()
            #expect(result.isSuccess)
            #expect(await state.requests.count == 4)
            #expect(sleeps.all.count == 3)
            // Full jitter: each wait lies between 0 and the doubling ceiling.
            for (retry, wait) in sleeps.all.enumerated() { #expect(wait <= .milliseconds(10 * (1 << retry))) }
        }
    }

    @Test("an upload answered 502 or 504 is not sent again and its slot stays counted; after a 503 it is", arguments: [502, 504])
    func gatewayAnswersToUploads(status: Int) async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            let store = try await SQLiteQuotaStore.open(path: TestSupport.temporaryPath("quota.sqlite"))
            let files = (UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"), UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
            let sleeps = TestSupport.Sleeps()
            let uploader = client(baseURL, transport, ledger: store, retry: sleeps.policy, dailyLimit: 1)
            await state.inject([(status, nil)])
            let first = try await uploader.uploadProfileImage(image: files.0, croppedImage: files.1)
            guard case .serverError(let answered, _) = first else { Issue.record("\(first)"); return }
            #expect(answered == status)
            #expect(await state.requests.count == 1, "the server may have stored it: not sent twice")
            // A daily limit of 1, and that upload may have counted: the next is refused here.
            guard case .throttled(let throttle) = try await uploader.uploadProfileImage(image: files.0, croppedImage: files.1) else {
                Issue.record("a possible update was given back")
                return
            }
            #expect(throttle.decidedLocally)
            #expect(await state.requests.count == 1)

            let other = client(baseURL, transport, retry: sleeps.policy)
            await state.inject([(503, nil)])
            #expect(try await other.uploadProfileImage(image: files.0, croppedImage: files.1).isSuccess, "a 503 took nothing: retried")
            #expect(await state.requests.count == 3)
        }
    }

    @Test("retries stop at the cap and the last answer is returned")
    func retryCap() async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            await state.inject(Array(repeating: (503, nil), count: 10))
            let sleeps = TestSupport.Sleeps()
            let result = try await client(baseURL, transport, retry: sleeps.policy).getProfile()
            guard case .serverError(let status, _) = result else { Issue.record("\(result)"); return }
            #expect(status == 503)
            #expect(await state.requests.count == 4)
            #expect(sleeps.all.count == 3)
        }
    }

    @Test("Retry-After is honoured, and one longer than the cap ends the retries")
    func retryAfter() async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            await state.inject([(503, "2")])
            let sleeps = TestSupport.Sleeps()
            let first = try await client(baseURL, transport, retry: sleeps.policy).getProfile()
            #expect(first.isSuccess)
            #expect(sleeps.all == [.seconds(2)])
            await state.inject([(503, "3600")])
            let patient = TestSupport.Sleeps()
            let result = try await client(baseURL, transport, retry: patient.policy).getProfile()
            #expect(patient.all.isEmpty)
            guard case .serverError(503, _) = result else { Issue.record("\(result)"); return }
        }
    }

    @Test("a refused connection is retried (the request never left) up to the cap, then a network error")
    func connectionRefused() async throws {
        try await AsyncHTTPClientTransport.withTransport(connectTimeout: .milliseconds(300)) { transport in
            let sleeps = TestSupport.Sleeps()
            // Port 9 (discard) is closed on a test machine: the connection is refused.
            let client = client("http://127.0.0.1:9/api/v1", transport, retry: sleeps.policy)
            let error = await #expect(throws: ProfileUploadError.self) {
                try await client.uploadProfileImage(
                    image: UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"),
                    croppedImage: UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
            }
            #expect(error?.code == .network)
            #expect(sleeps.all.count == 3)
        }
    }

    @Test("the server redirects the URL without its trailing slash; the client never needs it")
    func trailingSlash() async throws {
        try await TestSupport.withStandIn { baseURL, _, transport in
            let response = try await transport.send(
                TransportRequest(method: "GET", url: baseURL + "/user/get/profile", headers: [], body: nil, timeout: .seconds(30)))
            #expect(response.status == 301)
            #expect(response.header("location") == "/api/v1/user/get/profile/")
        }
    }

    @Test("profile update: local checks use the server's own messages; valid updates are applied")
    func updateProfile() async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            let client = client(baseURL, transport)
            let invalid = ProfileUpdate(
                firstName: String(repeating: "x", count: 256), email: "not-an-email", phoneNumber: "12-34")
            let local = try await client.updateProfile(invalid)
            #expect(await state.requests.isEmpty, "invalid fields never reach the server")
            // The same fields sent raw: the server says exactly the same.
            let raw = try await client.send(
                method: "POST", path: "/user/update/profile/", body: .bytes(invalid.json), contentType: "application/json")
            #expect(client.result(of: raw) == local)
            // Django REST framework's words for a field sent empty (and, stripped, blank).
            for blank in ["", " \t "] {
                let empty = try await client.updateProfile(ProfileUpdate(email: blank))
                #expect(empty == .validationFailed(["email": ["This field may not be blank."]]))
            }

            let valid = ProfileUpdate(firstName: "Ada", lastName: "Lovelace", email: "ada@example.org", phoneNumber: "+447911123456")
            guard case .success(let body) = try await client.updateProfile(valid) else { Issue.record("update failed"); return }
            #expect(body["first_name"]?.stringValue == "Ada")
            guard case .success(let profile) = try await client.getProfile() else { Issue.record("get failed"); return }
            #expect(profile["phone_number"]?.stringValue == "+447911123456")
        }
    }

    @Test("secrets appear in no log line, error text or description")
    func noSecretsLeak() async throws {
        let logs = CapturedLogs()
        var texts: [String] = []
        try await TestSupport.withStandIn(TestSupport.configuration(dailyLimit: 1)) { baseURL, state, transport in
            let ledger = try SQLiteQuotaStore(path: TestSupport.temporaryPath("ledger.sqlite"))
            let sleeps = TestSupport.Sleeps()
            let client = client(baseURL, transport, ledger: ledger, retry: sleeps.policy, logs: logs)
            await state.inject([(503, nil)])
            var results: [String] = []
            for _ in 0..<3 {
                results.append("\(try await client.uploadProfileImage(image: UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"), croppedImage: UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg")))")
            }
            do {
                _ = try await client.uploadProfileImage(
                    image: UploadFile(bytes: [1, 2, 3], filename: "a.jpg"),
                    croppedImage: UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
            } catch { results.append("\(error)") }
            let offline = self.client("http://127.0.0.1:9/api/v1", transport, retry: sleeps.policy, logs: logs)
            do { _ = try await offline.getProfile() } catch { results.append("\(error)"); results.append(String(reflecting: error)) }
            results.append("\(client.configuration.credentials)")
            results.append(String(reflecting: client.configuration.credentials))
            var dumped = ""
            dump(client.configuration.credentials, to: &dumped)
            results.append(dumped)
            results.append(try await ledger.accounts().map { "\($0)" }.joined())
            return results
        }.forEach { texts.append($0) }
        texts += logs.lines.withLock { $0 }
        #expect(logs.lines.withLock { $0.count } > 5, "the client did log")
        for text in texts {
            #expect(!text.contains(TestSupport.apiKey) && !text.contains(TestSupport.accessToken), "\(text)")
            #expect(!text.contains("SECRET"), "\(text)")
        }
    }
}

extension ProfileAPIResult {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
