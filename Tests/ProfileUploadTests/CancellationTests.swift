import Foundation
import Synchronization
import ProfileQuotaSQLite
import Testing

@testable import ProfileUpload

@Suite("A caller cancelled after the server answered")
struct CancellationTests {
    /// Answers 200 to everything, cancelling the calling task first: a service's request whose
    /// client hung up just as the upload went through.
    struct CancellingTransport: ProfileAPITransport {
        func send(_ request: TransportRequest) async throws -> TransportResponse {
            withUnsafeCurrentTask { $0?.cancel() }
            return TransportResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
        }
    }

    @Test("the success is still recorded in the quota store")
    func successRecorded() async throws {
        let store = try SQLiteQuotaStore(path: TestSupport.temporaryPath("quota.sqlite"))
        let client = ProfileAPIClient(
            configuration: .init(baseURL: "http://127.0.0.1:9/api/v1", credentials: TestSupport.credentials),
            transport: CancellingTransport(), quotaStore: store)
        let result = try await Task {
            try await client.uploadProfileImage(
                image: UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"),
                croppedImage: UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
        }.value
        #expect(result.isSuccess)
        let quota = try #require(try await store.status(account: client.accountKey))
        #expect(quota.updatesInLast24Hours == 1, "the 200 counted although the caller was cancelled")
    }

    /// Never answers (until cancelled): a server that took the request and hangs.
    struct SilentTransport: ProfileAPITransport {
        func send(_ request: TransportRequest) async throws -> TransportResponse {
            try await Task.sleep(for: .seconds(3600))
            throw CancellationError()
        }
    }

    @Test("an upload that outlasts its reservation's limit is ended and counted as maybe sent, before the slot could expire")
    func reservedRequestLimit() async throws {
        let store = try SQLiteQuotaStore(path: TestSupport.temporaryPath("quota.sqlite"))
        var configuration = ProfileAPIClient.Configuration(baseURL: "http://127.0.0.1:9/api/v1", credentials: TestSupport.credentials)
        configuration.dailyLimit = 1
        var client = ProfileAPIClient(configuration: configuration, transport: SilentTransport(), quotaStore: store)
        client.reservedRequestLimit = 0.3
        let files = (UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"), UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
        let error = await #expect(throws: ProfileUploadError.self) {
            try await client.uploadProfileImage(image: files.0, croppedImage: files.1)
        }
        #expect(error?.code == .network)
        #expect(error?.requestMayHaveBeenSent == true)
        // The slot stays taken: the configured limit of 1 refuses the next one without a request.
        guard case .throttled(let throttle) = try await client.uploadProfileImage(image: files.0, croppedImage: files.1) else {
            Issue.record("the second upload was not refused locally")
            return
        }
        #expect(throttle.decidedLocally)
    }

    /// A store that cancels its caller right after granting: a service's request whose client hung
    /// up between the reservation and the send.
    struct CancellingStore: QuotaStore {
        let inner: SQLiteQuotaStore
        func reserve(account: String, configuredLimit: Int?, now: Date) async throws -> QuotaDecision {
            let decision = try await inner.reserve(account: account, configuredLimit: configuredLimit, now: now)
            withUnsafeCurrentTask { $0?.cancel() }
            return decision
        }
        func finish(_ reservation: QuotaReservation, outcome: QuotaOutcome, now: Date) async throws {
            try await inner.finish(reservation, outcome: outcome, now: now)
        }
        func status(account: String, now: Date) async throws -> AccountQuota? { try await inner.status(account: account, now: now) }
        func accounts(now: Date) async throws -> [AccountQuota] { try await inner.accounts(now: now) }
    }

    /// Counts the requests that reach it.
    final class CountingTransport: ProfileAPITransport {
        let sent = Atomic<Int>(0)
        func send(_ request: TransportRequest) async throws -> TransportResponse {
            sent.add(1, ordering: .relaxed)
            return TransportResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
        }
    }

    @Test("cancelled between the reservation and the send: nothing is sent and the slot is released")
    func cancelledBeforeSend() async throws {
        let inner = try SQLiteQuotaStore(path: TestSupport.temporaryPath("quota.sqlite"))
        var configuration = ProfileAPIClient.Configuration(baseURL: "http://127.0.0.1:9/api/v1", credentials: TestSupport.credentials)
        configuration.dailyLimit = 1
        let transport = CountingTransport()
        let files = (UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"), UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
        let cancelled = ProfileAPIClient(configuration: configuration, transport: transport, quotaStore: CancellingStore(inner: inner))
        await #expect(throws: CancellationError.self) {
            try await Task { try await cancelled.uploadProfileImage(image: files.0, croppedImage: files.1) }.value
        }
        #expect(transport.sent.load(ordering: .relaxed) == 0)
        let client = ProfileAPIClient(configuration: configuration, transport: transport, quotaStore: inner)
        #expect(try await client.uploadProfileImage(image: files.0, croppedImage: files.1).isSuccess, "the one slot was free again")
        #expect(transport.sent.load(ordering: .relaxed) == 1)
    }

    @Test("the caller cancelled while the request is in flight: the slot stays counted, as maybe sent", arguments: [false, true])
    func cancelledInFlight(transportThrowsCancellation: Bool) async throws {
        let store = try SQLiteQuotaStore(path: TestSupport.temporaryPath("quota.sqlite"))
        var configuration = ProfileAPIClient.Configuration(baseURL: "http://127.0.0.1:9/api/v1", credentials: TestSupport.credentials)
        configuration.dailyLimit = 1
        let transport = HangingTransport(throwsCancellation: transportThrowsCancellation)
        let client = ProfileAPIClient(configuration: configuration, transport: transport, quotaStore: store)
        let files = (UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"), UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
        let upload = Task { try await client.uploadProfileImage(image: files.0, croppedImage: files.1) }
        while transport.started.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        upload.cancel()
        let error = await #expect(throws: ProfileUploadError.self) { _ = try await upload.value }
        #expect(error?.requestMayHaveBeenSent == true)
        // The configured limit of 1 counts the unanswered request: the next is refused locally.
        let next = ProfileAPIClient(configuration: configuration, transport: CountingTransport(), quotaStore: store)
        guard case .throttled(let throttle) = try await next.uploadProfileImage(image: files.0, croppedImage: files.1) else {
            Issue.record("the slot of a request that may have reached the server was given back")
            return
        }
        #expect(throttle.decidedLocally)
    }

    /// Holds every request until cancelled, then fails as AsyncHTTPClient does (a transport error
    /// that does not say the request never left) or with a bare CancellationError.
    final class HangingTransport: ProfileAPITransport {
        let started = Atomic<Int>(0)
        let throwsCancellation: Bool
        init(throwsCancellation: Bool) { self.throwsCancellation = throwsCancellation }
        func send(_ request: TransportRequest) async throws -> TransportResponse {
            started.add(1, ordering: .relaxed)
            do {
                try await Task.sleep(for: .seconds(3600))
            } catch {
                if throwsCancellation { throw CancellationError() }
                throw TransportError(requestNotSent: false, message: "cancelled")
            }
            throw TransportError(requestNotSent: false, message: "no answer")
        }
    }
}
