import Testing

@testable import ProfileImage

/// Damage a user's file may really have: cut off anywhere, or bytes flipped anywhere. The decoder
/// must give a verdict every time (no crash, no hang, no escaping longjmp).
@Suite("Cut and flipped files")
struct RobustnessTests {
    static let sources = [
        "baseline-420.jpg", "progressive.jpg", "arithmetic.jpg", "restart-markers.jpg", "cmyk-adobe.jpg",
        "exif-gps-icc.jpg", "rgb-8-interlaced.png", "palette-trns.png", "rgba-16-interlaced.png", "iccp-exif.png",
    ]

    @Test("every cut of a valid file is refused as truncated", arguments: sources)
    func everyPrefixIsTruncated(name: String) throws {
        let whole = try Fixtures.bytes("valid/" + name)
        let signature = whole.starts(with: [0xFF, 0xD8]) ? 2 : 4
        for length in 0..<whole.count {
            let cut = Array(whole.prefix(length))
            let error = try #require(throws: ProfileImageError.self, "\(name) cut to \(length) bytes") {
                try ImageDecoder().validate(cut)
            }
            let expected: ProfileImageError.Code = length == 0 ? .emptyFile : length < signature ? .notAnImage : .truncated
            #expect(error.code == expected, "\(name) cut to \(length) bytes: \(error.reason)")
        }
    }

    @Test("flipped bytes give a verdict, never a crash", arguments: sources)
    func flippedBytes(name: String) throws {
        let whole = try Fixtures.bytes("valid/" + name)
        var random = SplitMix64(seed: UInt64(name.utf8.count) &* 0x9E37_79B9)
        var refused = 0
        for _ in 0..<300 {
            var damaged = whole
            for _ in 0..<Int(random.next() % 3 + 1) {
                let at = Int(random.next() % UInt64(damaged.count))
                damaged[at] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            }
            do {
                let image = try ImageDecoder().decode(damaged)
                #expect(image.pixels.bytes.count == image.pixels.width * image.pixels.height * image.pixels.layout.channels)
            } catch let error as ProfileImageError {
                #expect(error.isInvalidImage, "\(error)")
                refused += 1
            }
        }
        // Most single flips in a small file hit entropy data, a checksum or a header field.
        #expect(refused > 0)
    }

    @Test("a flip anywhere in a PNG is caught by a CRC or Adler-32 check")
    func pngFlipsAlwaysCaught() throws {
        let whole = try Fixtures.bytes("valid/rgb-8.png")
        for at in 8..<whole.count {
            var damaged = whole
            damaged[at] ^= 0x10
            #expect(throws: ProfileImageError.self, "flip at \(at)") { try ImageDecoder().validate(damaged) }
        }
    }
}

/// A small deterministic generator, so that failures reproduce.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
