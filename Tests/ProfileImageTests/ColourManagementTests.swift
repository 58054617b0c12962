import Foundation
import ProfileImage
import Synchronization
import Testing

/// Colour management against an independent rendition: each fixture's pixels converted to sRGB
/// by Pillow's ImageCms (perceptual, black-point compensation), made by the fixture script.
@Suite("Colour: ICC profiles converted to sRGB")
struct ColourManagementTests {
    static let converted = ["cmyk-swop.jpg", "adobe-rgb.jpg", "display-p3.png", "display-p3-alpha.png", "grey-gamma18.jpg"]

    static func process(_ name: String, _ policy: ICCProfilePolicy, format: OutputFormat = .png) throws -> ProcessedImage {
        try process(try Fixtures.bytes("colour/" + name), policy, format: format)
    }

    static func process(_ bytes: [UInt8], _ policy: ICCProfilePolicy, format: OutputFormat = .png) throws -> ProcessedImage {
        var configuration = ProfileImagePipeline.Configuration()
        configuration.iccProfile = policy
        configuration.format = format
        return try ProfileImagePipeline(configuration: configuration).process(bytes)
    }

    static func reference(_ name: String) throws -> PixelBuffer {
        let stem = name.split(separator: ".").dropLast().joined(separator: ".")
        return try ImageDecoder().decode(try Fixtures.bytes("colour/\(stem).reference.png")).pixels
    }

    @Test("srgb: the image output is within mean ΔE76 2 of lcms's rendition; keep and drop are not", arguments: converted)
    func convertedLikeLittleCMS(name: String) throws {
        let reference = try Self.reference(name)
        let result = try Self.process(name, .srgb)
        #expect(result.colour.action == .convertedToSRGB)
        let output = try ImageDecoder().decode(result.image.bytes)
        #expect(output.info.iccProfile == nil, "the output is sRGB and says nothing")
        #expect(output.pixels.layout.channels == reference.layout.channels, "grey stays grey, alpha stays")
        let difference = ColourDifference(output.pixels, reference)
        #expect(difference.mean <= 2, "mean ΔE76 \(difference.mean), 95th percentile \(difference.percentile95)")

        // What viewers that ignore profiles show for the old behaviour: visibly different.
        let unmanaged = try ImageDecoder().decode(try Self.process(name, .drop).image.bytes).pixels
        #expect(ColourDifference(unmanaged, reference).mean > 4)
    }

    @Test("the default JPEG output adds no more than JPEG itself costs the reference", arguments: converted)
    func jpegOutput(name: String) throws {
        let result = try Self.process(name, .srgb, format: .auto)
        let output = try ImageDecoder().decode(result.image.bytes).pixels
        let reference = try Self.reference(name)
        // What quality 85 and 4:2:0 cost the reference itself (flattened onto white as the
        // output is, for the transparent one): the colour conversion may add little to that.
        let flattened = try ImageDecoder().decode(
            try ProfileImagePipeline().process(try ImageEncoder.png(reference)).image.bytes
        ).pixels
        let codec = ColourDifference(flattened, reference).mean
        let difference = ColourDifference(output, reference)
        #expect(difference.mean <= codec + 0.5, "mean ΔE76 \(difference.mean) against \(codec) for JPEG alone")
    }

    @Test("an sRGB profile costs nothing: the same bytes as ignoring it")
    func srgbNeedsNoWork() throws {
        let result = try Self.process("srgb-tagged.jpg", .srgb, format: .auto)
        #expect(result.colour.action == .alreadySRGB)
        #expect(result.colour.profile == "Artifex Software sRGB ICC Profile")
        #expect(result.image == (try Self.process("srgb-tagged.jpg", .drop, format: .auto)).image)
    }

    @Test("a profile lcms cannot use is ignored with a note, never a failure")
    func unusableProfile() throws {
        let result = try Self.process("unusable-profile.jpg", .srgb, format: .auto)
        #expect(result.colour.action == .ignored)
        let note = try #require(result.colour.note)
        #expect(note.hasPrefix("ICC profile ignored: "), "\(note)")
        #expect(result.image == (try Self.process("unusable-profile.jpg", .drop, format: .auto)).image)
        #expect(try ImageDecoder().info(result.image.bytes).iccProfile == nil)
    }

    @Test("untagged CMYK keeps the naive conversion, the same as dropping a profile")
    func untaggedCMYK() throws {
        let untagged = try Self.process("cmyk-untagged.jpg", .srgb)
        #expect(untagged.colour.action == .untagged)
        #expect(untagged.image == (try Self.process("cmyk-swop.jpg", .drop)).image)
    }

    @Test("keep converts nothing and carries a non-sRGB RGB profile over")
    func keepCarriesTheProfile() throws {
        let source = try ImageDecoder().info(try Fixtures.bytes("colour/adobe-rgb.jpg"))
        let result = try Self.process("adobe-rgb.jpg", .keep, format: .auto)
        #expect(result.colour.action == .kept)
        #expect(try ImageDecoder().info(result.image.bytes).iccProfile == source.iccProfile)
    }

