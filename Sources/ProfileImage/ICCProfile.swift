/// The little the pipeline reads from an ICC profile: its colour space and whether it is sRGB.
struct ICCProfile {
    let bytes: [UInt8]

    /// The data colour space signature, e.g. `"RGB "`, `"GRAY"`, `"CMYK"`; `nil` if too short.
    var colorSpace: String? {
        guard bytes.count >= 20 else { return nil }
        return String(decoding: bytes[16..<20], as: UTF8.self)
    }

    /// Whether the profile's description names sRGB (as every sRGB profile in the wild does:
    /// "sRGB IEC61966-2.1", "sRGB built-in", "sRGB v4 ICC preference") as a word of its own:
    /// "esRGB" and "scRGB" are other spaces.
    var isSRGB: Bool {
        guard colorSpace == "RGB ", let description else { return false }
        let words = description.split { !($0.isLetter || $0.isNumber) }
        return words.contains("sRGB")
    }

    /// The `desc` tag's text: ICC v2 `desc` (ASCII) or v4 `mluc` (first record, UTF-16BE),
    /// without the spaces profile tools pad it with.
    var description: String? {
        guard let text = rawDescription else { return nil }
        let trimmed = text.unicodeScalars.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
        return String(String.UnicodeScalarView(trimmed))
    }

    private var rawDescription: String? {
        func u32(_ offset: Int) -> Int? {
            guard offset >= 0, offset + 4 <= bytes.count else { return nil }
            return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        guard let count = u32(128), count < 1000 else { return nil }
        for index in 0..<count {
            let entry = 132 + index * 12
            guard entry + 12 <= bytes.count else { return nil }
            guard bytes[entry..<entry + 4].elementsEqual("desc".utf8), let offset = u32(entry + 4),
                let size = u32(entry + 8), offset + size <= bytes.count, size >= 12
            else { continue }
            let type = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            if type == "desc", let length = u32(offset + 8), offset + 12 + length <= bytes.count {
                return String(decoding: bytes[offset + 12..<offset + 12 + length].prefix { $0 != 0 }, as: UTF8.self)
            }
            if type == "mluc", let records = u32(offset + 8), records > 0, let length = u32(offset + 20),
                let start = u32(offset + 24), offset + start + length <= bytes.count
            {
                let utf16 = stride(from: offset + start, to: offset + start + length - 1, by: 2).map {
                    UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1])
                }
                return String(decoding: utf16, as: UTF16.self)
            }
        }
        return nil
    }

    /// Whether the profile may be embedded in an output of `layout` under `policy`.
    func isEmbeddable(in layout: PixelLayout, policy: ICCProfilePolicy) -> Bool {
        let matches = layout == .gray ? colorSpace == "GRAY" : colorSpace == "RGB "
        switch policy {
        case .srgb, .drop: return false
        case .keep: return matches && !isSRGB
        }
    }
}
