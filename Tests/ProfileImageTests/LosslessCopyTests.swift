import Testing

@testable import ProfileImage

/// When `image` would be the JPEG unchanged, the pipeline writes the source's own coefficients
/// again: exactly its pixels, none of its metadata.
@Suite("Lossless copy of JPEGs that need no change")
struct LosslessCopyTests {
    /// A 300x200 photo-like JPEG at `quality`, 4:4:4, with an EXIF block to strip.
    static func source(quality: Int, orientation: Int = 1, progressive: Bool = false) throws -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: 300 * 200 * 3)
        for y in 0..<200 {
            for x in 0..<300 {
                let i = (y * 300 + x) * 3
                pixels[i] = UInt8((x * 255) / 299)
                pixels[i + 1] = UInt8((y * 255) / 199)
                pixels[i + 2] = UInt8(((x ^ y) & 0x3F) * 4)
            }
        }
        let exif = ExifParserTests.tiff(bigEndian: true, value: UInt16(orientation))
        return try ImageEncoder.jpeg(
            try PixelBuffer(width: 300, height: 200, layout: .rgb, bytes: pixels),
            options: JPEGEncodingOptions(quality: quality, subsampling: .s444, progressive: progressive), exif: exif)
    }

    @Test("the quality estimate reads back the IJG quality a file was written at", arguments: [30, 50, 75, 85, 90, 95, 100])
    func estimate(quality: Int) throws {
        #expect(try ImageDecoder().info(try Self.source(quality: quality)).estimatedQuality == quality)
    }

    @Test("an unchanged JPEG at or below the configured quality is copied: its own pixels, no EXIF", arguments: [
        (75, false), (85, false), (60, true),
    ])
    func copied(quality: Int, progressive: Bool) throws {
        let bytes = try Self.source(quality: quality, progressive: progressive)
        let result = try ProfileImagePipeline().process(bytes)
        #expect(result.image.isLosslessCopy)
        #expect(result.image.quality == quality)
        #expect(!result.croppedImage.isLosslessCopy)
        let decoder = ImageDecoder()
        let same = try decoder.decode(result.image.bytes).pixels == decoder.decode(bytes).pixels
        #expect(same, "the copy decodes to the source's pixels exactly")
        let markers = EncodedFileInspection.jpegMarkers(result.image.bytes)
        #expect(!markers.contains(0xE1) && !markers.contains(0xFE), "no EXIF, no comment: \(markers)")
        #expect(try decoder.info(bytes).exif != nil)
        #expect(result.croppedImage.width == 200 && result.croppedImage.height == 200)
    }

    @Test("slack that hides a segment (FF 00 and a would-be length before an APP1) is skipped as libjpeg skips it; such a file is re-encoded")
    func smuggledSegment() throws {
        let clean = try Self.source(quality: 80)
        let hidden: [UInt8] = [0xFF, 0x00, 0x00, 0x0E, 0xFF, 0xE1, 0x00, 0x0A] + Array("GPSXXXXX".utf8)
        let bytes = [0xFF, 0xD8] + hidden + clean.dropFirst(2)
        let info = try ImageDecoder().info(bytes)
        #expect(!info.warnings.isEmpty, "libjpeg reports the slack")
        let walked = try #require(JPEGSegmentCopy.stripped(bytes, keepingICCProfile: false))
        #expect(walked.firstRange(of: Array("GPSX".utf8)) == nil, "the walk does not read FF 00 as a segment")
        let result = try ProfileImagePipeline().process(bytes)
        #expect(!result.image.isLosslessCopy, "only pristine files are copied")
        #expect(result.image.bytes.firstRange(of: Array("GPSX".utf8)) == nil)
    }

    @Test("under the tolerant policy, damage the decoder recovered from is never copied out")
    func tolerantDamage() throws {
        var configuration = ProfileImagePipeline.Configuration()
        configuration.decoding.policy = .tolerant
        let bytes = try Fixtures.bytes("invalid/garbage-in-scan-data.jpg")
        let result = try ProfileImagePipeline(configuration: configuration).process(bytes)
        #expect(!result.image.isLosslessCopy)
        #expect(try ImageDecoder().validate(result.image.bytes).format == .jpeg, "the output passes strict validation")
    }

    @Test("anything that changes the picture, or asks for more, is encoded as before")
    func notCopied() throws {
        let q95 = try Self.source(quality: 95)
        #expect(!(try ProfileImagePipeline().process(q95).image.isLosslessCopy), "above the configured quality")
        let rotated = try Self.source(quality: 75, orientation: 6)
        #expect(!(try ProfileImagePipeline().process(rotated).image.isLosslessCopy), "needs rotating")
        let q75 = try Self.source(quality: 75)
        for configure: (inout ProfileImagePipeline.Configuration) -> Void in [
            { $0.copiesUnchangedJPEG = false }, { $0.keepMetadata = true }, { $0.maxSide = 299 }, { $0.format = .png },
            { $0.jpeg.quality = 70 },
        ] {
            var configuration = ProfileImagePipeline.Configuration()
            configure(&configuration)
            #expect(!(try ProfileImagePipeline(configuration: configuration).process(q75).image.isLosslessCopy))
        }
        #expect(!(try ProfileImagePipeline().process(try Fixtures.bytes("valid/cmyk-adobe.jpg")).image.isLosslessCopy))
        // A budget the copy does not fit: re-encoded to fit instead.
        let copySize = try ProfileImagePipeline().process(q75).image.bytes.count
        var budgeted = ProfileImagePipeline.Configuration()
        budgeted.maxBytes = copySize - 1
        let fitted = try ProfileImagePipeline(configuration: budgeted).process(q75)
        #expect(!fitted.image.isLosslessCopy && fitted.image.bytes.count < copySize)
    }

    @Test("damage is refused with the validation code on the copy path too", arguments: InvalidFixtureTests.names.filter { $0.hasSuffix(".jpg") })
    func damage(name: String) throws {
        let expected = try #require(InvalidFixtureTests.expectations[name])
        let bytes = try Fixtures.bytes("invalid/" + name)
        let error = try #require(throws: ProfileImageError.self) { try ProfileImagePipeline().process(bytes) }
        #expect(error.code == expected, "\(name): \(error.reason)")
    }

    @Test("the segment copy of every valid fixture JPEG decodes to the same pixels, with no metadata and no slack",
          arguments: Fixtures.names(in: "valid").filter { $0.hasSuffix(".jpg") })
    func segmentCopy(name: String) throws {
        let bytes = try Fixtures.bytes("valid/" + name)
        guard try ImageDecoder().info(bytes).format == .jpeg else { return }  // png-named-as.jpg
        for keepICC in [false, true] {
            let copy = try #require(JPEGSegmentCopy.stripped(bytes, keepingICCProfile: keepICC), "\(name)")
            let decoder = ImageDecoder()
            let same = try decoder.decode(copy).pixels == decoder.decode(bytes).pixels
            #expect(same, "\(name)")
            let info = try decoder.validate(copy)
            #expect(info.warnings.isEmpty, "\(name): \(info.warnings)")
            #expect(info.exif == nil, "\(name)")
            let sourceHasICC = try decoder.info(bytes).iccProfile != nil
            #expect((info.iccProfile != nil) == (keepICC && sourceHasICC), "\(name)")
            let markers = EncodedFileInspection.jpegMarkers(copy)
            let allowed: Set<UInt8> = [0xE0, 0xE2, 0xEE, 0xDB, 0xC4, 0xDD, 0xCC, 0xC0, 0xC1, 0xC2, 0xC9, 0xCA, 0xDA]
            #expect(markers.allSatisfy(allowed.contains), "\(name): \(markers.map { String($0, radix: 16) })")
        }
    }
}
