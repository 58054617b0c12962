import Testing

@testable import ProfileImage

@Suite("Byte budget")
struct ByteBudgetTests {
    static let photo: [UInt8] = {
        // A noisy 600x400 picture: JPEG size depends strongly on quality.
        var random = SplitMix64(seed: 42)
        let bytes = (0..<600 * 400 * 3).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        return try! ImageEncoder.jpeg(try! PixelBuffer(width: 600, height: 400, layout: .rgb, bytes: bytes))
    }()

    @Test("an output over budget is re-encoded at the highest quality that fits")
    func fits() throws {
        let unconstrained = try ProfileImagePipeline().process(Self.photo)
        let budget = unconstrained.image.bytes.count * 2 / 3
        var configuration = ProfileImagePipeline.Configuration()
        configuration.maxBytes = budget
        let result = try ProfileImagePipeline(configuration: configuration).process(Self.photo)
        #expect(result.image.bytes.count <= budget)
        let quality = try #require(result.image.quality)
        #expect(quality < 85 && quality >= 40)
        // One step up no longer fits: the search found the highest quality, not just any.
        let above = try ImageEncoder.jpeg(
            try ImageDecoder().decode(Self.photo).pixels, options: JPEGEncodingOptions(quality: quality + 1, optimizeHuffman: true))
        #expect(above.count > budget)
        #expect(result.croppedImage.bytes.count <= budget)
    }

    @Test("outputs already under budget keep the configured quality")
    func underBudget() throws {
        var configuration = ProfileImagePipeline.Configuration()
        configuration.maxBytes = 10_000_000
        let result = try ProfileImagePipeline(configuration: configuration).process(Self.photo)
        #expect(result.image.quality == 85)
        // Under a budget the optimal Huffman tables are used, whatever the options say.
        var optimized = ProfileImagePipeline.Configuration()
        optimized.jpeg.optimizeHuffman = true
        #expect(result == (try ProfileImagePipeline(configuration: optimized).process(Self.photo)))
        #expect(result.croppedImage != (try ProfileImagePipeline().process(Self.photo)).croppedImage, "the tables differ")
    }

    @Test("a budget no quality can meet is a clear error")
    func unreachable() throws {
        var configuration = ProfileImagePipeline.Configuration()
        configuration.maxBytes = 2_000
        let error = try #require(throws: ProfileImageError.self) {
            try ProfileImagePipeline(configuration: configuration).process(Self.photo)
        }
        #expect(error.code == .budgetUnreachable)
        #expect(error.message.contains("quality 40"))
        #expect(error.message.contains("2000 bytes"))
    }
}
