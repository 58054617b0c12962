import Testing

@testable import ProfileImage

/// The pipeline resamples a JPEG's or a non-interlaced PNG's rows as the codec decodes them,
/// through a window of a few rows. That must give exactly the bytes of decoding the whole picture
/// and resampling it (premultiplied, for RGBA), and must not let damage below the rows the output
/// reads go unnoticed.
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
            var full = try decoder.decode(bytes, scale: scale)
            full.pixels.premultiply()
            for shape in Self.shapes {
                let (x, y, w, h) = shape.region
                let region = PixelRegion(
                    x: x * Double(full.pixels.width), y: y * Double(full.pixels.height),
                    width: w * Double(full.pixels.width), height: h * Double(full.pixels.height))
                let width = max(1, Int((region.width * shape.factor).rounded()))
                let height = max(1, Int((region.height * shape.factor).rounded()))
                let streamed = try decoder.run(bytes, depth: .resampled(scale, region: region, width: width, height: height))
                let expected = try full.pixels.resampled(width: width, height: height, from: region)
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

    @Test(
        "flipped and cut files: the same verdict, and the same pixels when accepted",
        arguments: RobustnessTests.sources.filter { $0.hasSuffix(".jpg") })
    func damagedFilesAgree(name: String) throws {
        let whole = try Fixtures.bytes("valid/" + name)
        var random = SplitMix64(seed: UInt64(name.utf8.count) &* 0x5851_F42D)
        var variants: [[UInt8]] = (0..<150).map { _ in
            var damaged = whole
            for _ in 0..<Int(random.next() % 3 + 1) {
                damaged[Int(random.next() % UInt64(damaged.count))] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            }
            return damaged
        }
        variants += stride(from: 3, to: whole.count, by: max(1, whole.count / 40)).map { Array(whole.prefix($0)) }
        var (accepted, refused) = (0, 0)
        for tolerant in [false, true] {
            let decoder = ImageDecoder(options: DecodingOptions(policy: tolerant ? .tolerant : .strict))
            for damaged in variants {
                let full: DecodedImage
                do {
                    full = try decoder.decode(damaged, scale: .half)
                } catch let error as ProfileImageError {
                    // Any region will do: the file must be refused before it matters.
                    let depth = DecodeDepth.resampled(.half, region: PixelRegion(x: 0, y: 0, width: 1, height: 1), width: 1, height: 1)
                    let streamed = try #require(throws: ProfileImageError.self) { try decoder.run(damaged, depth: depth) }
                    #expect(streamed.code == error.code, "\(streamed.reason) vs \(error.reason)")
                    refused += 1
                    continue
                }
                let region = PixelRegion(x: 0, y: 0, width: Double(full.pixels.width), height: Double(full.pixels.height))
                let width = max(1, full.pixels.width / 3)
                let height = max(1, full.pixels.height / 3)
                let streamed = try decoder.run(damaged, depth: .resampled(.half, region: region, width: width, height: height))
                let same = try streamed.pixels == full.pixels.resampled(width: width, height: height, from: region)
                #expect(same)
                #expect(streamed.recoveredDamage == full.recoveredDamage)
                accepted += 1
            }
        }
        // Both verdicts are exercised: flips in entropy data pass under the tolerant policy.
        #expect(accepted > 0 && refused > 0, "accepted \(accepted), refused \(refused)")
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
        let expected = try full.resampled(width: decoded.pixels.width, height: decoded.pixels.height, from: PixelRegion(
            x: 0, y: 0, width: Double(info.width) * Double(result.decodeScale.eighths) / 8,
            height: Double(info.height) * Double(result.decodeScale.eighths) / 8))
        let reencoded = try ImageEncoder.jpeg(expected, options: configuration.jpeg, iccProfile: nil, exif: nil)
        let same = result.image.bytes == reencoded
        #expect(same)
    }
}
