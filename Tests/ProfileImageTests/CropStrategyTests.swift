import Foundation
import ProfileImage
import Testing

/// The face and attention crops, on real portraits placed off-centre in larger pictures by the
/// fixture script (faces/faces.json records OpenCV's detections on each portrait as the truth).
@Suite("Crop strategies: face and attention")
struct CropStrategyTests {
    struct Manifest: Decodable {
        struct Portrait: Decodable {
            let width: Int
            let height: Int
            let faces: [[Int]]
        }
        struct Scene: Decodable {
            let width: Int
            let height: Int
        }
        let faces: [String: Portrait]
        let noFace: [String: Scene]
    }

    static let manifest = try! JSONDecoder().decode(
        Manifest.self, from: Data(contentsOf: Fixtures.root.appendingPathComponent("faces/faces.json")))
    static let portraits = manifest.faces.keys.sorted()
    static let scenes = manifest.noFace.keys.sorted()

    static func process(_ bytes: [UInt8], _ strategy: CropStrategy) throws -> ProcessedImage {
        var configuration = ProfileImagePipeline.Configuration()
        configuration.cropStrategy = strategy
        return try ProfileImagePipeline(configuration: configuration).process(bytes)
    }

    static func contains(_ crop: CropRectangle, _ face: [Int]) -> Bool {
        crop.x <= face[0] && crop.y <= face[1] && face[0] + face[2] <= crop.x + crop.width
            && face[1] + face[3] <= crop.y + crop.height
    }

    /// A Haar box runs from the eyebrows to the mouth and from cheek to cheek: the whole head
    /// reaches further, a third of the box above (forehead, hair), a quarter below (chin) and an
    /// eighth on each side (ears), clamped to the picture. A close-up whose head is larger than the picture's largest square keeps
    /// its face box instead.
    static func head(_ face: [Int], width: Int, height: Int) -> [Int] {
        let left = max(0, face[0] - face[2] / 8)
        let top = max(0, face[1] - face[3] / 3)
        let right = min(width, face[0] + face[2] + face[2] / 8)
        let bottom = min(height, face[1] + face[3] + face[3] / 4)
        let fits = max(right - left, bottom - top) <= min(width, height)
        return fits ? [left, top, right - left, bottom - top] : face
    }

    static func overlap(_ a: CropRectangle, _ b: [Int]) -> Double {
        let width = min(a.x + a.width, b[0] + b[2]) - max(a.x, b[0])
        let height = min(a.y + a.height, b[1] + b[3]) - max(a.y, b[1])
        guard width > 0, height > 0 else { return 0 }
        let intersection = Double(width * height)
        return intersection / (Double(a.width * a.height + b[2] * b[3]) - intersection)
    }

    @Test("face keeps every head whole inside the crop; the centred square does not", arguments: portraits)
    func faceCropKeepsTheFace(name: String) throws {
        let portrait = try #require(Self.manifest.faces[name])
        let bytes = try Fixtures.bytes("faces/" + name)
        let centre = try Self.process(bytes, .centre)
        #expect(centre.cropChoice.mode == .centre)
        let heads = portrait.faces.map { Self.head($0, width: portrait.width, height: portrait.height) }
        #expect(!heads.allSatisfy { Self.contains(centre.crop, $0) }, "the fixture must defeat the centre crop")

        let framed = try Self.process(bytes, .face)
        #expect(framed.cropChoice.mode == .face)
        #expect(framed.crop.width == framed.crop.height)
        for (face, head) in zip(portrait.faces, heads) {
            #expect(Self.contains(framed.crop, head), "\(head) outside \(framed.crop)")
            // Found as OpenCV finds it: one detection over each true face.
            #expect(framed.cropChoice.faces.contains { Self.overlap($0, face) >= 0.5 }, "\(face) not found")
        }
        #expect(framed.cropChoice.faces.count <= portrait.faces.count + 1, "\(framed.cropChoice.faces)")
    }

