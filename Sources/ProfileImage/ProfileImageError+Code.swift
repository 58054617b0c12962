extension ProfileImageError {
    /// A stable, machine-readable error code. New codes may be added; existing ones never change
    /// their spelling, which is what reports and JSON output carry.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's spelling, e.g. `"truncated"`.
        public let rawValue: String

        /// Creates a code from its spelling.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The spelling, e.g. `"truncated"`.
        public var description: String { rawValue }

        /// The file has no bytes at all.
        public static let emptyFile = Code(rawValue: "emptyFile")
        /// The data is not an image of any recognised format (text, HTML, PDF, random bytes).
        public static let notAnImage = Code(rawValue: "notAnImage")
        /// A recognised image format this pipeline does not decode (JPEG XL, SVG, PSD, ...), or a
        /// variant of a decoded one its codec cannot decode (lossless or 12-bit JPEG, a TIFF of
        /// floating-point samples, a BMP holding a PNG).
        public static let unsupportedFormat = Code(rawValue: "unsupportedFormat")
        /// A format this build decodes, left out of ``DecodingOptions/acceptedFormats`` by the
        /// configuration (`--formats`).
        public static let formatNotAccepted = Code(rawValue: "formatNotAccepted")
        /// The data ends before the image is complete: cut off, missing EOI or IEND.
        public static let truncated = Code(rawValue: "truncated")
        /// The data is malformed: bad markers or chunks, bad Huffman or deflate data.
        public static let corruptData = Code(rawValue: "corruptData")
        /// A PNG chunk CRC or the zlib Adler-32 checksum does not match.
        public static let badChecksum = Code(rawValue: "badChecksum")
        /// Width, height or pixel count exceed the configured limits (decompression-bomb guard).
        public static let dimensionsTooLarge = Code(rawValue: "dimensionsTooLarge")
        /// Decoding needs more than a configured resource bound (progressive scans, memory).
        public static let resourceLimit = Code(rawValue: "resourceLimit")
        /// An option is out of range.
        public static let invalidOption = Code(rawValue: "invalidOption")
        /// A crop rectangle does not fit the (oriented) image.
        public static let invalidCrop = Code(rawValue: "invalidCrop")
        /// No quality setting makes the output fit the requested byte budget.
        public static let budgetUnreachable = Code(rawValue: "budgetUnreachable")
        /// The encoder failed; never the input's fault.
        public static let encodingFailed = Code(rawValue: "encodingFailed")
        /// A ``ProfileImageProcessor`` is at its limits and the caller waited as long as allowed:
        /// try again later (a service answers 503 with `Retry-After`).
        public static let busy = Code(rawValue: "busy")
        /// A library or internal invariant failed; please report it.
        public static let internalError = Code(rawValue: "internalError")

        static let invalidImageCodes: Set<Code> = [
            .emptyFile, .notAnImage, .unsupportedFormat, .formatNotAccepted, .truncated, .corruptData, .badChecksum,
            .dimensionsTooLarge, .resourceLimit,
        ]
    }
}
