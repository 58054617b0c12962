extension ImageDecoder {
    /// Checks that `bytes` are an intact image of an accepted format (JPEG, PNG, WebP, HEIC,
    /// AVIF, GIF, TIFF or BMP) by decoding every byte of image data, and returns the header.
    ///
    /// This is a full decode, not a header sniff: truncation, a missing EOI or IEND, damaged
    /// entropy or deflate data, bad CRCs and bad Adler-32 checksums are all found. JPEG and PNG
    /// pixels are decoded into a single scratch row and discarded, so memory stays O(width) apart
    /// from libjpeg's own progressive-mode coefficient buffer; the other formats' libraries decode
    /// a whole frame (TIFF a strip or a row of tiles at a time), which the limits bound.
    ///
    /// Under the tolerant policy, damage the decoder recovered from is not thrown: it leads the
    /// returned ``ImageInfo/warnings``, so that the verdict says the pixels are not all there.
    /// - Throws: ``ProfileImageError`` with ``ProfileImageError/invalidImageMessage`` and a
    ///   precise reason.
    public func validate(_ bytes: [UInt8]) throws -> ImageInfo {
        let decoded = try run(bytes, depth: .verify)
        var info = decoded.info
        if let damage = decoded.recoveredDamage { info.warnings.insert("recovered from damage: \(damage)", at: 0) }
        return info
    }
}
