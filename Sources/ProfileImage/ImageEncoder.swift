import CProfileImageShims

/// Encodes pixels as JPEG (libjpeg-turbo) or PNG (libpng). Writes no metadata but what it is
/// given: no EXIF, no text chunks, no timestamps, so output bytes depend only on the input.
public enum ImageEncoder {
    /// Encodes `pixels` as a JPEG. RGBA input is written as RGB with the alpha byte ignored:
    /// flatten it first (``PixelBuffer/flattened(onto:)``) if it has transparency.
    /// - Parameters:
    ///   - iccProfile: written as APP2 markers, split as needed.
    ///   - exif: a TIFF-structured EXIF payload, written as one APP1 marker (at most 65,527 bytes).
    /// - Throws: ``ProfileImageError`` with code ``ProfileImageError/Code/invalidOption`` for a
    ///   quality outside 1...100 or an empty image, ``ProfileImageError/Code/encodingFailed``
    ///   if libjpeg fails.
    public static func jpeg(
        _ pixels: PixelBuffer,
        options: JPEGEncodingOptions = JPEGEncodingOptions(),
        iccProfile: [UInt8]? = nil,
        exif: [UInt8]? = nil
    ) throws -> [UInt8] {
        try jpeg(pixels, options: options, iccProfile: iccProfile, exif: exif, failingAfterBytes: 0)
    }

    /// ``jpeg(_:options:iccProfile:exif:)`` failing as if out of memory once the output would grow
    /// past `failingAfterBytes` (0: never), for tests of the encoder's error path.
    package static func jpeg(
        _ pixels: PixelBuffer, options: JPEGEncodingOptions, iccProfile: [UInt8]?, exif: [UInt8]?, failingAfterBytes: Int
    ) throws -> [UInt8] {
        try refuseInk(pixels)
        guard (1...100).contains(options.quality) else {
            throw ProfileImageError.usage(.invalidOption, "JPEG quality must be 1...100, not \(options.quality)")
        }
        if let exif, exif.count > 65_527 {
            throw ProfileImageError.usage(.invalidOption, "EXIF of \(exif.count) bytes does not fit one APP1 marker")
        }
        let subsampling: Int32 =
            switch options.subsampling {
            case .s420: 0
            case .s422: 1
            case .s444: 2
            }
        return try encode(pixels, format: .jpeg) { image, output, length, diagnostic in
            withOptionalBuffer(iccProfile) { icc in
                withOptionalBuffer(exif) { exif in
                    var settings = pik_jpeg_settings(
                        quality: Int32(options.quality), subsampling: subsampling,
                        progressive: options.progressive ? 1 : 0, optimize_coding: options.optimizeHuffman ? 1 : 0,
                        icc: icc.baseAddress, icc_length: icc.count, exif: exif.baseAddress, exif_length: exif.count,
                        fail_after_bytes: max(0, failingAfterBytes))
                    return pik_jpeg_encode(&image, &settings, &output, &length, &diagnostic)
                }
            }
        }
    }

    /// Encodes `pixels` as an 8-bit PNG: grey, RGB or RGBA as laid out.
    /// - Throws: ``ProfileImageError`` with code ``ProfileImageError/Code/invalidOption`` for a
    ///   compression level outside 0...9 or an empty image, ``ProfileImageError/Code/encodingFailed``
    ///   if libpng fails.
    public static func png(
        _ pixels: PixelBuffer,
        options: PNGEncodingOptions = PNGEncodingOptions(),
        iccProfile: [UInt8]? = nil,
        exif: [UInt8]? = nil
    ) throws -> [UInt8] {
        try png(pixels, options: options, iccProfile: iccProfile, exif: exif, failingAfterBytes: 0)
    }

    /// ``png(_:options:iccProfile:exif:)`` failing as if out of memory once the output would grow
    /// past `failingAfterBytes` (0: never), for tests of the encoder's error path.
    package static func png(
        _ pixels: PixelBuffer, options: PNGEncodingOptions, iccProfile: [UInt8]?, exif: [UInt8]?, failingAfterBytes: Int
    ) throws -> [UInt8] {
        try refuseInk(pixels)
        guard (0...9).contains(options.compressionLevel) else {
            throw ProfileImageError.usage(
                .invalidOption, "PNG compression level must be 0...9, not \(options.compressionLevel)")
        }
        return try encode(pixels, format: .png) { image, output, length, diagnostic in
            withOptionalBuffer(iccProfile) { icc in
                withOptionalBuffer(exif) { exif in
                    var settings = pik_png_settings(
                        compression_level: Int32(options.compressionLevel), icc: icc.baseAddress,
                        icc_length: icc.count, exif: exif.baseAddress, exif_length: exif.count,
                        fail_after_bytes: max(0, failingAfterBytes))
                    return pik_png_encode(&image, &settings, &output, &length, &diagnostic)
                }
            }
        }
    }

    private static func encode(
        _ pixels: PixelBuffer,
        format: ImageFormat,
        _ call: (inout pik_pixels, inout UnsafeMutablePointer<UInt8>?, inout Int, inout pik_diagnostic) -> pik_status
    ) throws -> [UInt8] {
        guard pixels.width > 0, pixels.height > 0 else {
            throw ProfileImageError.usage(.invalidOption, "Cannot encode an empty \(pixels.width)x\(pixels.height) image")
        }
        return try pixels.bytes.withUnsafeBufferPointer { bytes in
            var image = pik_pixels(
                pixels: bytes.baseAddress, width: UInt32(pixels.width), height: UInt32(pixels.height),
                channels: Int32(pixels.layout.channels), stride: pixels.rowStride)
            var output: UnsafeMutablePointer<UInt8>?
            var length = 0
            var diagnostic = pik_diagnostic()
            let status = call(&image, &output, &length, &diagnostic)
            defer { pik_free(output) }
            guard status == PIK_OK, let output else {
                let failure = ProfileImageError(diagnostic: diagnostic, format: format, inputSize: 0)
                throw ProfileImageError(
                    code: .encodingFailed, message: "Could not encode the \(format.displayName) output",
                    reason: failure.reason, format: format)
            }
            return Array(UnsafeBufferPointer(start: output, count: length))
        }
    }

    private static func withOptionalBuffer<R>(_ bytes: [UInt8]?, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard let bytes else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return bytes.withUnsafeBufferPointer(body)
    }

    /// Ink is not a colour an output can carry: the pipeline converts ``PixelLayout/cmyk`` first.
    private static func refuseInk(_ pixels: PixelBuffer) throws {
        if pixels.layout == .cmyk {
            throw ProfileImageError.usage(.invalidOption, "CMYK pixels cannot be encoded: convert them to RGB first")
        }
    }
}
