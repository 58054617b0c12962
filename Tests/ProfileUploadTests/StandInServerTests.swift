import Foundation
import ProfileAPITesting
import Testing

@testable import ProfileUpload

@Suite("The stand-in server and the transport, at their edges")
struct StandInServerTests {
    @Test("a stand-in that cannot bind its port fails instead of waiting forever")
    func portTaken() async throws {
        try await StandInServer().withRunning { baseURL in
            let port = try #require(URL(string: baseURL)?.port)
            await #expect(throws: (any Error).self) {
                try await StandInServer().withRunning(port: port) { _ in Issue.record("a second server bound port \(port)") }
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
