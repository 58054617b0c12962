/// A JPEG copied segment by segment with its metadata left out: the entropy-coded data, tables
/// and frame untouched (so the pixels are exactly the source's, at no decoding cost), EXIF, XMP,
/// comments, thumbnails, maker notes and every other application segment gone.
///
/// Kept: the frame and scans (SOFn, SOS and the data after it, DQT, DHT, DRI, DAC, DNL), the
/// Adobe APP14 segment (it says how the colours are coded), a JFIF APP0 rewritten without its
/// thumbnail, and the ICC profile's APP2 segments when asked. Bytes between segments and after
/// EOI are left behind; any other marker makes the copy refuse (`nil`). Only for files a full decode has found intact: the structure is walked,
/// not checked.
enum JPEGSegmentCopy {
    /// The copy, or `nil` if the walk does not reach EOI the way it expects.
    static func stripped(_ bytes: [UInt8], keepingICCProfile keepICC: Bool) -> [UInt8]? {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(bytes.count)
        var index = 2
        while index < bytes.count {
            // Slack before the marker, then any fill bytes.
            while index < bytes.count, bytes[index] != 0xFF { index += 1 }
            while index < bytes.count, bytes[index] == 0xFF { index += 1 }
            guard index < bytes.count else { return nil }
            let marker = bytes[index]
            index += 1
            if marker == 0xD9 {
                out += [0xFF, 0xD9]
                return out
            }
            // Markers without a length (RSTn, TEM) outside a scan carry nothing: dropped. A stuffed
            // 0xFF00 outside a scan is slack to libjpeg (it skips it looking for a marker), so here
            // too: read as a marker with a length, it could smuggle a segment through.
            if (0xD0...0xD7).contains(marker) || marker == 0x01 || marker == 0x00 { continue }
            guard index + 2 <= bytes.count else { return nil }
            let length = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            guard length >= 2, index + length <= bytes.count else { return nil }
            let payload = bytes[(index + 2)..<(index + length)]
            switch marker {
            case 0xE0 where payload.starts(with: Array("JFIF\0".utf8)) && payload.count >= 12:
                // Version, density units and densities; no thumbnail.
                out += [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF\0".utf8) + payload.dropFirst(5).prefix(7) + [0, 0]
            case 0xE2 where keepICC && payload.starts(with: Array("ICC_PROFILE\0".utf8)),
                0xEE where payload.starts(with: Array("Adobe".utf8)):
                out += [0xFF, marker] + bytes[index..<(index + length)]
            case 0xE0...0xEF, 0xFE:
                break  // metadata
            case 0xC0...0xCF, 0xDA...0xDD:
                // SOFn, DHT, DAC, SOS, DQT, DNL, DRI: what the decoder needs.
                out += [0xFF, marker] + bytes[index..<(index + length)]
            default:
                return nil  // anything else: not copied blind; the pixels are re-encoded
            }
            index += length
            if marker == 0xDA {
                // The entropy-coded data runs to the next marker that is neither a stuffed 0xFF00
                // nor a restart marker.
                let start = index
                while index + 1 < bytes.count {
                    if bytes[index] == 0xFF, bytes[index + 1] != 0x00, !(0xD0...0xD7).contains(bytes[index + 1]) { break }
                    index += 1
                }
                out += bytes[start..<index]
            }
        }
        return nil
    }
}
