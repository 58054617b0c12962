import Foundation
import Hummingbird
import Logging

/// A local stand-in for the profile API, for development and tests: the documented endpoints,
/// credentials check, the API's 400 texts, a daily quota answered with 429 and `Retry-After`, and
/// 301 for URLs without their trailing slash. It binds to 127.0.0.1 only.
///
/// ```swift
/// try await StandInServer().withRunning { baseURL in
///     // baseURL is "http://127.0.0.1:<port>/api/v1"
/// }
/// ```
public struct StandInServer: Sendable {
    /// The behaviour.
    public let configuration: StandInConfiguration
    /// What it has seen.
    public let state: StandInState

    /// Creates a server (not yet listening).
    public init(configuration: StandInConfiguration = StandInConfiguration(), state: StandInState = StandInState()) {
        self.configuration = configuration
        self.state = state
    }

    /// Listens on 127.0.0.1:`port` (0 picks a free port) until the task is cancelled.
    /// `onRunning` receives the bound port.
    public func run(
        port: Int, logLevel: Logger.Level = .warning, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let handler = StandInResponder(configuration: configuration, state: state)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            try await handler.respond(to: request)
        }
        var logger = Logger(label: "ProfileAPIStandIn")
        logger.logLevel = logLevel
        let application = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "ProfileAPIStandIn"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
        try await application.run()
    }

    /// Starts the server on a free port, runs `body` with the API base URL
    /// (`http://127.0.0.1:<port>/api/v1`), and stops the server.
    /// - Throws: what `body` throws, or the server's error if it could not start.
    public func withRunning<Result: Sendable>(_ body: @Sendable (String) async throws -> Result) async throws -> Result {
        try await withRunning(port: 0, body)
    }

    /// Starts the server on 127.0.0.1:`port` (0 picks a free one), runs `body` with the API base
    /// URL, and stops the server.
    /// - Throws: what `body` throws, or the server's error if it could not start (the port is
    ///   taken, say).
    public func withRunning<Result: Sendable>(
        port: Int, _ body: @Sendable (String) async throws -> Result
    ) async throws -> Result {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                // Whether it ends by failing to bind or by cancellation, nobody waits for a port
                // any more. Stopping by cancellation makes Hummingbird log an error: not worth
                // showing.
                defer { continuation.finish() }
                try await run(port: port, logLevel: .critical) { continuation.yield($0) }
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next() else {
                // The server ended before it listened: its error says why.
                while let _ = try await group.next() {}
                throw StandInError(message: "the stand-in stopped before it listened on 127.0.0.1:\(port)")
            }
            let result = try await body("http://127.0.0.1:\(bound)\(configuration.basePath)")
            group.cancelAll()
            while let _ = try? await group.next() {}
            return result
        }
    }
}
