/// How to write a PNG.
public struct PNGEncodingOptions: Sendable, Hashable {
    /// zlib compression level, 0 (none) ... 9 (smallest, slowest). Default 6, as sharp and Pillow.
    public var compressionLevel: Int

    /// Creates options; the default level is 6.
    public init(compressionLevel: Int = 6) {
        self.compressionLevel = compressionLevel
    }
}
