import Testing

@testable import ProfileImage

@Suite("Every accepted format comes out as JPEG or PNG, upright, by the same rules")
struct FormatPipelineTests {
    static let valid = FormatFixtureTests.valid

    @Test(arguments: valid)
    func processMakesUprightOutputsOfTheRightFormat(name: String) throws {
        let expected = try #require(Fixtures.formats.valid[name])
        let bytes = try Fixtures.bytes("formats/" + name)
        let result = try ProfileImagePipeline().process(bytes)
        let info = try ImageDecoder().info(bytes)
        // Small fixtures: nothing to shrink; the image output is the upright picture.
        #expect((result.image.width, result.image.height) == (info.orientedWidth, info.orientedHeight))
        let side = min(info.orientedWidth, info.orientedHeight)
        #expect((result.croppedImage.width, result.croppedImage.height) == (side, side))
        // As for PNG: PNG output only for real transparency, JPEG otherwise.
        let transparent = expected.samples.contains { $0.value.count == 4 && $0.value[3] < 255 }
        #expect(result.image.format == (transparent ? .png : .jpeg), "\(name)")
        #expect(result.croppedImage.format == result.image.format)
        let output = try ImageDecoder().decode(result.image.bytes).pixels
        for sample in expected.samples where sample.value.count != 4 || sample.value[3] == 255 {
            // Colour or grey as the source is (a grey source gives a grey output).
            let actual = output.at(sample.x, sample.y).prefix(min(3, sample.value.count)).map(Int.init)
            #expect(actual.count == min(3, sample.value.count), "\(name): \(output.layout)")
            // The output's own JPEG coding adds to the source's tolerance.
            let tolerance = expected.tolerance + (result.image.format == .jpeg ? 12 : 0)
            let close = zip(actual, sample.value.prefix(3)).allSatisfy { abs($0 - $1) <= tolerance }
            #expect(close, "\(name): output pixel (\(sample.x), \(sample.y)) is \(actual), expected \(sample.value)")
        }
    }

    @Test("an animation's or a multi-page file's first frame is what the outputs show")
    func firstFrameIsUsed() throws {
        for name in ["gif-animated.gif", "webp-animated.webp", "tiff-multipage.tiff", "avif-animated.avif"] {
            let output = try ImageDecoder().decode(try ProfileImagePipeline().process(try Fixtures.bytes("formats/" + name)).image.bytes)
            // The first frame is red top left; the second white there.
            let pixel = output.pixels.at(5, 5).map(Int.init)
            #expect(pixel.count == 3 && pixel[0] > 200 && pixel[1] < 60 && pixel[2] < 60, "\(name): \(pixel)")
        }
    }

    @Test("ICC profiles of WebP and TIFF go through the colour policy as PNG's do", arguments: ["webp-display-p3.webp", "tiff-display-p3.tiff"])
    func profilesAreConverted(name: String) throws {
        let pipeline = ProfileImagePipeline(configuration: .init(format: .png))
        let png = try pipeline.process(try Fixtures.bytes("colour/display-p3.png"))
        let other = try pipeline.process(try Fixtures.bytes("formats/" + name))
        #expect(other.colour.action == .convertedToSRGB)
        #expect(other.colour.profile == png.colour.profile)
        // Lossless files of the same pixels and profile: the same outputs.
        let a = try ImageDecoder().decode(png.image.bytes).pixels
        let b = try ImageDecoder().decode(other.image.bytes).pixels
        #expect(a.width == b.width && a.height == b.height)
        #expect(zip(a.bytes, b.bytes).allSatisfy { abs(Int($0) - Int($1)) <= 1 })
    }

    @Test("a CMYK TIFF becomes RGB, and says its profile would not be applied only when it has one")
    func cmykTIFF() throws {
        let result = try ProfileImagePipeline().process(try Fixtures.bytes("formats/tiff-cmyk.tiff"))
        #expect(result.colour.action == .untagged)
        let pixel = try ImageDecoder().decode(result.image.bytes).pixels.at(5, 5).map(Int.init)
        #expect(pixel.count == 3 && pixel[0] > 230 && pixel[1] < 30 && pixel[2] < 30, "\(pixel)")
        #expect(!result.source.warnings.contains { $0.contains("ICC profile") }, "\(result.source.warnings)")
        let profiled = try ProfileImagePipeline().process(try Fixtures.bytes("formats/tiff-cmyk-profiled.tiff"))
        let said = "TIFF: CMYK converted to RGB by the naive formula; its ICC profile is not applied"
        #expect(
            profiled.source.warnings.count == 1 && profiled.source.warnings[0].hasPrefix(said), "\(profiled.source.warnings)")
    }
}

