import Hummingbird

extension AvatarService {
    /// The request's body, refused as soon as it is known to be too large (by its
    /// Content-Length, before any of it is read, or once the bytes read pass the limit) or too
    /// slow (a body still arriving after the body timeout). A body that stops arriving
    /// altogether is ended by the connection's idle timeout.
    /// - Throws: ``AvatarServiceError`` with code `tooLarge` or `timeout`.
    func readBody(of request: Request) async throws -> [UInt8] {
        let limit = configuration.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw AvatarServiceError(code: .tooLarge, message: tooLargeMessage(declared))
        }
        let deadline = ContinuousClock.now + configuration.bodyTimeout
        var bytes: [UInt8] = []
        for try await chunk in request.body {
            guard bytes.count + chunk.readableBytes <= limit else { throw AvatarServiceError(code: .tooLarge, message: tooLargeMessage(nil)) }
            guard ContinuousClock.now <= deadline else {
                throw AvatarServiceError(
                    code: .timeout, message: "The photo took longer than \(configuration.bodyTimeout) to arrive; try again on a better connection.")
            }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return bytes
    }

    func tooLargeMessage(_ size: Int?) -> String {
        let limit = Self.megabytes(configuration.maxBodyBytes)
        guard let size else { return "The photo is larger than \(limit); choose a smaller one." }
        return "The photo is \(Self.megabytes(size)); the limit is \(limit). Choose a smaller one."
    }

    static func megabytes(_ bytes: Int) -> String {
        let value = Double(bytes) / 1_000_000
        return value >= 10 ? "\(Int(value.rounded())) MB" : "\((value * 10).rounded() / 10) MB"
    }
}