    @Test("pictures without people: a false face in at most one of them, attention for the rest")
    func scenesWithoutFaces() throws {
        var falseFaces: [String] = []
        for name in Self.scenes {
            let result = try Self.process(try Fixtures.bytes("faces/" + name), .face)
            if result.cropChoice.mode == .face {
                falseFaces.append(name)
            } else {
                #expect(result.cropChoice.mode == .attention, "\(name): no face, so attention decides")
                #expect(result.cropChoice.faces.isEmpty)
            }
        }
        #expect(falseFaces.count <= 1, "false faces in \(falseFaces)")
    }

    @Test("a face stored sideways (EXIF orientation 6) is found in the upright picture")
    func orientedPortrait() throws {
        let name = "face-obama-right.jpg"
        let portrait = try #require(Self.manifest.faces[name])
        let upright = try ImageDecoder().decode(try Fixtures.bytes("faces/" + name)).pixels
        // Orientation 6 turns the stored picture clockwise to show it; store it turned the other way.
        let stored = upright.oriented(try #require(ExifOrientation(rawValue: 8)))
        let bytes = try ImageEncoder.jpeg(
            stored, options: JPEGEncodingOptions(quality: 92), exif: ExifParserTests.tiff(bigEndian: false, value: 6))
        let result = try Self.process(bytes, .face)
        #expect(result.cropChoice.mode == .face)
        for face in portrait.faces {
            let head = Self.head(face, width: portrait.width, height: portrait.height)
            #expect(Self.contains(result.crop, head), "\(head) outside \(result.crop)")
        }
    }

    /// `face-obama-right.jpg` on a grey canvas `canvasWidth` x `canvasHeight` (the picture at its
    /// top right), enlarged `factor` times, as a JPEG; and its face, scaled.
    static func enlargedPortrait(canvasWidth: Int, canvasHeight: Int, factor: Int) throws -> (bytes: [UInt8], face: [Int]) {
        let name = "face-obama-right.jpg"
        let portrait = try #require(manifest.faces[name])
        let picture = try ImageDecoder().decode(try Fixtures.bytes("faces/" + name)).pixels
        var canvas = [UInt8](repeating: 110, count: canvasWidth * canvasHeight * 3)
        let left = canvasWidth - picture.width
        for y in 0..<picture.height {
            let row = picture.bytes[(y * picture.width * 3)..<((y + 1) * picture.width * 3)]
            canvas.replaceSubrange((y * canvasWidth + left) * 3..<(y * canvasWidth + left + picture.width) * 3, with: row)
        }
        let large = try PixelBuffer(width: canvasWidth, height: canvasHeight, layout: .rgb, bytes: canvas)
            .resampled(width: canvasWidth * factor, height: canvasHeight * factor)
        let face = portrait.faces[0]
        return (
            try ImageEncoder.jpeg(large, options: JPEGEncodingOptions(quality: 92)),
            [(face[0] + left) * factor, face[1] * factor, face[2] * factor, face[3] * factor]
        )
    }

    @Test(
        "large photos: a face crop tighter than `image` serves is decoded again at its own scale, as sharp as the same rectangle given",
        arguments: [
            // 3000 x 2040: streamed (the centred square has twice its output in `image`); the face crop has not.
            (750, 510, 4),
            // 4800 x 1088: held whole at half scale for the centred square; the face crop needs full scale.
            (1500, 340, 3),
        ])
    func largePortrait(canvasWidth: Int, canvasHeight: Int, factor: Int) throws {
        let (bytes, face) = try Self.enlargedPortrait(canvasWidth: canvasWidth, canvasHeight: canvasHeight, factor: factor)
        let width = canvasWidth * factor
        let height = canvasHeight * factor
        let result = try Self.process(bytes, .face)
        #expect(result.cropChoice.mode == .face)
        #expect(result.croppedImage.width == 512 && result.croppedImage.height == 512)
        let head = Self.head(face, width: width, height: height)
        #expect(Self.contains(result.crop, head), "\(head) outside \(result.crop)")
        // The same rectangle given explicitly goes the plain way: from a decode with its detail.
        let given = try ProfileImagePipeline().process(bytes, crop: result.crop)
        let framed = try ImageDecoder().decode(result.croppedImage.bytes).pixels
        let plain = try ImageDecoder().decode(given.croppedImage.bytes).pixels
        let difference = ColourDifference(framed, plain)
        #expect(difference.mean <= 1, "mean ΔE76 \(difference.mean) from the same crop given")
    }

    @Test("attention finds the one detailed, colourful patch of a flat picture")
    func attentionFindsTheSubject() throws {
        // 900 x 300 grey, a 200 px patch of saturated stripes near the right end.
        var bytes = [UInt8](repeating: 128, count: 900 * 300 * 3)
        for y in 50..<250 {
            for x in 650..<850 where (x / 10 + y / 10) % 2 == 0 {
                bytes.replaceSubrange((y * 900 + x) * 3..<(y * 900 + x) * 3 + 3, with: [220, 30, 40])
            }
        }
        let picture = try ImageEncoder.png(try PixelBuffer(width: 900, height: 300, layout: .rgb, bytes: bytes))
        let result = try Self.process(picture, .attention)
        #expect(result.cropChoice.mode == .attention)
        #expect(result.crop.width == 300 && result.crop.height == 300)
        #expect(Self.contains(result.crop, [650, 50, 200, 200]), "\(result.crop)")
        #expect(!Self.contains(try Self.process(picture, .centre).crop, [650, 50, 200, 200]))
    }

    @Test("face and attention crops are deterministic", arguments: [CropStrategy.face, .attention])
    func deterministic(strategy: CropStrategy) throws {
        let bytes = try Fixtures.bytes("faces/face-group-left.jpg")
        #expect(try Self.process(bytes, strategy) == (try Self.process(bytes, strategy)))
    }

    @Test("a given rectangle wins over the strategy")
    func givenRectangle() throws {
        var configuration = ProfileImagePipeline.Configuration()
        configuration.cropStrategy = .face
        let rectangle = CropRectangle(x: 10, y: 10, width: 100, height: 100)
        let result = try ProfileImagePipeline(configuration: configuration)
            .process(try Fixtures.bytes("faces/face-obama-right.jpg"), crop: rectangle)
        #expect(result.crop == rectangle)
        #expect(result.cropChoice == CropChoice(mode: .given))
    }

    @Test("a missing cascade is a usage error naming the file")
    func missingCascade() throws {
        var configuration = ProfileImagePipeline.Configuration()
        configuration.cropStrategy = .face
        configuration.faceCascadePath = "/nonexistent/cascade.xml"
        let error = try #require(throws: ProfileImageError.self) {
            try ProfileImagePipeline(configuration: configuration).process(try Fixtures.bytes("faces/face-obama-right.jpg"))
        }
        #expect(error.code == .invalidOption)
        #expect(error.message.contains("/nonexistent/cascade.xml"))
    }

