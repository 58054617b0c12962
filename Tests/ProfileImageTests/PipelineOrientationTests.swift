import Testing

@testable import ProfileImage

@Suite("EXIF orientation and crops in the upright image")
struct PipelineOrientationTests {
    static let orientations = Array(1...8)

    /// The fixtures' upright picture: red top-left, green top-right, blue bottom-left, white bottom-right.
    static func expectQuadrants(_ pixels: PixelBuffer, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected: [(Double, Double, [UInt8])] = [
            (0.25, 0.25, [255, 0, 0]), (0.75, 0.25, [0, 255, 0]), (0.25, 0.75, [0, 0, 255]), (0.75, 0.75, [255, 255, 255]),
        ]
        for (fx, fy, colour) in expected {
            let pixel = pixels.at(Int(Double(pixels.width) * fx), Int(Double(pixels.height) * fy))
            let close = zip(pixel, colour).allSatisfy { abs(Int($0) - Int($1)) <= 24 }
            #expect(close, "\(label): at (\(fx), \(fy)) got \(pixel), expected \(colour)", sourceLocation: sourceLocation)
        }
    }

    @Test("every orientation comes out upright, with no orientation tag left", arguments: orientations)
    func upright(orientation: Int) throws {
        let bytes = try Fixtures.bytes("valid/orientation-\(orientation).jpg")
        let result = try ProfileImagePipeline().process(bytes)
        #expect(result.image.width == 64 && result.image.height == 48)
        let image = try ImageDecoder().decode(result.image.bytes)
        #expect(image.info.orientation == .up)
        #expect(image.info.exif == nil)
        Self.expectQuadrants(image.pixels, "orientation \(orientation)")
        // The centred square of the upright 64x48 picture is x 8..<56: still four quadrants.
        #expect(result.crop == CropRectangle(x: 8, y: 0, width: 48, height: 48))
        Self.expectQuadrants(try ImageDecoder().decode(result.croppedImage.bytes).pixels, "crop \(orientation)")
    }

    @Test("a crop is taken in upright coordinates, whatever the stored orientation", arguments: orientations)
    func cropInUprightCoordinates(orientation: Int) throws {
        let bytes = try Fixtures.bytes("valid/orientation-\(orientation).jpg")
        var configuration = ProfileImagePipeline.Configuration()
        configuration.croppedSize = 64
        configuration.allowUpscale = true
        let pipeline = ProfileImagePipeline(configuration: configuration)
        // The upright green quadrant (top right) and the white one (bottom right).
        for (rectangle, colour) in [
            (CropRectangle(x: 36, y: 2, width: 24, height: 20), [0, 255, 0]),
            (CropRectangle(x: 34, y: 26, width: 28, height: 20), [255, 255, 255]),
        ] {
            let result = try pipeline.process(bytes, crop: rectangle)
            #expect(result.crop == rectangle)
            let pixels = try ImageDecoder().decode(result.croppedImage.bytes).pixels
            #expect(pixels.width == 64, "the long side is scaled to the size")
            let centre = pixels.at(pixels.width / 2, pixels.height / 2).map(Int.init)
            #expect(zip(centre, colour).allSatisfy { abs($0 - $1) <= 24 }, "orientation \(orientation): \(centre)")
            // The aspect ratio is kept, to the nearest whole pixel.
            #expect(pixels.height == Int((64 * Double(rectangle.height) / Double(rectangle.width)).rounded()))
        }
    }

    @Test(
        "crops outside the upright image are refused with invalidCrop",
        arguments: [
            CropRectangle(x: -1, y: 0, width: 10, height: 10), CropRectangle(x: 0, y: -1, width: 10, height: 10),
            CropRectangle(x: 0, y: 0, width: 0, height: 10), CropRectangle(x: 0, y: 0, width: 10, height: -5),
            CropRectangle(x: 40, y: 0, width: 25, height: 10), CropRectangle(x: 0, y: 40, width: 10, height: 9),
            // Fits the stored 48x64 pixels of orientation 6, not the upright 64x48 picture.
            CropRectangle(x: 0, y: 0, width: 48, height: 64),
        ])
    func cropOutside(rectangle: CropRectangle) throws {
        let bytes = try Fixtures.bytes("valid/orientation-6.jpg")
        let error = try #require(throws: ProfileImageError.self) {
            try ProfileImagePipeline().process(bytes, crop: rectangle)
        }
        #expect(error.code == .invalidCrop)
        #expect(error.message.contains("64x48"))
        #expect(!error.isInvalidImage)
    }

    @Test("the whole upright image is a valid crop")
    func wholeImageCrop() throws {
        let result = try ProfileImagePipeline().process(
            try Fixtures.bytes("valid/orientation-8.jpg"), crop: CropRectangle(x: 0, y: 0, width: 64, height: 48))
        #expect(result.croppedImage.width == 64 && result.croppedImage.height == 48)
    }

    @Test("crop rectangles parse from x,y,w,h")
    func parsing() {
        #expect(CropRectangle(parsing: "10,20,300,400") == CropRectangle(x: 10, y: 20, width: 300, height: 400))
        #expect(CropRectangle(parsing: " 1, 2 ,3,4 ") == CropRectangle(x: 1, y: 2, width: 3, height: 4))
        for bad in ["", "1,2,3", "1,2,3,4,5", "a,b,c,d", "1.5,2,3,4", "1,,3,4"] {
            #expect(CropRectangle(parsing: bad) == nil, "\(bad)")
        }
    }
}
