import Foundation
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
}
