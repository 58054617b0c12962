import NIOCore
import NIOPosix

/// A bare TCP connection to the service, for what a polite HTTP client never does: send a
/// body slowly, stop in the middle, or send a path as written.
struct RawConnection {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func open(port: Int) async throws -> RawConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return RawConnection(channel: channel)
    }

    /// What came back.
    struct Received: Sendable {
        /// The bytes received, as text.
        var text: String
        /// Whether the server closed (or reset) the connection.
        var closed: Bool
        /// When the server closed it, if it did.
        var closedAt: ContinuousClock.Instant?
    }

    /// Runs `body` with a writer while reading what the server sends, at the same time (so an
    /// answer that comes early is read before anything else can happen to the connection),
    /// until an answer with a JSON body has arrived or, with `untilClosed`, until the server
    /// closes the connection; then closes it. Errors writing (the server closed) end `body`.
    /// With `readingAnswer` false, only runs `body`.
    func exchange(
        readingAnswer: Bool = true, untilClosed: Bool = false,
        _ body: @escaping @Sendable (NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws -> Void
    ) async throws -> Received {
        try await channel.executeThenClose { inbound, outbound in
            guard readingAnswer else {
                try await body(outbound)
                return Received(text: "", closed: false)
            }
            return try await withThrowingTaskGroup(of: Received?.self) { group in
                group.addTask {
                    try? await body(outbound)
                    return nil
                }
                group.addTask {
                    var text = ""
                    do {
                        for try await chunk in inbound {
                            text += String(buffer: chunk)
                            if !untilClosed && text.contains("\r\n\r\n") && text.contains("}") {
                                return Received(text: text, closed: false)
                            }
                        }
                    } catch {
                        // A reset is a close too.
                    }
                    return Received(text: text, closed: true, closedAt: .now)
                }
                while let result = try await group.next() {
                    if let result {
                        group.cancelAll()
                        return result
                    }
                }
                return Received(text: "", closed: false)
            }
        }
    }

    /// Writes `head` (and any `bytes`) and reads the answer, until the server closes.
    func send(_ head: String) async throws -> Received {
        try await exchange(untilClosed: true) { out in try await out.write(ByteBuffer(string: head)) }
    }
}
