import ArgumentParser
import ProfileImage

/// The options that shape the two outputs, shared by `process` and `upload`.
struct PipelineArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Longest side of cropped_image; a square crop gives N x N.", valueName: "n"))
    var size: Int = 512

    @Option(help: ArgumentHelp("Longest side of image.", valueName: "n"))
    var maxSide: Int = 2048

    @Option(help: ArgumentHelp("JPEG quality, 1-100.", valueName: "q"))
    var quality: Int = 85

    @Option(
        help: ArgumentHelp(
            "Crop: centre (the centred square), face (framed around the faces found; attention if none), attention (where the detail, skin and colour are), or x,y,w,h in pixels of the upright image.",
            valueName: "how"))
    var crop: String = "centre"

    @Option(help: ArgumentHelp("The OpenCV Haar cascade --crop face uses.", valueName: "file"))
    var faceCascade: String = HaarCascade.defaultFacePath

    @Option(help: "auto: PNG only for real transparency, else JPEG; or always jpeg / png.")
    var format: OutputFormat = .auto

    @Option(help: ArgumentHelp("JPEG chroma subsampling: 4:2:0, 4:2:2 or 4:4:4.", valueName: "s"))
    var subsampling: JPEGEncodingOptions.ChromaSubsampling = .s420

    @Flag(help: "Write progressive JPEGs.")
    var progressive = false

    @Flag(help: "Compute optimal Huffman tables: smaller JPEGs (3% on real photos, more on synthetic ones), about 15% more time; on by itself with --max-bytes.")
    var optimizeHuffman = false

    @Option(help: ArgumentHelp("Colour transparent pixels become in a JPEG.", valueName: "#rrggbb"))
    var background: String = "#ffffff"

    @Flag(help: "Keep the input's EXIF (GPS included; orientation reset). Default: strip all metadata.")
    var keepMetadata = false

    @Option(help: "ICC profile: srgb (convert to sRGB with Little CMS, embed none), keep (carry non-sRGB RGB/grey profiles over, convert nothing), or drop.")
    var icc: ICCProfilePolicy = .srgb

    @Option(help: ArgumentHelp("Make each output at most N bytes by lowering JPEG quality (down to 40).", valueName: "n"))
    var maxBytes: Int?

    @Flag(help: "Allow outputs larger than the source pixels.")
    var allowUpscale = false

    @OptionGroup var decoding: DecodingArguments

    func validate() throws {
        if cropStrategy == nil, CropRectangle(parsing: crop) == nil {
            throw ValidationError("--crop must be centre, face, attention or x,y,w,h in whole pixels, not '\(crop)'")
        }
        if cropStrategy == .face {
            // Read now, once: a missing cascade is a usage error, not a failure per photo.
            do {
                _ = try HaarCascade.shared(at: faceCascade)
            } catch let error as ProfileImageError {
                throw ValidationError(error.message)
            }
        }
        if RGBColor(hex: background) == nil { throw ValidationError("--background must be #rrggbb, not '\(background)'") }
        do {
            try configuration.check()
        } catch let error as ProfileImageError {
            throw ValidationError(error.message)
        }
    }

    var cropRectangle: CropRectangle? { CropRectangle(parsing: crop) }

    /// The strategy `--crop` names (`center` is accepted too); `nil` for a rectangle.
    var cropStrategy: CropStrategy? {
        crop == "center" ? .centre : CropStrategy(rawValue: crop)
    }

    var configuration: ProfileImagePipeline.Configuration {
        ProfileImagePipeline.Configuration(
            decoding: decoding.options,
            maxSide: maxSide,
            croppedSize: size,
            format: format,
            jpeg: JPEGEncodingOptions(quality: quality, subsampling: subsampling, progressive: progressive, optimizeHuffman: optimizeHuffman),
            background: RGBColor(hex: background) ?? .white,
            keepMetadata: keepMetadata,
            iccProfile: icc,
            allowUpscale: allowUpscale,
            maxBytes: maxBytes,
            cropStrategy: cropStrategy ?? .centre,
            faceCascadePath: faceCascade
        )
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension ICCProfilePolicy: ExpressibleByArgument {
    /// `auto`, the name of `keep` before colour management, is still read.
    public init?(argument: String) {
        self.init(rawValue: argument == "auto" ? "keep" : argument)
    }
}
extension JPEGEncodingOptions.ChromaSubsampling: ExpressibleByArgument {}
