extension ProfileImagePipeline {
    /// Everything the pipeline can be told. Every field has the default a profile API wants.
    public struct Configuration: Sendable, Hashable {
        /// Limits and damage policy for reading the input.
        public var decoding: DecodingOptions
        /// Longest side of the `image` output. Default 2048.
        public var maxSide: Int
        /// Longest side of the `cropped_image` output (a square crop gives `size` x `size`).
        /// Default 512.
        public var croppedSize: Int
        /// Output format. Default ``OutputFormat/auto``: PNG only for real transparency.
        public var format: OutputFormat
        /// JPEG settings. Default quality 85, 4:2:0, optimised Huffman tables, baseline.
        public var jpeg: JPEGEncodingOptions
        /// PNG settings. Default compression level 6.
        public var png: PNGEncodingOptions
        /// What transparent pixels become in a JPEG. Default white.
        public var background: RGBColor
        /// Carry the input's EXIF over (orientation reset to 1, GPS and all). Default `false`:
        /// outputs hold no EXIF, XMP, comments or text chunks at all.
        public var keepMetadata: Bool
        /// What to do with the input's ICC profile. Default ``ICCProfilePolicy/srgb``: converted to sRGB.
        public var iccProfile: ICCProfilePolicy
        /// Allow outputs larger than their source pixels. Default `false`: a 300 px crop stays 300 px.
        public var allowUpscale: Bool
        /// Decode JPEGs at a reduced DCT scale when that still leaves ``shrinkOnLoadMargin``
        /// times the pixels the outputs need. Default `true`.
        public var shrinkOnLoad: Bool
        /// How many times the output size a shrink-on-load decode must keep. Default 1, as libvips
        /// and sharp: the smallest DCT scale that still covers the output. On the photo benchmark
        /// 2 (Pillow's `reducing_gap`) costs 5% more time for 0.14 dB on `image` and 0.01 dB on
        /// `cropped_image` (benchmarks/RESULTS.md).
        public var shrinkOnLoadMargin: Double
        /// Largest size of each output file in bytes; JPEG quality is lowered (down to
        /// ``minimumQuality``) to fit. Default `nil`: no budget.
        public var maxBytes: Int?
        /// The lowest JPEG quality a byte budget may use. Default 40.
        public var minimumQuality: Int
        /// When the `image` output of a JPEG would be the picture unchanged (no resize, no
        /// rotation, YCbCr or grey, Huffman-coded, no metadata kept), and the source's estimated
        /// quality is no higher than ``jpeg``'s, `image` is the source's own scans and tables with
        /// every metadata segment left out, instead of a decode and a re-encode: exact pixels, no
        /// generation loss, no encode. Validation is still a full decode. Default `true`.
        public var copiesUnchangedJPEG: Bool
        /// How `cropped_image` is placed when ``ProfileImagePipeline/process(_:crop:)`` is given
        /// no rectangle. Default ``CropStrategy/centre``.
        public var cropStrategy: CropStrategy
        /// The OpenCV Haar cascade ``CropStrategy/face`` detects faces with, read once per
        /// process. Default ``HaarCascade/defaultFacePath`` (Debian's `opencv-data`).
        public var faceCascadePath: String

        /// Creates a configuration; every parameter has the default described on its property.
        public init(
            decoding: DecodingOptions = DecodingOptions(),
            maxSide: Int = 2048,
            croppedSize: Int = 512,
            format: OutputFormat = .auto,
            jpeg: JPEGEncodingOptions = JPEGEncodingOptions(),
            png: PNGEncodingOptions = PNGEncodingOptions(),
            background: RGBColor = .white,
            keepMetadata: Bool = false,
            iccProfile: ICCProfilePolicy = .srgb,
            allowUpscale: Bool = false,
            shrinkOnLoad: Bool = true,
            shrinkOnLoadMargin: Double = 1,
            maxBytes: Int? = nil,
            minimumQuality: Int = 40,
            copiesUnchangedJPEG: Bool = true,
            cropStrategy: CropStrategy = .centre,
            faceCascadePath: String = HaarCascade.defaultFacePath
        ) {
            self.cropStrategy = cropStrategy
            self.faceCascadePath = faceCascadePath
            self.decoding = decoding
            self.maxSide = maxSide
            self.croppedSize = croppedSize
            self.format = format
            self.jpeg = jpeg
            self.png = png
            self.background = background
            self.keepMetadata = keepMetadata
            self.iccProfile = iccProfile
            self.allowUpscale = allowUpscale
            self.shrinkOnLoad = shrinkOnLoad
            self.shrinkOnLoadMargin = shrinkOnLoadMargin
            self.maxBytes = maxBytes
            self.minimumQuality = minimumQuality
            self.copiesUnchangedJPEG = copiesUnchangedJPEG
        }

        /// Throws ``ProfileImageError/Code/invalidOption`` for values out of range.
        public func check() throws {
            func require(_ condition: Bool, _ message: String) throws {
                if !condition { throw ProfileImageError.usage(.invalidOption, message) }
            }
            // No output may be larger than what the decoder would accept as an input.
            let largestSide = min(decoding.limits.maxWidth, decoding.limits.maxHeight, PixelBuffer.maxResampledSide)
            try require((1...max(1, largestSide)).contains(maxSide), "maxSide must be 1...\(largestSide), not \(maxSide)")
            try require(
                (1...max(1, largestSide)).contains(croppedSize), "croppedSize must be 1...\(largestSide), not \(croppedSize)")
            try require((1...100).contains(jpeg.quality), "JPEG quality must be 1...100, not \(jpeg.quality)")
            try require((0...9).contains(png.compressionLevel), "PNG compression level must be 0...9")
            try require(shrinkOnLoadMargin >= 1, "shrinkOnLoadMargin must be at least 1")
            try require((1...100).contains(minimumQuality), "minimumQuality must be 1...100")
            if let maxBytes { try require(maxBytes > 0, "maxBytes must be positive, not \(maxBytes)") }
        }
    }
}
