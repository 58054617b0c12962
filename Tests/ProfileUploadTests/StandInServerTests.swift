import Foundation
import Synchronization
import ProfileAPITesting
import Testing

@testable import ProfileUpload
@testable import ProfileUploadAsyncHTTPClient

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

    @Test("a shutdown that fails is called once and its error comes out; after a failing body, the body's error")
    func shutdownOnce() async throws {
        struct ShutdownFailed: Error {}
        struct BodyFailed: Error {}
        let calls = Atomic<Int>(0)
        let transport = AsyncHTTPClientTransport()
        let failing: () async throws -> Void = {
            calls.add(1, ordering: .relaxed)
            throw ShutdownFailed()
        }
        await #expect(throws: ShutdownFailed.self) {
            try await AsyncHTTPClientTransport.run({ _ in 1 }, with: transport, shutdown: failing)
        }
        #expect(calls.load(ordering: .relaxed) == 1, "shut down once, not again after it failed")
        await #expect(throws: BodyFailed.self) {
            try await AsyncHTTPClientTransport.run({ _ -> Int in throw BodyFailed() }, with: transport, shutdown: failing)
        }
        #expect(calls.load(ordering: .relaxed) == 2)
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
