import CProfileImageVision
import Testing

@Suite("The framing raster's box average")
struct FramingRasterTests {
    /// Block averages as pik_box_shrink's contract states them, summed one pixel at a time.
    static func averages(_ bytes: [UInt8], width: Int, height: Int, stride: Int, channels: Int, factor: Int) -> [UInt8] {
        let outWidth = (width + factor - 1) / factor
        let outHeight = (height + factor - 1) / factor
        var result = [UInt8](repeating: 0, count: outWidth * outHeight * channels)
        for oy in 0..<outHeight {
            for ox in 0..<outWidth {
                let rows = (oy * factor)..<min(height, oy * factor + factor)
                let columns = (ox * factor)..<min(width, ox * factor + factor)
                let count = rows.count * columns.count
                for c in 0..<channels {
                    var total = 0
                    for y in rows { for x in columns { total += Int(bytes[y * stride + x * channels + c]) } }
                    result[(oy * outWidth + ox) * channels + c] = UInt8((total + count / 2) / count)
                }
            }
        }
        return result
    }

    // Factors up to 16 take 16-bit sums, larger ones 32-bit; partial last blocks on both axes,
    // rows with padding, and blocks of full white (the largest sums) among noise.
    @Test("every block is the rounded mean of its pixels", arguments: [1, 2, 3, 5, 8, 15, 16, 17, 20], [1, 3, 4])
    func blockMeans(factor: Int, channels: Int) {
        let width = factor * 6 + factor / 2 + 1
        let height = factor * 4 + factor / 3 + 1
        let stride = width * channels + 3
        var generator = SplitMix64(seed: UInt64(factor * 10 + channels))
        let bytes = (0..<stride * height).map { index in
            (index / (factor * channels * 2)) % 3 == 0 ? UInt8(255) : UInt8(truncatingIfNeeded: generator.next())
        }
        let outCount = ((width + factor - 1) / factor) * ((height + factor - 1) / factor) * channels
        let shrunk = [UInt8](unsafeUninitializedCapacity: outCount) { buffer, count in
            bytes.withUnsafeBufferPointer {
                pik_box_shrink(
                    $0.baseAddress, Int32(width), Int32(height), stride, Int32(channels), Int32(factor), buffer.baseAddress)
            }
            count = outCount
        }
        #expect(
            shrunk == Self.averages(bytes, width: width, height: height, stride: stride, channels: channels, factor: factor))
    }
}
