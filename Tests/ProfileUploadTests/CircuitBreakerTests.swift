import Foundation
import ProfileAPITesting
import Synchronization
import Testing

@testable import ProfileUpload

@Suite("The circuit breaker: an unreachable API costs a few attempts, not every request's retries")
struct CircuitBreakerTests {
    /// Fails the first `failures` requests as a refused connection would, then sends for real.
    final class FlakyTransport: ProfileAPITransport {
        let inner: any ProfileAPITransport
        let remainingFailures: Mutex<Int>
        let sent = Atomic<Int>(0)

        init(_ inner: any ProfileAPITransport, failures: Int) {
            self.inner = inner
            remainingFailures = Mutex(failures)
        }

        func send(_ request: TransportRequest) async throws -> TransportResponse {
            sent.add(1, ordering: .relaxed)
            let fail = remainingFailures.withLock { remaining in
                defer { remaining -= 1 }
                return remaining > 0
            }
            if fail { throw TransportError(requestNotSent: true, message: "connection refused (injected)") }
            return try await inner.send(request)
        }
    }

    static func upload(_ client: ProfileAPIClient) async throws -> ProfileAPIResult {
        try await client.uploadProfileImage(
            image: UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"),
            croppedImage: UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
    }

    @Test("after 3 failed attempts in a row nothing is sent; after the cool-down one trial closes it again")
    func opensAndCloses() async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            let flaky = FlakyTransport(transport, failures: 100)
            let breaker = CircuitBreaker(configuration: .init(failureThreshold: 3, coolDown: .milliseconds(300)))
            let sleeps = TestSupport.Sleeps()
            let client = ProfileAPIClient(
                configuration: .init(baseURL: baseURL, credentials: TestSupport.credentials, retry: sleeps.policy),
                transport: flaky, circuitBreaker: breaker)
            let first = await #expect(throws: ProfileUploadError.self) { try await Self.upload(client) }
            #expect(first?.code == .unreachable)
            #expect(first?.message.contains("3 attempts in a row failed") == true)
            #expect(flaky.sent.load(ordering: .relaxed) == 3, "the fourth attempt was never made")
            #expect(breaker.isOpen)

            // Other clients of the endpoint (another account, another worker) stop at once too.
            let other = ProfileAPIClient(
                configuration: .init(baseURL: baseURL, credentials: ProfileAPICredentials(apiKey: "k2", accessToken: "t2")),
                transport: flaky, circuitBreaker: breaker)
            let second = await #expect(throws: ProfileUploadError.self) { try await other.getProfile() }
            #expect(second?.code == .unreachable)
            #expect(flaky.sent.load(ordering: .relaxed) == 3)

            // The endpoint comes back; after the cool-down a single trial goes through and closes it.
            flaky.remainingFailures.withLock { $0 = 0 }
            try await Task.sleep(for: .milliseconds(400))
            #expect(!breaker.isOpen)
            #expect(try await Self.upload(client).isSuccess)
            #expect(breaker.status(endpoint: baseURL).consecutiveFailures == 0)
            #expect(try await Self.upload(client).isSuccess)
            #expect(await state.requests.count == 2)
        }
    }

    @Test("502, 503 and 504 count as unreachable; any other answer resets the count")
    func gatewayAnswers() async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            let breaker = CircuitBreaker(configuration: .init(failureThreshold: 5))
            let client = ProfileAPIClient(
                configuration: .init(
                    baseURL: baseURL, credentials: TestSupport.credentials, retry: TestSupport.Sleeps().policy),
                transport: transport, circuitBreaker: breaker)
            await state.inject([(503, nil), (502, nil), (504, nil)])
            #expect(try await client.getProfile().isSuccess)
            #expect(breaker.status(endpoint: baseURL).consecutiveFailures == 0, "the 200 reset it")
            await state.inject(Array(repeating: (503, nil), count: 5))
            let result = try await client.getProfile()
            #expect(result == .serverError(status: 503, body: #"{"detail":"Service temporarily unavailable."}"#))
            #expect(breaker.status(endpoint: baseURL).consecutiveFailures == 4)
            let stopped = await #expect(throws: ProfileUploadError.self) { try await client.getProfile() }
            #expect(stopped?.code == .unreachable)
            #expect(breaker.isOpen)
        }
    }

    /// Answers nothing after the request was sent: a slow endpoint, not a missing one.
    struct TimingOut: ProfileAPITransport {
        func send(_ request: TransportRequest) async throws -> TransportResponse {
            throw TransportError(requestNotSent: false, message: "deadline exceeded (injected)")
        }
    }

    @Test("a request that timed out after it was sent does not count; each endpoint has a breaker of its own")
    func slowIsNotDown() async throws {
        let breaker = CircuitBreaker(configuration: .init(failureThreshold: 2))
        let slow = ProfileAPIClient(
            configuration: .init(baseURL: "http://127.0.0.1:9/slow", credentials: TestSupport.credentials, retry: .never),
            transport: TimingOut(), circuitBreaker: breaker)
        for _ in 0..<5 {
            let error = await #expect(throws: ProfileUploadError.self) { try await Self.upload(slow) }
            #expect(error?.code == .network)
            #expect(error?.requestMayHaveBeenSent == true)
        }
        #expect(!breaker.isOpen)
        // Another endpoint refusing connections opens its own breaker only.
        let down = ProfileAPIClient(
            configuration: .init(baseURL: "http://127.0.0.1:9/down", credentials: TestSupport.credentials, retry: .never),
            transport: FlakyTransport(TimingOut(), failures: 10), circuitBreaker: breaker)
        for _ in 0..<2 { _ = try? await down.getProfile() }
        #expect(breaker.status(endpoint: "http://127.0.0.1:9/down").isOpen)
        #expect(!breaker.status(endpoint: "http://127.0.0.1:9/slow").isOpen)
        let stillTried = await #expect(throws: ProfileUploadError.self) { try await Self.upload(slow) }
        #expect(stillTried?.code == .network, "the slow endpoint is still tried")
    }

    @Test("a base URL that is not http(s) is refused before any request")
    func badBaseURL() async throws {
        let client = ProfileAPIClient(
            configuration: .init(baseURL: "ftp://example.com/api", credentials: TestSupport.credentials),
            transport: TimingOut())
        let error = await #expect(throws: ProfileUploadError.self) { try await client.getProfile() }
        #expect(error?.code == .invalidConfiguration)
    }
}
