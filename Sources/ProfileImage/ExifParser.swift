/// Reads the few EXIF fields the pipeline needs from a TIFF-structured EXIF payload (the bytes
/// after `Exif\0\0` in a JPEG APP1 marker, or a PNG `eXIf` chunk). Every read is bounds-checked:
/// a damaged EXIF block yields `nil`, never a crash.
enum ExifParser {
    private static let orientationTag: UInt16 = 0x0112
    private static let shortType: UInt16 = 3

    /// The orientation in IFD0, or `nil` if absent, out of range or unreadable.
    static func orientation(inTIFF tiff: [UInt8]) -> ExifOrientation? {
        guard tiff.count >= 8 else { return nil }
        let bigEndian: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): bigEndian = false
        case (0x4D, 0x4D): bigEndian = true
        default: return nil
        }
        func u16(_ offset: Int) -> UInt16? {
            guard offset >= 0, offset + 2 <= tiff.count else { return nil }
            let a = UInt16(tiff[offset]), b = UInt16(tiff[offset + 1])
            return bigEndian ? a << 8 | b : b << 8 | a
        }
        func u32(_ offset: Int) -> UInt32? {
            guard let high = u16(bigEndian ? offset : offset + 2), let low = u16(bigEndian ? offset + 2 : offset) else {
                return nil
            }
            return UInt32(high) << 16 | UInt32(low)
        }
        guard u16(2) == 42, let ifdOffset = u32(4).map(Int.init), let count = u16(ifdOffset) else { return nil }
        for index in 0..<Int(count) {
            let entry = ifdOffset + 2 + index * 12
            guard let tag = u16(entry) else { return nil }
            guard tag == orientationTag else { continue }
            guard u16(entry + 2) == shortType, let value = u16(entry + 8) else { return nil }
            return ExifOrientation(rawValue: Int(value))
        }
        return nil
    }
}
