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
        let walk = OrientationWalk(base: base, dx: dx, dy: dy, width: outWidth, height: outHeight)
        let out = bytes.withUnsafeBufferPointer { source in
            [UInt8](unsafeUninitializedCapacity: bytes.count) { target, count in
                switch layout {
                case .gray: walk.copy(UInt8.self, from: source, to: target)
                case .rgb: walk.copy(OrientationWalk.Pixel3.self, from: source, to: target)
                case .rgba, .cmyk: walk.copy(UInt32.self, from: source, to: target)
                }
                count = source.count
            }
        }
        return PixelBuffer(width: outWidth, height: outHeight, layout: layout, uncheckedBytes: out)
    }
}
