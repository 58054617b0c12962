extension PixelBuffer {
    /// The pixels as they should be shown for a stored EXIF `orientation`: rotated and/or
    /// mirrored, width and height swapped for orientations 5-8.
    public func oriented(_ orientation: ExifOrientation) -> PixelBuffer {
        if orientation == .up { return self }
        let (w, h) = (width, height)
        let swaps = orientation.swapsDimensions
        let outWidth = swaps ? h : w
        let outHeight = swaps ? w : h
        // Source pixel index = base + x' * dx + y' * dy for output pixel (x', y').
        let (base, dx, dy): (Int, Int, Int) =
            switch orientation {
            case .up: (0, 1, w)
            case .upMirrored: (w - 1, -1, w)
            case .down: ((h - 1) * w + w - 1, -1, -w)
            case .downMirrored: ((h - 1) * w, 1, -w)
            case .leftMirrored: (0, w, 1)
            case .right: ((h - 1) * w, -w, 1)
            case .rightMirrored: ((h - 1) * w + w - 1, -w, -1)
            case .left: (w - 1, w, -1)
            }
        let channels = layout.channels
        var out = [UInt8](repeating: 0, count: bytes.count)
        bytes.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                let src = source.baseAddress!
                var dst = target.baseAddress!
                for y in 0..<outHeight {
                    var index = base + y * dy
                    for _ in 0..<outWidth {
                        let from = src + index * channels
                        for c in 0..<channels { dst[c] = from[c] }
                        dst += channels
                        index += dx
                    }
                }
            }
        }
        return PixelBuffer(width: outWidth, height: outHeight, layout: layout, bytes: out)
    }
}
