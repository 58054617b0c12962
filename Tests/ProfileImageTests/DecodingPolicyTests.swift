import Testing

@testable import ProfileImage

@Suite("Strict and tolerant policies")
struct DecodingPolicyTests {
    let tolerant = ImageDecoder(options: DecodingOptions(policy: .tolerant))

    @Test(
        "tolerant accepts JPEG damage libjpeg recovers from, and says what it was",
        arguments: ["truncated-in-scan.jpg", "missing-eoi.jpg", "marker-in-scan-data.jpg", "restart-out-of-order.jpg"])
    func tolerantRecoversJPEG(name: String) throws {
        let bytes = try Fixtures.bytes("invalid/" + name)
        let image = try tolerant.decode(bytes)
        #expect(image.pixels.width == image.info.width)
        let damage = try #require(image.recoveredDamage)
        #expect(damage.hasPrefix("JPEG: "))
        #expect(throws: ProfileImageError.self) { try ImageDecoder().decode(bytes) }
    }

    @Test("tolerant drops an ancillary chunk with a bad CRC but keeps the image")
    func tolerantDropsAncillaryCRC() throws {
        let image = try tolerant.decode(try Fixtures.bytes("invalid/bad-crc-text-after-idat.png"))
        #expect(image.pixels.width == 64)
    }

    @Test(
        "tolerant still refuses what cannot be decoded",
        arguments: [
            ("bad-crc-idat.png", ProfileImageError.Code.badChecksum), ("corrupt-deflate.png", .corruptData),
            ("bad-huffman-table.jpg", .corruptData), ("truncated-in-idat.png", .truncated),
            ("bomb-30000x30000.png", .dimensionsTooLarge),
        ])
    func tolerantStillRefuses(name: String, code: ProfileImageError.Code) throws {
        let bytes = try Fixtures.bytes("invalid/" + name)
        let error = try #require(throws: ProfileImageError.self) { try tolerant.decode(bytes) }
        #expect(error.code == code)
    }
}
