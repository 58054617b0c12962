import ProfileImage

/// The options that shape a job's two files, as a queue stores them with the job (JSON): every
/// field of ``ProfileImagePipeline/Configuration`` a command line can set, and the crop. A worker
/// on another machine rebuilds the same configuration from it, so its outputs are those `process`
/// would make with the same options.
public struct PipelineSettings: Codable, Sendable, Hashable {
    var maxInputWidth: Int
    var maxInputHeight: Int
    var maxInputPixels: Int
    var maxProgressiveScans: Int
    var policy: String
    /// The accepted input formats, in ``ImageFormat/decodable``'s order; absent in jobs enqueued
    /// before formats could be narrowed, which took every one.
    var acceptedFormats: [String]?
    var maxSide: Int
    var croppedSize: Int
    var format: String
    var quality: Int
    var subsampling: String
    var progressive: Bool
    var optimizeHuffman: Bool
    var pngCompressionLevel: Int
    var background: [UInt8]
    var keepMetadata: Bool
    var iccProfile: String
    var allowUpscale: Bool
    var shrinkOnLoad: Bool
    var shrinkOnLoadMargin: Double
    var maxBytes: Int?
    var minimumQuality: Int
    var copiesUnchangedJPEG: Bool
    var cropStrategy: String
    var faceCascadePath: String
    /// x, y, w, h of a crop given in pixels; `nil` for the strategy's own.
    var crop: [Int]?

    /// The settings of `configuration` and `crop`.
    public init(_ configuration: ProfileImagePipeline.Configuration, crop: CropRectangle?) {
        let limits = configuration.decoding.limits
        maxInputWidth = limits.maxWidth
        maxInputHeight = limits.maxHeight
        maxInputPixels = limits.maxPixels
        maxProgressiveScans = limits.maxProgressiveScans
        policy = configuration.decoding.policy.rawValue
        acceptedFormats = ImageFormat.decodable.filter(configuration.decoding.acceptedFormats.contains).map(\.rawValue)
        maxSide = configuration.maxSide
        croppedSize = configuration.croppedSize
        format = configuration.format.rawValue
        quality = configuration.jpeg.quality
        subsampling = configuration.jpeg.subsampling.rawValue
        progressive = configuration.jpeg.progressive
        optimizeHuffman = configuration.jpeg.optimizeHuffman
        pngCompressionLevel = configuration.png.compressionLevel
        background = [configuration.background.red, configuration.background.green, configuration.background.blue]
        keepMetadata = configuration.keepMetadata
        iccProfile = configuration.iccProfile.rawValue
        allowUpscale = configuration.allowUpscale
        shrinkOnLoad = configuration.shrinkOnLoad
        shrinkOnLoadMargin = configuration.shrinkOnLoadMargin
        maxBytes = configuration.maxBytes
        minimumQuality = configuration.minimumQuality
        copiesUnchangedJPEG = configuration.copiesUnchangedJPEG
        cropStrategy = configuration.cropStrategy.rawValue
        faceCascadePath = configuration.faceCascadePath
        self.crop = crop.map { [$0.x, $0.y, $0.width, $0.height] }
    }

    /// The crop given in pixels, if any.
    public var cropRectangle: CropRectangle? {
        guard let crop, crop.count == 4 else { return nil }
        return CropRectangle(x: crop[0], y: crop[1], width: crop[2], height: crop[3])
    }

    /// The configuration these settings describe.
    /// - Throws: ``BatchError`` with code ``BatchError/Code/invalidConfiguration`` for a spelling
    ///   this version does not know (a job enqueued by a newer one).
    public func configuration() throws -> ProfileImagePipeline.Configuration {
        func value<T: RawRepresentable>(_ text: String, _ name: String) throws -> T where T.RawValue == String {
            guard let value = T(rawValue: text) else {
                throw BatchError(code: .invalidConfiguration, message: "job options: unknown \(name) '\(text)'")
            }
            return value
        }
        let formats: [ImageFormat] = try (acceptedFormats ?? ImageFormat.decodable.map(\.rawValue)).map {
            let format: ImageFormat = try value($0, "input format")
            guard format.isSupported else {
                throw BatchError(code: .invalidConfiguration, message: "job options: input format '\($0)' is not decoded")
            }
            return format
        }
        let colour =
            background.count == 3 ? RGBColor(red: background[0], green: background[1], blue: background[2]) : .white
        return ProfileImagePipeline.Configuration(
            decoding: DecodingOptions(
                limits: .init(
                    maxWidth: maxInputWidth, maxHeight: maxInputHeight, maxPixels: maxInputPixels,
                    maxProgressiveScans: maxProgressiveScans),
                policy: try value(policy, "policy"), acceptedFormats: Set(formats)),
            maxSide: maxSide, croppedSize: croppedSize, format: try value(format, "format"),
            jpeg: JPEGEncodingOptions(
                quality: quality, subsampling: try value(subsampling, "subsampling"), progressive: progressive,
                optimizeHuffman: optimizeHuffman),
            png: PNGEncodingOptions(compressionLevel: pngCompressionLevel), background: colour,
            keepMetadata: keepMetadata,
            iccProfile: try value(iccProfile, "icc"), allowUpscale: allowUpscale, shrinkOnLoad: shrinkOnLoad,
            shrinkOnLoadMargin: shrinkOnLoadMargin, maxBytes: maxBytes, minimumQuality: minimumQuality,
            copiesUnchangedJPEG: copiesUnchangedJPEG, cropStrategy: try value(cropStrategy, "crop strategy"),
            faceCascadePath: faceCascadePath)
    }
}
