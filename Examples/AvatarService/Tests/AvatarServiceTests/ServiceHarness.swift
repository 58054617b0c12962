import AsyncHTTPClient
import AvatarService
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ProfileAPITesting
import ProfileUpload
import Prometheus
import Synchronization
import Testing

/// A running avatar service in front of a running stand-in of the profile API, both on
/// 127.0.0.1, and a real HTTP client to talk to the service with.
struct ServiceHarness: Sendable {
    static let apiKey = "avatar-test-api-key-SECRET-51d2"
    static let accessToken = "avatar-test-access-token-SECRET-c03e"

    let baseURL: String
    let port: Int
    let standIn: StandInState
    let service: AvatarService
    let logs: CapturedLogs
    /// A client of this harness's own: a shared one would keep connections to an earlier test's
    /// server, whose port this one's may reuse.
    let client: HTTPClient

    /// Runs `body` with a fresh stand-in (allowing `dailyLimit` updates) and a service over it,
    /// configured by `configure`; both stop afterwards.
    static func withService<T: Sendable>(
        dailyLimit: Int = 50, configure: @Sendable (inout AvatarServiceConfiguration) -> Void = { _ in },
        _ body: @Sendable (ServiceHarness) async throws -> T
    ) async throws -> T {
        let standIn = StandInServer(
            configuration: StandInConfiguration(
                accounts: [.init(apiKey: apiKey, accessToken: accessToken)], dailyLimit: dailyLimit))
        return try await standIn.withRunning { apiURL in
            var configuration = AvatarServiceConfiguration(
                apiURL: apiURL, credentials: ProfileAPICredentials(apiKey: apiKey, accessToken: accessToken),
                quotaStore: "sqlite:"
                    + FileManager.default.temporaryDirectory.appendingPathComponent(
                        "avatar-\(UUID().uuidString).sqlite"
                    ).path,
                dailyLimit: dailyLimit)
            configure(&configuration)
            let logs = CapturedLogs()
            let service = AvatarService(
                configuration: configuration, registry: PrometheusCollectorRegistry(), logger: logs.logger)
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    defer { continuation.finish() }
                    try await service.run(port: 0) { continuation.yield($0) }
                    return nil
                }
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next() else {
                    while let _ = try await group.next() {}
                    throw CancellationError()
                }
                let client = HTTPClient(eventLoopGroupProvider: .singleton)
                let harness = ServiceHarness(
                    baseURL: "http://127.0.0.1:\(port)", port: port, standIn: standIn.state, service: service,
                    logs: logs,
                    client: client)
                let outcome: Result<T, any Error>
                do {
                    outcome = .success(try await body(harness))
                } catch {
                    outcome = .failure(error)
                }
                try? await client.shutdown()
                let result = try outcome.get()
                group.cancelAll()
                while let _ = try? await group.next() {}
                return result
            }
        }
    }

    /// A response read whole.
    struct Answer: Sendable {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        }
        var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    }

    func send(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String? = nil) async throws
        -> Answer
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), headers: headers, body: Array(buffer: bytes))
    }

    func get(_ path: String) async throws -> Answer { try await send(.GET, path) }

    /// `POST /api/avatar` with `photo` and, if given, `crop`.
    func upload(_ photo: [UInt8], filename: String = "me.jpg", crop: String? = nil) async throws -> Answer {
        let form = Self.form(photo: photo, filename: filename, crop: crop)
        return try await send(.POST, "/api/avatar", body: form.body, contentType: form.contentType)
    }

    static let boundary = "AvatarTestBoundary7d1e"

    static func form(photo: [UInt8], filename: String, crop: String?) -> (body: [UInt8], contentType: String) {
        var body: [UInt8] = []
        func append(_ text: String) { body += Array(text.utf8) }
        if let crop {
            append("--\(boundary)\r\nContent-Disposition: form-data; name=\"crop\"\r\n\r\n\(crop)\r\n")
        }
        append(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"\(filename)\"\r\nContent-Type: image/jpeg\r\n\r\n"
        )
        body += photo
        append("\r\n--\(boundary)--\r\n")
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    static func photo(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Photos"))
        return Array(try Data(contentsOf: url))
    }
}

/// Every log line with its metadata, to prove no secret is logged.
final class CapturedLogs: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "avatar-test") { _ in Handler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    var all: [String] { lines.withLock { $0 } }

    struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            sink.lines.withLock { $0.append("\(event.level) \(event.message) \(merged)") }
        }
    }
}