    @Test(
        "text that is not a Haar cascade is refused with a reason, never a trap",
        arguments: [
            "", "<opencv_storage>", "<a></b>", "<opencv_storage><cascade><featureType>LBP</featureType></cascade></opencv_storage>",
            "<opencv_storage><cascade><featureType>HAAR</featureType><width>24</width><height>24</height><stages><_><stageThreshold>1</stageThreshold><weakClassifiers><_><internalNodes>0 -1 7 0.5</internalNodes><leafValues>1 -1</leafValues></_></weakClassifiers></_></stages><features><_><rects><_>0 0 12 24 -1.</_><_>12 0 12 24 2.</_></rects></_></features></cascade></opencv_storage>",
            "<opencv_storage><cascade><featureType>HAAR</featureType><width>24</width><height>24</height><stages><_><stageThreshold>1</stageThreshold><weakClassifiers><_><internalNodes>0 -1 0 0.5</internalNodes><leafValues>1 -1</leafValues></_></weakClassifiers></_></stages><features><_><rects><_>20 0 12 24 -1.</_></rects></_></features></cascade></opencv_storage>",
            // Values chosen to overflow a careless bounds check: a child of Int32.min, a rectangle at Int32.max.
            "<opencv_storage><cascade><featureType>HAAR</featureType><width>24</width><height>24</height><stages><_><stageThreshold>1</stageThreshold><weakClassifiers><_><internalNodes>0 -2147483648 0 0.5</internalNodes><leafValues>1 -1</leafValues></_></weakClassifiers></_></stages><features><_><rects><_>0 0 12 24 -1.</_></rects></_></features></cascade></opencv_storage>",
            "<opencv_storage><cascade><featureType>HAAR</featureType><width>24</width><height>24</height><stages><_><stageThreshold>1</stageThreshold><weakClassifiers><_><internalNodes>0 -1 0 0.5</internalNodes><leafValues>1 -1</leafValues></_></weakClassifiers></_></stages><features><_><rects><_>2147483647 0 1 24 -1.</_></rects></_></features></cascade></opencv_storage>",
        ])
    func malformedCascade(text: String) throws {
        let error = try #require(throws: ProfileImageError.self) { try HaarCascade(parsing: Array(text.utf8)) }
        #expect(error.code == .invalidOption)
    }

