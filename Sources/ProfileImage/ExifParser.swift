/// Reads and patches the EXIF orientation in a TIFF-structured EXIF payload (the bytes after
/// `Exif\0\0` in a JPEG APP1 marker, or a PNG `eXIf` chunk). Every read is bounds-checked: a
/// damaged EXIF block yields `nil`, never a crash.
enum ExifParser {
    private static let orientationTag: UInt16 = 0x0112
    private static let shortType: UInt16 = 3

    /// The orientation in IFD0, or `nil` if absent, out of range or unreadable.
    static func orientation(inTIFF tiff: [UInt8]) -> ExifOrientation? {
        guard let entry = orientationEntry(inTIFF: tiff) else { return nil }
        let (a, b) = (Int(tiff[entry.valueOffset]), Int(tiff[entry.valueOffset + 1]))
        return ExifOrientation(rawValue: entry.bigEndian ? a << 8 | b : b << 8 | a)
    }

    /// The payload with its orientation set to 1 (upright), for pixels that have been turned
    /// upright; unchanged if there is no readable orientation.
    static func resettingOrientation(inTIFF tiff: [UInt8]) -> [UInt8] {
        guard let entry = orientationEntry(inTIFF: tiff) else { return tiff }
        var patched = tiff
        patched[entry.valueOffset] = entry.bigEndian ? 0 : 1
        patched[entry.valueOffset + 1] = entry.bigEndian ? 1 : 0
        return patched
    }

    /// Where IFD0's orientation value (a SHORT) is stored, and the byte order.
    private static func orientationEntry(inTIFF tiff: [UInt8]) -> (valueOffset: Int, bigEndian: Bool)? {
        guard tiff.count >= 8 else { return nil }
        let bigEndian: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): bigEndian = false
        case (0x4D, 0x4D): bigEndian = true
        default: return nil
        }
        func u16(_ offset: Int) -> UInt16? {
            guard offset >= 0, offset + 2 <= tiff.count else { return nil }
            let a = UInt16(tiff[offset])
            let b = UInt16(tiff[offset + 1])
            return bigEndian ? a << 8 | b : b << 8 | a
        }
        func u32(_ offset: Int) -> UInt32? {
            guard let first = u16(offset), let second = u16(offset + 2) else { return nil }
            return bigEndian ? UInt32(first) << 16 | UInt32(second) : UInt32(second) << 16 | UInt32(first)
        }
        guard u16(2) == 42, let ifdOffset = u32(4).map(Int.init), let count = u16(ifdOffset) else { return nil }
        for index in 0..<Int(count) {
            let entry = ifdOffset + 2 + index * 12
            guard let tag = u16(entry) else { return nil }
            guard tag == orientationTag else { continue }
            guard u16(entry + 2) == shortType, u16(entry + 8) != nil else { return nil }
            return (entry + 8, bigEndian)
        }
        return nil
    }
}
