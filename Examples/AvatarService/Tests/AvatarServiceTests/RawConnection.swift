import NIOCore
import NIOPosix

/// A bare TCP connection to the service, for what a polite HTTP client never does: send a
/// body slowly, or stop in the middle.
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

    /// Runs `body` with a writer, then (when `readingAnswer`) reads what the server sends until
    /// it closes the connection or an answer with a JSON body has arrived, and closes.
    /// - Returns: the text received, and whether the server closed the connection.
    func exchange(
        readingAnswer: Bool = true, _ body: @Sendable (NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws -> Void
    ) async throws -> (text: String, closed: Bool) {
        try await channel.executeThenClose { inbound, outbound in
            try await body(outbound)
            guard readingAnswer else { return ("", false) }
            var received = ""
            do {
                for try await chunk in inbound {
                    received += String(buffer: chunk)
                    if received.contains("\r\n\r\n") && received.contains("}") { return (received, false) }
                }
            } catch {
                // A reset is a close too.
                return (received, true)
            }
            return (received, true)
        }
    }
}
