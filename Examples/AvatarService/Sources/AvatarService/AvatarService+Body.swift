import Hummingbird
import NIOCore

extension AvatarService {
    /// Hands the request's body to `consume` chunk by chunk as it arrives, refusing it as soon
    /// as it is known to be too large (by its Content-Length, before any of it is read, or once
    /// the bytes read pass the limit) or too slow: after ``AvatarServiceConfiguration/bodyGrace``,
    /// a body must have arrived at ``AvatarServiceConfiguration/minBodyRate`` on average. A body
    /// that stops arriving altogether is ended by the connection's idle timeout.
    /// - Throws: ``AvatarServiceError`` with code `tooLarge`, `timeout`, or `badRequest` when the
    ///   body ends early (the sender went away); what `consume` throws.
    func readBody(of request: Request, _ consume: (ByteBuffer) throws -> Void) async throws {
        let limit = configuration.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw AvatarServiceError(code: .tooLarge, message: tooLargeMessage(declared))
        }
        let start = ContinuousClock.now
        let grace = Self.seconds(configuration.bodyGrace)
        var received = 0
        do {
            for try await chunk in request.body {
                received += chunk.readableBytes
                guard received <= limit else {
                    throw AvatarServiceError(code: .tooLarge, message: tooLargeMessage(nil))
                }
                let late = Self.seconds(ContinuousClock.now - start) - grace
                guard late <= 0 || Double(received) >= Double(configuration.minBodyRate) * late else {
                    throw AvatarServiceError(
                        code: .timeout,
                        message:
                            "The photo arrived too slowly (under \(Self.size(configuration.minBodyRate))/s); try again on a better connection."
                    )
                }
                try consume(chunk)
            }
        } catch let error as AvatarServiceError {
            throw error
        } catch {
            throw AvatarServiceError(code: .badRequest, message: "the request ended before its body did")
        }
    }

    /// The whole body, within the same limits.
    func readBody(of request: Request) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        try await readBody(of: request) { bytes += $0.readableBytesView }
        return bytes
    }

    func tooLargeMessage(_ size: Int?) -> String {
        let limit = configuration.maxBodyBytes
        guard let size else {
            return "The photo is larger than the limit of \(Self.size(limit)); choose a smaller one."
        }
        // Rounded alike, the two would read as equal.
        let (shown, shownLimit) =
            Self.size(size) == Self.size(limit)
            ? ("\(size) bytes", "\(limit) bytes") : (Self.size(size), Self.size(limit))
        return "The photo is \(shown); the limit is \(shownLimit). Choose a smaller one."
    }

    /// `bytes` for a person: KB under a megabyte, else MB (both decimal, as file managers show).
    static func size(_ bytes: Int) -> String {
        if bytes < 1_000_000 { return "\(max(1, Int((Double(bytes) / 1000).rounded()))) KB" }
        let megabytes = Double(bytes) / 1_000_000
        return megabytes >= 10 ? "\(Int(megabytes.rounded())) MB" : "\((megabytes * 10).rounded() / 10) MB"
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
