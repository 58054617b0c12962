import Testing

@testable import ProfileImage

/// A non-interlaced PNG is resampled as libpng delivers its rows; an interlaced one is decoded
/// whole. Both must give the same outputs, and opaque grey stays one channel.
@Suite("PNG rows streamed through the resampler")
struct PNGStreamingTests {
    /// Small outputs, so that the 70x46 fixtures are resampled and so take the streamed path.
    static func pipeline(_ format: OutputFormat) -> ProfileImagePipeline {
        ProfileImagePipeline(configuration: .init(maxSide: 32, croppedSize: 16, format: format))
    }

    @Test(
        "interlaced (decoded whole) and not (streamed): the same bytes out, as JPEG and as PNG",
        arguments: [
            ("gray-8.png", "gray-8-interlaced.png"), ("gray-1.png", "gray-1-interlaced.png"),
            ("rgb-8.png", "rgb-8-interlaced.png"), ("palette-4.png", "palette-4-interlaced.png"),
            ("rgba-8.png", "rgba-16-interlaced.png"),
        ], [OutputFormat.jpeg, .png])
    func interlacedAgrees(pair: (String, String), format: OutputFormat) throws {
        let streamed = try Self.pipeline(format).process(try Fixtures.bytes("valid/" + pair.0))
        let whole = try Self.pipeline(format).process(try Fixtures.bytes("valid/" + pair.1))
        #expect(streamed.image.bytes == whole.image.bytes, "\(pair.0) image")
        #expect(streamed.croppedImage.bytes == whole.croppedImage.bytes, "\(pair.0) cropped_image")
        #expect(streamed.image.width == 32 && streamed.croppedImage.width == 16)
    }

    @Test("opaque grey PNGs decode to one channel and give grey outputs; grey with alpha or tRNS gives RGBA")
    func greyStaysGrey() throws {
        for name in ["gray-1.png", "gray-8.png", "gray-16.png", "gray-8-interlaced.png"] {
            let bytes = try Fixtures.bytes("valid/" + name)
            #expect(try ImageDecoder().decode(bytes).pixels.layout == .gray, "\(name)")
            for format in [OutputFormat.jpeg, .png] {
                let result = try Self.pipeline(format).process(bytes)
                for output in [result.image, result.croppedImage] {
                    #expect(try ImageDecoder().decode(output.bytes).pixels.layout == .gray, "\(name) as \(format)")
                }
            }
        }
        for name in ["gray-alpha-8.png", "gray-trns.png"] {
            #expect(try ImageDecoder().decode(try Fixtures.bytes("valid/" + name)).pixels.layout == .rgba, "\(name)")
        }
    }

    @Test("transparency in the last row only is seen, though no output row reads it")
    func transparencyBelowTheOutput() throws {
        let (width, height) = (40, 120)
        var rgba = [UInt8](repeating: 255, count: width * height * 4)
        rgba[(height - 1) * width * 4 + 3] = 0  // one transparent pixel, bottom-left
        let png = try ImageEncoder.png(try PixelBuffer(width: width, height: height, layout: .rgba, bytes: rgba))
        let top = DecodeDepth.resampled(.full, region: PixelRegion(x: 0, y: 0, width: 4, height: 4), width: 2, height: 2)
        #expect(try ImageDecoder().run(png, depth: top).sawTransparency)
        let opaque = try ImageEncoder.png(
            try PixelBuffer(width: width, height: height, layout: .rgba, bytes: [UInt8](repeating: 255, count: rgba.count)))
        #expect(try !ImageDecoder().run(opaque, depth: top).sawTransparency)
        // The automatic format keeps the transparency, streamed or not.
        #expect(try Self.pipeline(.auto).process(png).image.format == .png)
        #expect(try Self.pipeline(.auto).process(opaque).image.format == .jpeg)
    }
}
