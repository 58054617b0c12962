import Testing

@testable import ProfileImage

@Suite("What the pipeline writes")
struct PipelineOutputTests {
    func process(_ name: String, _ configure: (inout ProfileImagePipeline.Configuration) -> Void = { _ in }) throws
        -> ProcessedImage
    {
        var configuration = ProfileImagePipeline.Configuration()
        configure(&configuration)
        return try ProfileImagePipeline(configuration: configuration).process(try Fixtures.bytes("valid/" + name))
    }

    func pixel(_ encoded: EncodedImage, _ fx: Double, _ fy: Double) throws -> [Int] {
        let pixels = try ImageDecoder().decode(encoded.bytes).pixels
        return pixels.at(Int(Double(pixels.width) * fx), Int(Double(pixels.height) * fy)).map(Int.init)
    }

    func near(_ a: [Int], _ b: [Int], _ tolerance: Int = 12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test("transparent pixels are flattened onto white in a JPEG, or onto the chosen colour")
    func flattening() throws {
        // rgba-8.png: red opaque, green alpha 200, blue alpha 100, white alpha 0 (top-left...).
        let white = try process("rgba-8.png") { $0.format = .jpeg }
        #expect(white.image.format == .jpeg)
        #expect(near(try pixel(white.image, 0.25, 0.25), [255, 0, 0]))
        #expect(near(try pixel(white.image, 0.75, 0.25), [55, 255, 55]))  // 200/255 green over white
        #expect(near(try pixel(white.image, 0.25, 0.75), [155, 155, 255]))  // 100/255 blue over white
        let black = try process("rgba-8.png") {
            $0.format = .jpeg
            $0.background = .black
        }
        #expect(near(try pixel(black.image, 0.75, 0.25), [0, 200, 0]))
        #expect(near(try pixel(black.image, 0.25, 0.75), [0, 0, 100]))
        #expect(near(try pixel(black.image, 0.75, 0.75), [0, 0, 0]))
    }

    @Test("real transparency makes PNG outputs that keep the alpha; opaque RGBA makes JPEG")
    func automaticFormat() throws {
        let transparent = try process("rgba-8.png")
        #expect(transparent.image.format == .png && transparent.croppedImage.format == .png)
        let decoded = try ImageDecoder().decode(transparent.image.bytes)
        #expect(decoded.pixels.layout == .rgba)
        #expect(decoded.pixels[52, 34] == [255, 255, 255, 0] || decoded.pixels.at(52, 34).last == 0)
        #expect(decoded.pixels[17, 11] == [255, 0, 0, 255])
        #expect(decoded.pixels[52, 11] == [0, 255, 0, 200])
        let opaque = try process("rgb-8.png")
        #expect(opaque.image.format == .jpeg)
        let forced = try process("rgb-8.png") { $0.format = .png }
        #expect(forced.image.format == .png)
        #expect(try ImageDecoder().decode(forced.image.bytes).pixels[17, 11] == [255, 0, 0])
    }

    @Test("CMYK and YCCK come out as RGB with the right colours", arguments: ["cmyk-adobe.jpg", "ycck-adobe.jpg", "cmyk-plain.jpg"])
    func cmyk(name: String) throws {
        let result = try process(name)
        let image = try ImageDecoder().decode(result.image.bytes)
        #expect(image.info.colorModel == .yCbCr)
        for (fx, fy, colour) in [(0.25, 0.25, [255, 0, 0]), (0.75, 0.25, [0, 255, 0]), (0.25, 0.75, [0, 0, 255]),
                                 (0.75, 0.75, [255, 255, 255])] {
            #expect(near(try pixel(result.image, fx, fy), colour, 20), "\(name) at \(fx),\(fy)")
        }
    }

    @Test("greyscale stays one-channel greyscale")
    func grayscale() throws {
        let result = try process("grayscale.jpg")
        let image = try ImageDecoder().decode(result.image.bytes)
        #expect(image.info.colorModel == .gray && image.pixels.layout == .gray)
        #expect(near(try pixel(result.image, 0.75, 0.75), [250], 4))
    }

    @Test("metadata is stripped by default: no EXIF, GPS, ICC for sRGB, text chunks")
    func stripped() throws {
        let jpeg = try process("exif-gps-icc.jpg")
        for output in [jpeg.image, jpeg.croppedImage] {
            let markers = EncodedFileInspection.jpegMarkers(output.bytes)
            #expect(!markers.contains(0xE1), "no APP1 (EXIF/XMP)")
            #expect(!markers.contains(0xE2), "no APP2: the sRGB profile is redundant")
            #expect(!markers.contains(0xFE), "no comment")
            #expect(markers.filter { (0xE0...0xEF).contains($0) } == [0xE0], "JFIF only")
        }
        let png = try process("iccp-exif.png") { $0.format = .png }
        #expect(EncodedFileInspection.pngChunks(png.image.bytes) == ["IHDR", "IDAT", "IEND"])
        let text = try process("text-chunks.png") { $0.format = .png }
        #expect(EncodedFileInspection.pngChunks(text.croppedImage.bytes) == ["IHDR", "IDAT", "IEND"])
    }

    @Test("--keep-metadata carries EXIF over with the orientation reset")
    func keptMetadata() throws {
        let result = try process("orientation-6.jpg") { $0.keepMetadata = true }
        let info = try ImageDecoder().info(result.image.bytes)
        #expect(info.exif != nil)
        #expect(info.orientation == .up)
        #expect(info.width == 64 && info.height == 48)
        let source = try ImageDecoder().info(try Fixtures.bytes("valid/orientation-6.jpg"))
        #expect(info.exif?.count == source.exif?.count, "GPS and all: only the orientation value changes")
    }

    @Test("ICC profiles under keep and drop: sRGB dropped, other RGB profiles kept, CMYK never carried to RGB; srgb embeds none")
    func iccPolicy() throws {
        func profile(space: String, description: String) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: 256)
            bytes.replaceSubrange(16..<20, with: Array(space.utf8))
            bytes.replaceSubrange(128..<132, with: [0, 0, 0, 1])
            bytes.replaceSubrange(132..<144, with: Array("desc".utf8) + [0, 0, 0, 144, 0, 0, 0, 60])
            let text = Array(description.utf8)
            bytes.replaceSubrange(144..<156, with: Array("desc".utf8) + [0, 0, 0, 0, 0, 0, 0, UInt8(text.count)])
            bytes.replaceSubrange(156..<156 + text.count, with: text)
            return bytes
        }
        let pixels = try ImageDecoder().decode(try Fixtures.bytes("valid/baseline-444.jpg")).pixels
        func result(_ icc: [UInt8], _ policy: ICCProfilePolicy) throws -> ProcessedImage {
            let input = try ImageEncoder.jpeg(pixels, iccProfile: icc)
            var configuration = ProfileImagePipeline.Configuration()
            configuration.iccProfile = policy
            return try ProfileImagePipeline(configuration: configuration).process(input)
        }
        func run(_ icc: [UInt8], _ policy: ICCProfilePolicy) throws -> [UInt8]? {
            try ImageDecoder().info(try result(icc, policy).image.bytes).iccProfile
        }
        let p3 = profile(space: "RGB ", description: "Display P3")
        let srgb = profile(space: "RGB ", description: "sRGB IEC61966-2.1")
        let cmyk = profile(space: "CMYK", description: "U.S. Web Coated (SWOP) v2")
        #expect(try run(p3, .keep) == p3)
        #expect(try run(srgb, .keep) == nil)
        #expect(try run(cmyk, .keep) == nil)
        #expect(try run(p3, .drop) == nil)
        // These profiles hold a description and nothing else: lcms cannot use them.
        #expect(try run(p3, .srgb) == nil)
        let ignored = try result(p3, .srgb).colour
        #expect(ignored.action == .ignored && ignored.profile == "Display P3")
        #expect(ignored.note?.hasPrefix("ICC profile ignored: ") == true)
        #expect(try result(srgb, .srgb).colour == ColourHandling(action: .alreadySRGB, profile: "sRGB IEC61966-2.1"))
        #expect(try result(p3, .keep).colour.action == .kept)
    }

    @Test("the same input and options give the same bytes", arguments: ["progressive.jpg", "rgba-16-interlaced.png", "orientation-7.jpg"])
    func deterministic(name: String) throws {
        let first = try process(name)
        let second = try process(name)
        #expect(first == second)
    }

    @Test("every output re-decodes as a valid image of the reported size", arguments: ValidFixtureTests.names)
    func outputsAreValid(name: String) throws {
        let result = try process(name)
        for output in [result.image, result.croppedImage] {
            let info = try ImageDecoder().validate(output.bytes)
            #expect(info.format == output.format)
            #expect(info.width == output.width && info.height == output.height)
        }
    }

    @Test("images are never enlarged unless asked")
    func noUpscale() throws {
        let small = try process("baseline-420.jpg")
        #expect(small.image.width == 70 && small.image.height == 46)
        #expect(small.croppedImage.width == 46 && small.croppedImage.height == 46)
        let enlarged = try process("baseline-420.jpg") { $0.allowUpscale = true }
        #expect(enlarged.image.width == 2048 && enlarged.image.height == 1346)
        #expect(enlarged.croppedImage.width == 512 && enlarged.croppedImage.height == 512)
    }
}
