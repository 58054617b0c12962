import Foundation
import ProfileQuotaSQLite
import ProfileUploadAsyncHTTPClient
import ProfileAPITesting
import Testing

@testable import ProfileUpload

@Suite("A learned limit keeps the server's window: its stated wait is the truth")
struct QuotaWindowTests {
    static func upload(_ client: ProfileAPIClient) async throws -> ProfileAPIResult {
        try await client.uploadProfileImage(
            image: UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"),
            croppedImage: UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
    }

    @Test("2 updates per 4 s: after the 429's wait has passed, the next upload is sent and accepted")
    func shortWindow() async throws {
        var configuration = TestSupport.configuration(dailyLimit: 2)
        configuration.window = .seconds(4)
        try await TestSupport.withStandIn(configuration) { baseURL, state, transport in
            let store = try SQLiteQuotaStore(path: TestSupport.temporaryPath("quota.sqlite"))
            let client = ProfileAPIClient(
                configuration: .init(baseURL: baseURL, credentials: TestSupport.credentials, retry: .never),
                transport: transport, quotaStore: store)
            // Until the server says 429 (on a loaded machine a window may pass between uploads).
            var successes = 0
            var answer = try await Self.upload(client)
            while answer.isSuccess && successes < 10 {
                successes += 1
                answer = try await Self.upload(client)
            }
            #expect(successes >= 2)
            guard case .throttled(let server) = answer else { Issue.record("expected 429, got \(answer)"); return }
            #expect(!server.decidedLocally)
            #expect((1...4).contains(server.retryAfter))
            #expect(
                server.message
                    == "Your daily profile update limit exceeded. Expected available in 0 hours 0 minutes and 0\(server.retryAfter) seconds.")

            // Within the wait: refused locally, in the server's own words.
            guard case .throttled(let local) = try await Self.upload(client) else { Issue.record("expected a refusal"); return }
            #expect(local.decidedLocally)
            #expect(local.message.hasPrefix("Your daily profile update limit exceeded. Expected available in 0 hours 0 minutes and 0"))
            #expect(QuotaMessage.retryAfter(text: local.message) == local.retryAfter)
            #expect(await state.requests.count == successes + 1)

            try await Task.sleep(for: .seconds(server.retryAfter) + .milliseconds(300))
            let after = try await Self.upload(client)
            #expect(after.isSuccess, "the wait has passed: the server takes it, so the store must let it go: \(after)")
            #expect(await state.requests.count == successes + 2)
            let quota = try #require(try await store.status(account: client.accountKey))
            // The tightest reading the record allows: 2 per the window, or (with uploads seconds
            // apart on a loaded machine) 1 per the time from the second to the moment it frees.
            #expect((1...2).contains(quota.learnedLimit ?? 0))
            #expect((1...5).contains(quota.learnedWindow ?? 0), "the window learned from the wait, not a day")
        }
    }

    @Test("the text of a local refusal is the server's, hours and minutes unpadded", arguments: [
        (20, "0 hours 0 minutes and 20 seconds."), (86_378, "23 hours 59 minutes and 38 seconds."),
        (3_605, "1 hours 0 minutes and 05 seconds."), (0, "0 hours 0 minutes and 00 seconds."),
    ])
    func wording(seconds: Int, tail: String) {
        #expect(QuotaMessage.text(secondsLeft: seconds) == "Your daily profile update limit exceeded. Expected available in " + tail)
        #expect(QuotaMessage.retryAfter(text: QuotaMessage.text(secondsLeft: seconds)) == seconds)
    }

    @Test("the stand-in words its 429 with the same function the client reads it with")
    func standInWording() async throws {
        var configuration = TestSupport.configuration(dailyLimit: 0)
        configuration.window = .seconds(125)
        try await TestSupport.withStandIn(configuration) { baseURL, _, transport in
            let client = ProfileAPIClient(
                configuration: .init(baseURL: baseURL, credentials: TestSupport.credentials), transport: transport)
            guard case .throttled(let throttle) = try await Self.upload(client) else { Issue.record("expected 429"); return }
            #expect(throttle.message == QuotaMessage.text(secondsLeft: 125))
            #expect(throttle.message.hasSuffix("in 0 hours 2 minutes and 05 seconds."))
        }
    }
}
