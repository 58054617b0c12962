import Testing

@testable import ProfileImage

/// The pipeline resamples a JPEG's rows as libjpeg decodes them, through a window of a few rows.
/// That must give exactly the bytes of decoding the whole picture and resampling it, and must
/// not let damage below the rows the output reads go unnoticed.
@Suite("Resampling while decoding equals decoding, then resampling")
struct StreamingResampleTests {
    static let names = Fixtures.names(in: "valid")
    static let scales: [JPEGScale] = [.full, .half, .quarter, .eighth]

    /// Regions as fractions of the decoded picture (x, y, width, height) and the output size as
    /// a fraction of the region: the whole picture shrunk, a strong shrink, an off-centre crop,
    /// a crop at the bottom edge, and an enlargement.
    static let shapes: [(region: (Double, Double, Double, Double), factor: Double)] = [
        ((0, 0, 1, 1), 0.5), ((0, 0, 1, 1), 0.13), ((0.2, 0.3, 0.5, 0.4), 0.7), ((0.1, 0.6, 0.9, 0.4), 0.33),
        ((0.25, 0.25, 0.5, 0.5), 1.6),
    ]

    @Test("same bytes for every valid fixture, scale and shape", arguments: names)
    func sameBytes(name: String) throws {
        let bytes = try Fixtures.bytes("valid/" + name)
        let decoder = ImageDecoder()
        for scale in Self.scales {
            let full = try decoder.decode(bytes, scale: scale)
            for shape in Self.shapes {
                let (x, y, w, h) = shape.region
                let region = PixelRegion(
                    x: x * Double(full.pixels.width), y: y * Double(full.pixels.height),
                    width: w * Double(full.pixels.width), height: h * Double(full.pixels.height))
                let width = max(1, Int((region.width * shape.factor).rounded()))
                let height = max(1, Int((region.height * shape.factor).rounded()))
                let streamed = try decoder.run(bytes, depth: .resampled(scale, region: region, width: width, height: height))
                let expected = full.pixels.resampled(width: width, height: height, from: region)
                let same = streamed.pixels == expected  // not in #expect: it would print every byte
                #expect(same, "\(name) at \(scale), \(shape)")
                #expect(streamed.scale == full.scale)
            }
        }
    }

    @Test(
        "damage anywhere is refused with the validation code, even below the rows the output reads",
        arguments: InvalidFixtureTests.names)
    func damageIsFound(name: String) throws {
        let expected = try #require(InvalidFixtureTests.expectations[name])
        let bytes = try Fixtures.bytes("invalid/" + name)
        // One output pixel from the top-left pixel: only the first rows are needed.
        let depth = DecodeDepth.resampled(.full, region: PixelRegion(x: 0, y: 0, width: 1, height: 1), width: 1, height: 1)
        let error = try #require(throws: ProfileImageError.self) { try ImageDecoder().run(bytes, depth: depth) }
        #expect(error.code == expected, "\(name): \(error.reason)")
    }

    @Test("the pipeline's streamed `image` is the whole-picture resample, encoded")
    func pipelineMatchesTheWholePicturePath() throws {
        let bytes = try Fixtures.bytes("valid/progressive.jpg")
        let info = try ImageDecoder().info(bytes)
        var configuration = ProfileImagePipeline.Configuration()
        configuration.maxSide = max(info.width, info.height) / 2
        configuration.croppedSize = min(info.width, info.height) / 5
        let result = try ProfileImagePipeline(configuration: configuration).process(bytes)
        let decoded = try ImageDecoder().decode(result.image.bytes)
        // The whole-picture path, done by hand with the public API.
        let full = try ImageDecoder().decode(bytes, scale: result.decodeScale).pixels
        let expected = full.resampled(width: decoded.pixels.width, height: decoded.pixels.height, from: PixelRegion(
            x: 0, y: 0, width: Double(info.width) * Double(result.decodeScale.eighths) / 8,
            height: Double(info.height) * Double(result.decodeScale.eighths) / 8))
        let reencoded = try ImageEncoder.jpeg(expected, options: configuration.jpeg, iccProfile: nil, exif: nil)
        let same = result.image.bytes == reencoded
        #expect(same)
    }
}
