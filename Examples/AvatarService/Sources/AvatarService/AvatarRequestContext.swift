import Hummingbird
import NIOCore

/// The request context, with the connection: a request refused before its body was all read
/// (too large, too slow, too many at once) has its connection closed shortly after the answer,
/// so that the rest of the body is neither read for as long as the sender likes to trickle it
/// nor drained at full speed for gigabytes.
struct AvatarRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    /// How long a refused body may still be read before its connection is closed: long enough
    /// for the sender to read the answer first (closing a connection with unread data resets
    /// it, and a reset can destroy an answer not yet read), as nginx's lingering close does.
    static let lingering: TimeAmount = .seconds(2)

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Closes the connection once the answer has had ``lingering`` to arrive.
    func closeAfterAnswer() {
        let channel = self.channel
        channel.eventLoop.scheduleTask(in: Self.lingering) { channel.close(promise: nil) }
    }
}
