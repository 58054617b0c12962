/// How strictly and how far to decode. Every field has a default suited to user uploads.
public struct DecodingOptions: Sendable, Hashable {
    /// Refuse images above these dimensions before any pixel memory is allocated.
    public var limits: Limits
    /// What to do with damage libjpeg would otherwise paper over.
    public var policy: Policy
    /// The input formats taken; any other is refused with ``ProfileImageError/Code/formatNotAccepted``
    /// before its decoder is started. Default: every ``ImageFormat/decodable`` format. A deployment
    /// that wants the smallest attack surface narrows it, e.g. to `[.jpeg, .png]`.
    public var acceptedFormats: Set<ImageFormat>

    /// Creates options; the defaults are ``Limits/init(maxWidth:maxHeight:maxPixels:maxProgressiveScans:)``'s,
    /// ``Policy/strict`` and every decodable format.
    public init(limits: Limits = Limits(), policy: Policy = .strict, acceptedFormats: Set<ImageFormat> = Set(ImageFormat.decodable)) {
        self.limits = limits
        self.policy = policy
        self.acceptedFormats = acceptedFormats
    }

    /// Decompression-bomb guard, checked against the header before allocation.
    public struct Limits: Sendable, Hashable {
        /// Largest accepted width. Default 65,535 (the JPEG format itself stops at 65,500).
        public var maxWidth: Int
        /// Largest accepted height. Default 65,535.
        public var maxHeight: Int
        /// Largest accepted width × height. Default 268,402,689 (0x3FFF², sharp's
        /// `limitInputPixels`); Pillow errors at 178,956,970.
        public var maxPixels: Int
        /// Largest number of scans in a progressive JPEG; crafted files with thousands of scans
        /// take minutes to decode. Default 500 (cameras and encoders write about 10); 0 means no limit.
        public var maxProgressiveScans: Int

        /// Creates limits; every parameter has the default described on its property.
        public init(
            maxWidth: Int = 65_535,
            maxHeight: Int = 65_535,
            maxPixels: Int = 268_402_689,
            maxProgressiveScans: Int = 500
        ) {
            self.maxWidth = maxWidth
            self.maxHeight = maxHeight
            self.maxPixels = maxPixels
            self.maxProgressiveScans = maxProgressiveScans
        }
    }

    /// How to treat data that is damaged but from which libjpeg can still produce pixels.
    public enum Policy: String, Sendable, Hashable, CaseIterable {
        /// Premature end of data, corrupt entropy data and ancillary-chunk CRC errors are errors.
        /// The default: such files show grey bands or garbage, and the profile API refuses them.
        case strict
        /// Accept what libjpeg and libpng can recover: missing JPEG data is filled in grey,
        /// damaged ancillary PNG chunks are dropped. Fatal errors are still errors.
        case tolerant
    }
}
