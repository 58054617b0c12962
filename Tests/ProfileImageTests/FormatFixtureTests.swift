import Testing

@testable import ProfileImage

@Suite("WebP, HEIC, AVIF, GIF, TIFF and BMP: validated as strictly as JPEG and PNG")
struct FormatFixtureTests {
    static let names = Fixtures.names(in: "formats").filter { $0 != "formats.json" }
    static let valid = names.filter { Fixtures.formats.valid[$0] != nil }
    static let invalid = names.filter { Fixtures.formats.invalid[$0] != nil }

    @Test("every format fixture is in formats.json, and every new format has valid and damaged ones")
    func manifestCoversFixtures() {
        #expect(Set(Self.names) == Set(Fixtures.formats.valid.keys).union(Fixtures.formats.invalid.keys))
        for format in [ImageFormat.webp, .heic, .avif, .gif, .tiff, .bmp] {
            #expect(Fixtures.formats.valid.values.contains { $0.format == format.rawValue }, "\(format)")
            let damaged = Fixtures.formats.invalid.values.filter { $0.format == format.rawValue }.map(\.code)
            #expect(damaged.contains("truncated"), "\(format)")
            #expect(damaged.contains("corruptData"), "\(format)")
        }
    }

    @Test(arguments: valid)
    func decodesUprightSizeAndPixels(name: String) throws {
        let expected = try #require(Fixtures.formats.valid[name])
        let bytes = try Fixtures.bytes("formats/" + name)
        let image = try ImageDecoder().decode(bytes)
        #expect(image.info.format.rawValue == expected.format)
        #expect(image.info.width == expected.width && image.info.height == expected.height)
        #expect(image.pixels.width == expected.width && image.pixels.height == expected.height)
        #expect("\(image.pixels.layout)" == expected.layout)
        #expect(image.info.orientation.rawValue == expected.orientation ?? 1)
        let upright = image.pixels.oriented(image.info.orientation)
        for sample in expected.samples {
            let actual = upright.at(sample.x, sample.y).map(Int.init)
            let close = zip(actual, sample.value).allSatisfy { abs($0 - $1) <= expected.tolerance }
            #expect(
                actual.count == sample.value.count && close,
                "\(name): upright pixel (\(sample.x), \(sample.y)) is \(actual), expected \(sample.value) ± \(expected.tolerance)")
        }
    }

    @Test(arguments: valid)
    func validatesAndSaysWhichFrameIsUsed(name: String) throws {
        let expected = try #require(Fixtures.formats.valid[name])
        let bytes = try Fixtures.bytes("formats/" + name)
        let info = try ImageDecoder().validate(bytes)
        #expect(info.frameCount == expected.frames ?? 1, "\(name)")
        #expect(info.warnings.count == expected.warnings ?? 0, "\(name): \(info.warnings)")
        if let hasAlpha = expected.hasAlpha { #expect(info.hasAlpha == hasAlpha) }
        if let colorModel = expected.colorModel { #expect(info.colorModel.rawValue == colorModel) }
        if let iccLength = expected.iccLength { #expect(info.iccProfile?.count == iccLength) }
        let header = try ImageDecoder().info(bytes)
        #expect(header.width == info.width && header.height == info.height && header.orientation == info.orientation)
    }

    @Test(arguments: invalid)
    func damagedFilesAreRefusedWithTheirCode(name: String) throws {
        let expected = try #require(Fixtures.formats.invalid[name])
        let bytes = try Fixtures.bytes("formats/" + name)
        for run in [{ try ImageDecoder().validate(bytes) }, { try ImageDecoder().decode(bytes).info }] {
            let error = try #require(throws: ProfileImageError.self) { _ = try run() }
            #expect(error.code.rawValue == expected.code, "\(name): \(error.reason)")
            #expect(error.format?.rawValue == expected.format)
            #expect(error.message == ProfileImageError.invalidImageMessage)
            #expect(error.reason.hasPrefix(try #require(error.format).displayName + ": "), "\(error.reason)")
            #expect(!error.reason.contains("\n"))
        }
    }

    @Test("a phone HEIC (irot and EXIF orientation 6) comes out upright, turned once and not twice")
    func phoneHEICIsUpright() throws {
        let bytes = try Fixtures.bytes("formats/heic-phone-orientation-6.heic")
        let info = try ImageDecoder().info(bytes)
        // The EXIF still says 6; libheif has applied the irot, so nothing more is applied.
        #expect(try #require(info.exif).isEmpty == false)
        #expect(ExifParser.orientation(inTIFF: try #require(info.exif)) == .right)
        #expect(info.orientation == .up)
        #expect((info.width, info.height) == (48, 64))
        let result = try ProfileImagePipeline().process(bytes)
        #expect((result.image.width, result.image.height) == (48, 64))
        let image = try ImageDecoder().decode(result.image.bytes).pixels
        // Red top left, green top right, blue bottom left, white bottom right, as drawn upright.
        let expected: [(Int, Int, [Int])] = [(12, 16, [255, 0, 0]), (36, 16, [0, 255, 0]), (12, 48, [0, 0, 255]), (36, 48, [255, 255, 255])]
        for (x, y, colour) in expected {
            let actual = image.at(x, y).map(Int.init)
            #expect(zip(actual, colour).allSatisfy { abs($0 - $1) <= 40 }, "(\(x), \(y)) is \(actual), expected \(colour)")
        }
        // EXIF kept on request says 1: the output is upright, and a viewer must not turn it.
        let kept = try ProfileImagePipeline(configuration: .init(keepMetadata: true)).process(bytes)
        let keptInfo = try ImageDecoder().info(kept.image.bytes)
        #expect(keptInfo.exif != nil)
        #expect(keptInfo.orientation == .up)
        #expect((keptInfo.width, keptInfo.height) == (48, 64))
    }

    @Test("the GIF bomb is refused from its logical screen, before any pixel memory")
    func bombIsRefusedFromTheHeader() throws {
        let error = try #require(throws: ProfileImageError.self) {
            try ImageDecoder().info(try Fixtures.bytes("formats/gif-bomb-65535x65535.gif"))
        }
        #expect(error.code == .dimensionsTooLarge)
        #expect(error.reason.contains("65535x65535"))
    }

    @Test("a truncated HEIC names the box that runs past the end")
    func truncatedHEICNamesTheBox() throws {
        let error = try #require(throws: ProfileImageError.self) {
            try ImageDecoder().validate(try Fixtures.bytes("formats/heic-truncated.heic"))
        }
        #expect(error.reason.contains("'mdat' box"), "\(error.reason)")
        #expect(error.offset == 478)
    }
}