@Suite("DecodingOptions.acceptedFormats narrows what is taken")
struct AcceptedFormatsTests {
    static let newFormats: [ImageFormat] = [.webp, .heic, .avif, .gif, .tiff, .bmp]

    @Test("by default every decodable format is accepted")
    func defaultAcceptsAll() {
        #expect(DecodingOptions().acceptedFormats == Set(ImageFormat.decodable))
        #expect(ImageFormat.decodable.count == 8)
        #expect(ImageFormat.decodable.allSatisfy { $0.isSupported })
        #expect(![ImageFormat.jpegXL, .svg, .psd, .ico, .jpeg2000].contains { $0.isSupported })
    }

    @Test(arguments: newFormats)
    func jpegAndPNGOnlyRefusesTheRest(format: ImageFormat) throws {
        let decoder = ImageDecoder(options: DecodingOptions(acceptedFormats: [.jpeg, .png]))
        let names = FormatFixtureTests.valid.filter { Fixtures.formats.valid[$0]?.format == format.rawValue }
        #expect(!names.isEmpty)
        for name in names {
            let bytes = try Fixtures.bytes("formats/" + name)
            for run in [{ _ = try decoder.validate(bytes) }, { _ = try decoder.info(bytes) }] {
                let error = try #require(throws: ProfileImageError.self) { try run() }
                #expect(error.code == .formatNotAccepted)
                #expect(error.isInvalidImage)
                #expect(error.format == format)
                #expect(error.reason == "\(format.displayName) images are not accepted here: only JPEG, PNG")
            }
            // A damaged file of a refused format is refused the same way: its decoder never runs.
            let cut = Array(bytes.prefix(bytes.count / 2))
            #expect(throws: ProfileImageError.self) { try decoder.validate(cut) }
            #expect((try? decoder.validate(cut)) == nil)
        }
        #expect(try decoder.validate(try Fixtures.bytes("valid/rgb-8.png")).format == .png)
    }

    @Test(arguments: newFormats)
    func oneFormatAlone(format: ImageFormat) throws {
        let configuration = ProfileImagePipeline.Configuration(decoding: DecodingOptions(acceptedFormats: [format]))
        let name = try #require(FormatFixtureTests.valid.first { Fixtures.formats.valid[$0]?.format == format.rawValue })
        #expect(try ProfileImagePipeline(configuration: configuration).process(try Fixtures.bytes("formats/" + name)).image.width > 0)
        let error = try #require(throws: ProfileImageError.self) {
            try ProfileImagePipeline(configuration: configuration).process(try Fixtures.bytes("valid/baseline-420.jpg"))
        }
        #expect(error.code == .formatNotAccepted)
        #expect(error.reason == "JPEG images are not accepted here: only \(format.displayName)")
    }

    /// `heic-quadrants.heic` with its ftyp brands rewritten to `avif`: HEVC inside a file that
    /// says AVIF.
    static func hevcBrandedAVIF() throws -> [UInt8] {
        var bytes = try Fixtures.bytes("formats/heic-quadrants.heic")
        let size = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        for brand in stride(from: 8, to: size, by: 4) where brand != 12 { bytes[brand..<brand + 4] = Array("avif".utf8)[...] }
        return bytes
    }

    @Test("what decodes the pixels is what was accepted: HEVC in a file branded AVIF is refused where only AVIF is taken")
    func codecFollowsTheAcceptedFormat() throws {
        let bytes = try Self.hevcBrandedAVIF()
        let onlyAVIF = ImageDecoder(options: DecodingOptions(acceptedFormats: [.avif]))
        let error = try #require(throws: ProfileImageError.self) { try onlyAVIF.validate(bytes) }
        #expect(error.code == .unsupportedFormat)
        #expect(error.format == .avif)
        #expect(error.reason.contains("'hvc1'") && error.reason.contains("HEIC is not accepted"), "\(error.reason)")
        // Accepting both, the same file is a picture.
        let both = ImageDecoder(options: DecodingOptions(acceptedFormats: [.heic, .avif]))
        #expect(try both.decode(bytes).info.width == 64)
        // And a true AVIF is taken where only AVIF is.
        #expect(try onlyAVIF.validate(try Fixtures.bytes("formats/avif-quadrants.avif")).format == .avif)
    }

    @Test("formats no decoder reads stay unsupportedFormat, whatever is accepted")
    func undecodableFormats() throws {
        let error = try #require(throws: ProfileImageError.self) {
            try ImageDecoder().validate(try Fixtures.bytes("invalid/image.jxl"))
        }
        #expect(error.code == .unsupportedFormat)
        #expect(error.reason.contains("only JPEG, PNG, WebP, HEIC/HEIF, AVIF, GIF, TIFF, BMP"))
    }
}
