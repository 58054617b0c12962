import Testing

@testable import ProfileImage

@Suite("PixelBuffer.oriented against the EXIF definitions")
struct PixelBufferOrientationTests {
    /// For displayed pixel (x, y) of a stored w x h picture, the stored pixel it shows, per the
    /// EXIF 2.3 definitions of the eight orientations (written out here, independently of the
    /// walk the implementation uses).
    static func storedPixel(_ orientation: Int, x: Int, y: Int, w: Int, h: Int) -> (Int, Int) {
        switch orientation {
        case 1: (x, y)
        case 2: (w - 1 - x, y)
        case 3: (w - 1 - x, h - 1 - y)
        case 4: (x, h - 1 - y)
        case 5: (y, x)
        case 6: (y, h - 1 - x)
        case 7: (w - 1 - y, h - 1 - x)
        default: (w - 1 - y, x)
        }
    }

    static let cases: [(Int, PixelLayout)] = (1...8).flatMap { o in PixelLayout.allCases.map { (o, $0) } }

    // 45 x 70 is no multiple of the 32-pixel tiles, so partial tiles on both edges are covered.
    @Test("every pixel lands where the EXIF orientation says, for every layout", arguments: cases)
    func everyPixel(orientation: Int, layout: PixelLayout) throws {
        let (w, h, n) = (45, 70, layout.channels)
        let bytes = (0..<(w * h * n)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 251) }
        let stored = try PixelBuffer(width: w, height: h, layout: layout, bytes: bytes)
        let shown = stored.oriented(try #require(ExifOrientation(rawValue: orientation)))
        let swaps = orientation >= 5
        #expect(shown.width == (swaps ? h : w) && shown.height == (swaps ? w : h))
        #expect(shown.layout == layout && shown.bytes.count == bytes.count)
        var mismatches = 0
        for y in 0..<shown.height {
            for x in 0..<shown.width {
                let (sx, sy) = Self.storedPixel(orientation, x: x, y: y, w: w, h: h)
                if shown[x, y] != stored[sx, sy] { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }
}