    // A sample (both group photos, close-ups, scenes): the portable path is slow in a debug build.
    @Test(
        "the AVX2 detector finds exactly what the portable one finds",
        arguments: ["face-group-left.jpg", "face-luispedro-top.jpg", "face-smile-right.jpg", "noface-coins.jpg", "noface-brick.jpg"])
    func vectorPathAgrees(name: String) throws {
        let pixels = try ImageDecoder().decode(try Fixtures.bytes("faces/" + name)).pixels
        let channels = pixels.layout.channels
        let grey = (0..<pixels.width * pixels.height).map { index in
            channels == 1 ? pixels.bytes[index] : pixels.bytes[index * channels + 1]
        }
        let cascade = try HaarCascade.shared(at: HaarCascade.defaultFacePath)
        let picture = try PixelBuffer(width: pixels.width, height: pixels.height, layout: .gray, bytes: grey)
        let vector = try cascade.objects(in: picture, vectorised: true)
        let portable = try cascade.objects(in: picture, vectorised: false)
        #expect(vector == portable)
        if Self.manifest.faces[name] != nil { #expect(!portable.isEmpty, "a portrait with no face at all") }
    }

    @Test("the vector path agrees at raster widths whose last block of windows ends on the last column", arguments: [534, 550, 566])
    func vectorPathAtTheRightEdge(width: Int) throws {
        // Widths of 16k + 22 put the last eight windows' loads against the end of the integral image.
        let height = 356
        // Noise (xorshift, seeded by the width) keeps windows alive into the later stages.
        var state = UInt64(width) &* 0x9E37_79B9_7F4A_7C15 | 1
        let grey = (0..<width * height).map { _ -> UInt8 in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        let cascade = try HaarCascade.shared(at: HaarCascade.defaultFacePath)
        let picture = try PixelBuffer(width: width, height: height, layout: .gray, bytes: grey)
        #expect(try cascade.objects(in: picture, vectorised: true) == cascade.objects(in: picture, vectorised: false))
    }

    @Test("a file larger than any cascade is refused unread")
    func hugeCascade() throws {
        let error = try #require(throws: ProfileImageError.self) { try HaarCascade(contentsOf: "/dev/zero") }
        #expect(error.code == .invalidOption && error.message.contains("64 MB"))
    }

    @Test("Debian's frontal-face cascade reads: 25 stages, 2913 features")
    func debianCascade() throws {
        let cascade = try HaarCascade(contentsOf: HaarCascade.defaultFacePath)
        #expect(cascade.stageCount == 25)
        #expect(cascade.featureCount == 2913)
    }
}
