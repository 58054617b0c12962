import Foundation
import ProfileQuotaSQLite
import ProfileUploadAsyncHTTPClient
import Testing

@testable import ProfileUpload

@Suite("A quota store that fails after the server said 200")
struct QuotaStoreFailureTests {
    /// A SQLite store whose database goes away just after a reservation (the disk filled, the
    /// file was removed, the network share dropped).
    final class FailingAfterReserve: QuotaStore {
        let inner: SQLiteQuotaStore
        init(_ inner: SQLiteQuotaStore) { self.inner = inner }

        func reserve(account: String, configuredLimit: Int?, now: Date) async throws -> QuotaDecision {
            try await inner.reserve(account: account, configuredLimit: configuredLimit, now: now)
        }
        func finish(_ reservation: QuotaReservation, outcome: QuotaOutcome, now: Date) async throws {
            throw ProfileUploadError(code: .quotaStore, message: "Quota store: disk I/O error (injected)")
        }
        func status(account: String, now: Date) async throws -> AccountQuota? {
            try await inner.status(account: account, now: now)
        }
        func accounts(now: Date) async throws -> [AccountQuota] { try await inner.accounts(now: now) }
    }

    @Test("the upload is reported as the success it was, the failure is logged, and nothing is sent twice")
    func successStands() async throws {
        let logs = CapturedLogs()
        try await TestSupport.withStandIn { baseURL, state, transport in
            let store = FailingAfterReserve(try SQLiteQuotaStore(path: TestSupport.temporaryPath("quota.sqlite")))
            let client = ProfileAPIClient(
                configuration: .init(baseURL: baseURL, credentials: TestSupport.credentials), transport: transport,
                quotaStore: store, logger: logs.logger)
            let result = try await client.uploadProfileImage(
                image: UploadFile(bytes: TestSupport.jpeg, filename: "a.jpg"),
                croppedImage: UploadFile(bytes: TestSupport.jpeg, filename: "b.jpg"))
            #expect(result.isSuccess)
            #expect(await state.updateCount(account: 0) == 1)
            #expect(await state.requests.count == 1)
        }
        let lines = logs.lines.withLock { $0 }
        #expect(lines.contains { $0.contains("the quota store could not record the outcome") && $0.contains("injected") })
    }
}
