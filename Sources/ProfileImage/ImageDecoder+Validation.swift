extension ImageDecoder {
    /// Checks that `bytes` are an intact JPEG or PNG by decoding every byte of image data, and
    /// returns the header.
    ///
    /// This is a full decode, not a header sniff: truncation, a missing EOI or IEND, damaged
    /// entropy or deflate data, bad CRCs and bad Adler-32 checksums are all found. Pixels are
    /// decoded into a single scratch row and discarded, so memory stays O(width) apart from
    /// libjpeg's own progressive-mode coefficient buffer.
    /// - Throws: ``ProfileImageError`` with ``ProfileImageError/invalidImageMessage`` and a
    ///   precise reason.
    public func validate(_ bytes: [UInt8]) throws -> ImageInfo {
        try run(bytes, depth: .verify).info
    }
}
