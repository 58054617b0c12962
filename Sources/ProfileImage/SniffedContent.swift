/// What a file's leading bytes say it is. File names are never consulted.
public enum SniffedContent: Sendable, Hashable {
    /// No bytes at all.
    case empty
    /// A recognised image format (supported or not).
    case image(ImageFormat)
    /// Something that is not an image; the string says what it looks like, e.g. `"an HTML document"`.
    case other(String)

    /// Recognises the content of `bytes` from magic numbers (and, for SVG, the root element).
    public init(sniffing bytes: [UInt8]) {
        if bytes.isEmpty {
            self = .empty
        } else if let format = Self.imageFormat(of: bytes) {
            self = .image(format)
        } else {
            self = .other(Self.describeNonImage(bytes))
        }
    }

    /// The image format, if the content is one.
    public var imageFormat: ImageFormat? {
        if case .image(let format) = self { return format }
        return nil
    }

    private static func imageFormat(of bytes: [UInt8]) -> ImageFormat? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && bytes[offset..<offset + prefix.count].elementsEqual(prefix)
        }
        // Two bytes suffice: a JPEG cut after SOI is still a (truncated) JPEG.
        if starts([0xFF, 0xD8]) { return .jpeg }
        // The first four bytes; libpng diagnoses a signature mangled by text-mode transfer.
        if starts([0x89, 0x50, 0x4E, 0x47]) { return .png }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) || starts([0x49, 0x49, 0x2B, 0x00]) {
            return .tiff
        }
        if starts([0xFF, 0x0A]) || starts([0, 0, 0, 0x0C, 0x4A, 0x58, 0x4C, 0x20, 0x0D, 0x0A, 0x87, 0x0A]) {
            return .jpegXL
        }
        if starts([0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A]) || starts([0xFF, 0x4F, 0xFF, 0x51]) {
            return .jpeg2000
        }
        if starts(Array("8BPS".utf8)) { return .psd }
        if let format = isoMediaFormat(bytes) { return format }
        if isBMP(bytes) { return .bmp }
        if (starts([0, 0, 1, 0]) || starts([0, 0, 2, 0])) && bytes.count >= 6 && (bytes[4] != 0 || bytes[5] != 0) {
            return .ico
        }
        if TextSniffer(bytes).isSVG { return .svg }
        return nil
    }

    /// HEIF-family files (HEIC, AVIF) are ISO media files: a `ftyp` box naming their brands.
    private static func isoMediaFormat(_ bytes: [UInt8]) -> ImageFormat? {
        guard bytes.count >= 16, bytes[4..<8].elementsEqual("ftyp".utf8) else { return nil }
        let boxSize = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        let end = min(bytes.count, max(16, boxSize))
        var brands: [String] = [String(decoding: bytes[8..<12], as: UTF8.self)]
        var offset = 16
        while offset + 4 <= end {
            brands.append(String(decoding: bytes[offset..<offset + 4], as: UTF8.self))
            offset += 4
        }
        if brands.contains(where: { $0 == "avif" || $0 == "avis" }) { return .avif }
        let heifBrands: Set<String> = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]
        if brands.contains(where: heifBrands.contains) { return .heic }
        return nil
    }

    /// "BM" alone is too weak (plenty of text starts with it): also require a known DIB header size.
    private static func isBMP(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 18, bytes[0] == 0x42, bytes[1] == 0x4D else { return false }
        let dibSize = Int(bytes[14]) | Int(bytes[15]) << 8 | Int(bytes[16]) << 16 | Int(bytes[17]) << 24
        return [12, 16, 40, 52, 56, 64, 108, 124].contains(dibSize)
    }

    private static func describeNonImage(_ bytes: [UInt8]) -> String {
        func starts(_ text: String) -> Bool { bytes.starts(with: text.utf8) }
        if starts("%PDF-") { return "a PDF document" }
        if starts("PK\u{03}\u{04}") { return "a ZIP archive" }
        if bytes.starts(with: [0x1F, 0x8B]) { return "gzip-compressed data" }
        let text = TextSniffer(bytes)
        if text.isHTML { return "an HTML document" }
        if text.isXML { return "an XML document" }
        if text.isText { return "text" }
        return "binary data of no known image format"
    }
}
