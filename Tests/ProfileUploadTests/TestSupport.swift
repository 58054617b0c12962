import Foundation
import ProfileQuotaSQLite
import ProfileUploadAsyncHTTPClient
import Logging
import ProfileAPITesting
import Synchronization

@testable import ProfileUpload

enum TestSupport {
    static let apiKey = "test-api-key-SECRET-1f3e"
    static let accessToken = "test-access-token-SECRET-9a7c"
    static let credentials = ProfileAPICredentials(apiKey: apiKey, accessToken: accessToken)

    static func configuration(accounts: Int = 1, dailyLimit: Int = 3) -> StandInConfiguration {
        StandInConfiguration(
            accounts: (0..<accounts).map { .init(apiKey: apiKey + "\($0 == 0 ? "" : "-\($0)")", accessToken: accessToken + "\($0 == 0 ? "" : "-\($0)")") },
            dailyLimit: dailyLimit)
    }

    /// A JPEG and a PNG that validate.
    static let jpeg: [UInt8] = fixture("valid/baseline-420.jpg")
    static let png: [UInt8] = fixture("valid/rgb-8.png")

    static func fixture(_ path: String) -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ProfileImageTests/Fixtures/" + path)
        return [UInt8](try! Data(contentsOf: url))
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pik-\(UUID().uuidString)-\(name)").path
    }

    /// Runs `body` against a fresh stand-in server, with a real AsyncHTTPClient transport.
    /// - Parameter connectTimeout: how long a connection to the stand-in may take. It listens in
    ///   this process, on loopback, and accepts at once on an idle machine; with every suite
    ///   running on two cores its event loop can wait longer than a few hundred milliseconds for
    ///   a CPU (a CI run failed one upload on a 300 ms connect timeout). None of these tests is
    ///   about that timeout; the tests of unreachable servers use a closed port (refused at once)
    ///   and their own transport.
    static func withStandIn<T: Sendable>(
        _ configuration: StandInConfiguration = TestSupport.configuration(), connectTimeout: Duration = .seconds(10),
        _ body: @Sendable (String, StandInState, AsyncHTTPClientTransport) async throws -> T
    ) async throws -> T {
        let server = StandInServer(configuration: configuration)
        return try await server.withRunning { baseURL in
            try await AsyncHTTPClientTransport.withTransport(connectTimeout: connectTimeout) { transport in
                try await body(baseURL, server.state, transport)
            }
        }
    }

    /// Records sleeps instead of sleeping.
    final class Sleeps: Sendable {
        let recorded = Mutex<[Duration]>([])
        var all: [Duration] { recorded.withLock { $0 } }
        var policy: RetryPolicy {
            RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(10), maxDelay: .seconds(5)) { [self] duration in
                recorded.withLock { $0.append(duration) }
            }
        }
    }
}

/// Collects every log message and its metadata, to prove no secret is ever logged.
final class CapturedLogs: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "test") { _ in Handler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            sink.lines.withLock { $0.append("\(event.message) \(event.metadata ?? [:]) \(metadata)") }
        }
    }
}
