import Foundation
import Testing

@testable import ProfileImage

/// libjpeg's own memory destination replaces its buffer as it grows and tells the caller only at
/// the end, so an error after the first growth freed a stale pointer (a double free) and leaked
/// the live one. The shim now writes into a buffer it owns; these failures, run under
/// AddressSanitizer (scripts/sanitize), find no double free and no leak.
@Suite("A JPEG encode that fails mid-way frees what it allocated, once")
struct JPEGEncoderFailureTests {
    static func photo() throws -> PixelBuffer {
        // Noise, seeded: about 450 KB of JPEG, the same every run.
        var random = SplitMix64(seed: 7)
        let bytes = (0..<(640 * 480 * 3)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        return try PixelBuffer(width: 640, height: 480, layout: .rgb, bytes: bytes)
    }

    /// With the hook the buffer starts at 4 KB and doubles; the failure comes at the first growth
    /// past the limit: before any growth at 4 KB, after 2, 4 and about 6 reallocations above.
    @Test("failing before and after the buffer has grown, at several sizes", arguments: [4_096, 16_384, 65_536, -2])
    func failsCleanly(limit: Int) throws {
        let pixels = try Self.photo()
        // -2: half of what the whole output takes.
        let limit = limit > 0 ? limit : try ImageEncoder.jpeg(pixels).count / 2
        #expect(limit < (try ImageEncoder.jpeg(pixels).count))
        let error = #expect(throws: ProfileImageError.self) {
            _ = try ImageEncoder.jpeg(pixels, options: JPEGEncodingOptions(), iccProfile: nil, exif: nil, failingAfterBytes: limit)
        }
        #expect(error?.code == .encodingFailed)
        #expect(error?.reason.contains("Insufficient memory") == true, "\(String(describing: error?.reason))")
    }

    @Test("with room to spare, the same bytes as an encode without the hook")
    func succeedsUnderTheLimit() throws {
        let pixels = try Self.photo()
        let plain = try ImageEncoder.jpeg(pixels)
        let hooked = try ImageEncoder.jpeg(pixels, options: JPEGEncodingOptions(), iccProfile: nil, exif: nil, failingAfterBytes: 1 << 30)
        #expect(plain == hooked)
        #expect(try ImageDecoder().validate(plain).width == 640)
    }

    @Test("a PNG encode failing before and after its buffer has grown: an error, nothing leaked", arguments: [4_096, 16_384, -2])
    func pngFailsCleanly(limit: Int) throws {
        let pixels = try Self.photo()
        let whole = try ImageEncoder.png(pixels, options: PNGEncodingOptions(compressionLevel: 1))
        let limit = limit > 0 ? limit : whole.count / 2
        let error = #expect(throws: ProfileImageError.self) {
            _ = try ImageEncoder.png(pixels, options: PNGEncodingOptions(compressionLevel: 1), iccProfile: nil, exif: nil, failingAfterBytes: limit)
        }
        #expect(error?.code == .encodingFailed)
        #expect(error?.reason.contains("Out of memory") == true, "\(String(describing: error?.reason))")
        let hooked = try ImageEncoder.png(
            pixels, options: PNGEncodingOptions(compressionLevel: 1), iccProfile: nil, exif: nil, failingAfterBytes: 1 << 30)
        #expect(hooked == whole, "with room to spare, the same bytes")
    }
}
