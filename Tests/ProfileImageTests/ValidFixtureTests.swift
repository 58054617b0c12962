import Testing

@testable import ProfileImage

@Suite("Valid fixtures decode to what the generator drew")
struct ValidFixtureTests {
    static let names = Fixtures.names(in: "valid")

    @Test("every valid fixture is described by the manifest")
    func manifestCoversFixtures() {
        #expect(Set(Self.names) == Set(Fixtures.manifest.valid.keys))
        #expect(Self.names.count >= 50)
    }

    @Test(arguments: names)
    func decodesSizeAndPixels(name: String) throws {
        let expected = try #require(Fixtures.manifest.valid[name])
        let bytes = try Fixtures.bytes("valid/" + name)
        let image = try ImageDecoder().decode(bytes)
        #expect(image.info.format.rawValue == expected.format)
        #expect(image.info.width == expected.width)
        #expect(image.info.height == expected.height)
        #expect(image.pixels.width == expected.width)
        #expect(image.pixels.height == expected.height)
        #expect("\(image.pixels.layout)" == expected.layout)
        #expect(image.pixels.bytes.count == expected.width * expected.height * image.pixels.layout.channels)
        #expect(image.recoveredDamage == nil)
        for sample in expected.samples {
            let actual = image.pixels.at(sample.x, sample.y).map(Int.init)
            let close = zip(actual, sample.value).allSatisfy { abs($0 - $1) <= expected.tolerance }
            #expect(
                actual.count == sample.value.count && close,
                "pixel (\(sample.x), \(sample.y)) is \(actual), expected \(sample.value) ± \(expected.tolerance)")
        }
    }

    @Test(arguments: names)
    func headerDescribesTheFile(name: String) throws {
        let expected = try #require(Fixtures.manifest.valid[name])
        let info = try ImageDecoder().info(try Fixtures.bytes("valid/" + name))
        #expect(info.width == expected.width && info.height == expected.height)
        if let subsampling = expected.subsampling { #expect(info.chromaSubsampling == subsampling) }
        if let progressive = expected.progressive { #expect(info.isProgressive == progressive) }
        if let arithmetic = expected.arithmetic { #expect(info.isArithmeticCoded == arithmetic) }
        if let colorModel = expected.colorModel { #expect(info.colorModel.rawValue == colorModel) }
        if let orientation = expected.orientation { #expect(info.orientation.rawValue == orientation) }
        if let iccLength = expected.iccLength { #expect(info.iccProfile?.count == iccLength) }
        if let iccCRC32 = expected.iccCRC32 { #expect(info.iccProfile.map(CRC32.checksum) == iccCRC32) }
        if let hasExif = expected.hasExif { #expect((info.exif != nil) == hasExif) }
        if let bitDepth = expected.bitDepth { #expect(info.bitDepth == bitDepth) }
        if let hasAlpha = expected.hasAlpha { #expect(info.hasAlpha == hasAlpha) }
    }

    @Test(arguments: names)
    func validatesAsIntact(name: String) throws {
        let bytes = try Fixtures.bytes("valid/" + name)
        let info = try ImageDecoder().validate(bytes)
        #expect(info == (try ImageDecoder().info(bytes)))
        let expected = try #require(Fixtures.manifest.valid[name])
        #expect(info.warnings.count == expected.warnings ?? 0, "\(info.warnings)")
        if let reference = expected.samePixelsAs {
            let pixels = try ImageDecoder().decode(bytes).pixels
            #expect(pixels == (try ImageDecoder().decode(try Fixtures.bytes("valid/" + reference)).pixels))
        }
    }

    @Test("the format comes from the content, never the file name")
    func formatFromContent() throws {
        #expect(try ImageDecoder().info(try Fixtures.bytes("valid/jpeg-named-as.png")).format == .jpeg)
        #expect(try ImageDecoder().info(try Fixtures.bytes("valid/png-named-as.jpg")).format == .png)
    }
}
