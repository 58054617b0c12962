import Foundation
import ProfileAPITesting
import ProfileUploadAsyncHTTPClient
import Testing

@testable import ProfileUpload

@Suite("The stand-in server and the transport, at their edges")
struct StandInServerTests {
    @Test("a stand-in that cannot bind its port fails instead of waiting forever", .timeLimit(.minutes(1)))
    func portTaken() async throws {
        try await StandInServer().withRunning { baseURL in
            let port = try #require(URL(string: baseURL)?.port)
            let error = await #expect(throws: (any Error).self) {
                try await StandInServer().withRunning(port: port) { _ in Issue.record("a second server bound port \(port)") }
            }
            #expect("\(String(describing: error))".localizedCaseInsensitiveContains("address already in use"), "\(String(describing: error))")
        }
    }

    @Test("withTransport shuts its client down once, after the body, and the body's own error is what comes out")
    func transportLifetime() async throws {
        try await TestSupport.withStandIn { baseURL, _, _ in
            let request = TransportRequest(method: "GET", url: baseURL + "/user/get/profile/", headers: [], body: nil, timeout: .seconds(10))
            // A clean run: no error from a second shutdown, and the client is gone afterwards.
            let used = try await AsyncHTTPClientTransport.withTransport { transport in
                _ = try await transport.send(request)
                return transport
            }
            await #expect(throws: (any Error).self) { _ = try await used.send(request) }
            struct BodyFailed: Error {}
            await #expect(throws: BodyFailed.self) {
                try await AsyncHTTPClientTransport.withTransport { _ in throw BodyFailed() }
            }
        }
    }

    @Test("methods are sent as given, not as GET", arguments: ["DELETE", "PATCH", "OPTIONS"])
    func methods(method: String) async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            let response = try await transport.send(
                TransportRequest(
                    method: method, url: baseURL + "/user/get/profile/", headers: [], body: nil, timeout: .seconds(10)))
            #expect(response.status == 405)
            #expect(await state.requests == ["\(method) /api/v1/user/get/profile/"])
        }
    }
}
