/// An affine walk over a packed raster's pixels in the order of a rotated or mirrored output:
/// output pixel (x, y) is source pixel `base + x * dx + y * dy`.
struct OrientationWalk {
    var base: Int, dx: Int, dy: Int, width: Int, height: Int

    /// Three bytes moved as one value, so the copy loop is specialised per pixel size.
    struct Pixel3 {
        var r: UInt8, g: UInt8, b: UInt8
    }

    /// Output tiles are square so that, for the transposing orientations, the source rows a tile
    /// reads stay in cache instead of striding a whole row apart for every pixel.
    private static let tile = 32

    func copy<P>(_: P.Type, from source: UnsafeBufferPointer<UInt8>, to target: UnsafeMutableBufferPointer<UInt8>) {
        precondition(MemoryLayout<P>.size * width * height == source.count && source.count == target.count)
        guard let sourceBase = source.baseAddress, let targetBase = target.baseAddress else { return }
        // The buffers hold whole pixels; UInt8 storage has alignment 1, so read and write unaligned.
        let size = MemoryLayout<P>.size
        var tileY = 0
        while tileY < height {
            let yEnd = min(tileY + Self.tile, height)
            var tileX = 0
            while tileX < width {
                let xEnd = min(tileX + Self.tile, width)
                for y in tileY..<yEnd {
                    var index = base + y * dy + tileX * dx
                    var to = targetBase + (y * width + tileX) * size
                    for _ in tileX..<xEnd {
                        let value = UnsafeRawPointer(sourceBase + index * size).loadUnaligned(as: P.self)
                        UnsafeMutableRawPointer(to).storeBytes(of: value, as: P.self)
                        to += size
                        index += dx
                    }
                }
                tileX = xEnd
            }
            tileY = yEnd
        }
    }
}