    @Test("a JPEG that would be copied unchanged is converted instead when its profile asks")
    func noLosslessCopyWhenConverting() throws {
        let decoded = try ImageDecoder().decode(try Fixtures.bytes("colour/adobe-rgb.jpg"))
        // Quality 80 and no resize: without a profile to convert this is copied segment for segment.
        let input = try ImageEncoder.jpeg(
            decoded.pixels, options: JPEGEncodingOptions(quality: 80), iccProfile: decoded.info.iccProfile)
        let result = try ProfileImagePipeline().process(input)
        #expect(result.colour.action == .convertedToSRGB)
        let reference = try Self.reference("adobe-rgb.jpg")
        let output = ColourDifference(try ImageDecoder().decode(result.image.bytes).pixels, reference)
        let copied = ColourDifference(try ImageDecoder().decode(input).pixels, reference)
        // Two JPEG generations stand between the output and the reference; the profile's 9 ΔE do not.
        #expect(output.mean < copied.mean - 4, "converted \(output.mean), as the source shows unmanaged \(copied.mean)")
    }

    @Test("pixels of ink are refused by both encoders with a reason, never written as RGBA")
    func inkIsNotEncoded() throws {
        let ink = try PixelBuffer(width: 2, height: 2, layout: .cmyk, bytes: [UInt8](repeating: 9, count: 16))
        let jpeg = try #require(throws: ProfileImageError.self) { try ImageEncoder.jpeg(ink) }
        let png = try #require(throws: ProfileImageError.self) { try ImageEncoder.png(ink) }
        #expect(jpeg.code == .invalidOption && png.code == .invalidOption)
    }

    @Test("transparency becomes the sRGB background colour asked for, after the colours are converted")
    func backgroundAfterConversion() throws {
        var configuration = ProfileImagePipeline.Configuration()
        configuration.format = .jpeg
        configuration.jpeg.subsampling = .s444
        configuration.jpeg.quality = 95
        configuration.background = try #require(RGBColor(hex: "#2040c0"))
        // Streamed (premultiplied as decoded, flattened at the end) as well as held whole.
        configuration.maxSide = 122
        configuration.croppedSize = 32
        let result = try ProfileImagePipeline(configuration: configuration).process(try Fixtures.bytes("colour/display-p3-alpha.png"))
        let output = try ImageDecoder().decode(result.image.bytes).pixels
        let reference = try Self.reference("display-p3-alpha.png").resampled(width: output.width, height: output.height)
        let difference = ColourDifference(output, reference, background: (0x20 / 255.0, 0x40 / 255.0, 0xc0 / 255.0))
        #expect(difference.mean <= 2, "mean ΔE76 \(difference.mean)")
    }

    @Test("resampled (streamed) outputs stay within mean ΔE76 2 of the reference resampled alike", arguments: converted)
    func afterResampling(name: String) throws {
        var configuration = ProfileImagePipeline.Configuration()
        configuration.format = .png
        // 122 px wide: the crop (91 px in `image`) has twice its 32 px there, so both are streamed.
        configuration.maxSide = 122
        configuration.croppedSize = 32
        let result = try ProfileImagePipeline(configuration: configuration).process(try Fixtures.bytes("colour/" + name))
        let output = try ImageDecoder().decode(result.image.bytes).pixels
        let reference = try Self.reference(name).resampled(width: output.width, height: output.height)
        let difference = ColourDifference(output, reference)
        #expect(difference.mean <= 2, "mean ΔE76 \(difference.mean), 95th percentile \(difference.percentile95)")
    }

    @Test("a grey profile converts a grey picture with transparency, decoded as RGBA")
    func greyWithAlpha() throws {
        let result = try Self.process("grey-alpha-gamma18.png", .srgb)
        #expect(result.colour.action == .convertedToSRGB)
        let output = try ImageDecoder().decode(result.image.bytes).pixels
        #expect(output.layout == .rgba)
        // The grey channel against the grey fixture's reference (its pixels before JPEG, so a
        // little JPEG loss stands between them); alpha left out, and every pixel still grey.
        let channels = output.layout.channels
        let grey = stride(from: 0, to: output.bytes.count, by: channels).map { output.bytes[$0] }
        let bytes = output.bytes
        let allGrey = stride(from: 0, to: bytes.count, by: channels).allSatisfy { (index: Int) -> Bool in
            bytes[index] == bytes[index + 1] && bytes[index] == bytes[index + 2]
        }
        #expect(allGrey)
        let opaque = try PixelBuffer(width: output.width, height: output.height, layout: .gray, bytes: grey)
        let difference = ColourDifference(opaque, try Self.reference("grey-gamma18.jpg"))
        #expect(difference.mean <= 2, "mean ΔE76 \(difference.mean)")
        let unmanaged = try ImageDecoder().decode(try Self.process("grey-alpha-gamma18.png", .drop).image.bytes).pixels
        let unmanagedGrey = stride(from: 0, to: unmanaged.bytes.count, by: channels).map { unmanaged.bytes[$0] }
        let dropped = try PixelBuffer(width: output.width, height: output.height, layout: .gray, bytes: unmanagedGrey)
        #expect(ColourDifference(dropped, try Self.reference("grey-gamma18.jpg")).mean > 4)
    }

    @Test("one shared transform converts on several threads at once, the same bytes as alone", arguments: ["cmyk-swop.jpg", "adobe-rgb.jpg"])
    func sharedAcrossThreads(name: String) throws {
        let alone = try Self.process(name, .srgb).image
        let results = Mutex<[EncodedImage?]>(Array(repeating: nil, count: 8))
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let made = try? Self.process(name, .srgb).image
            results.withLock { $0[index] = made }
        }
        #expect(results.withLock { $0 }.allSatisfy { $0 == alone })
    }
}
