import Testing

@testable import ProfileImage

@Suite("Decompression-bomb limits")
struct DecodingLimitsTests {
    @Test(
        "each limit refuses an image just over it and accepts one at it",
        arguments: [
            (DecodingOptions.Limits(maxWidth: 69), false), (DecodingOptions.Limits(maxWidth: 70), true),
            (DecodingOptions.Limits(maxHeight: 45), false), (DecodingOptions.Limits(maxHeight: 46), true),
            (DecodingOptions.Limits(maxPixels: 70 * 46 - 1), false), (DecodingOptions.Limits(maxPixels: 70 * 46), true),
        ])
    func limits(limits: DecodingOptions.Limits, accepted: Bool) throws {
        let decoder = ImageDecoder(options: DecodingOptions(limits: limits))
        for name in ["baseline-420.jpg", "rgb-8.png"] {
            let bytes = try Fixtures.bytes("valid/" + name)
            if accepted {
                #expect(try decoder.validate(bytes).width == 70)
            } else {
                let error = try #require(throws: ProfileImageError.self) { try decoder.decode(bytes) }
                #expect(error.code == .dimensionsTooLarge)
            }
        }
    }

    @Test("the scan limit is configurable, and 0 lifts it")
    func scanLimit() throws {
        let bytes = try Fixtures.bytes("invalid/progressive-569-scans.jpg")
        let unlimited = ImageDecoder(options: DecodingOptions(limits: .init(maxProgressiveScans: 0)))
        #expect(try unlimited.decode(bytes).pixels.width == 16)
        let enough = ImageDecoder(options: DecodingOptions(limits: .init(maxProgressiveScans: 569)))
        #expect(try enough.validate(bytes).isProgressive)
        let tight = ImageDecoder(options: DecodingOptions(limits: .init(maxProgressiveScans: 3)))
        let error = try #require(throws: ProfileImageError.self) {
            try tight.validate(try Fixtures.bytes("valid/progressive.jpg"))
        }
        #expect(error.code == .resourceLimit)
    }

    @Test("the defaults are sharp's pixel limit and JPEG's own maximum side")
    func defaults() {
        let limits = DecodingOptions.Limits()
        #expect(limits.maxPixels == 0x3FFF * 0x3FFF)
        #expect(limits.maxWidth >= 65_500 && limits.maxHeight >= 65_500)
        #expect(DecodingOptions().policy == .strict)
    }
}
