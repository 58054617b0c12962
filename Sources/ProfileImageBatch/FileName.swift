/// File names as the file system holds them: bytes, not always UTF-8 (old archives, Latin-1
/// names).
enum FileName {
    /// The name as text: UTF-8 where it is, each other byte as `\xHH` and a backslash as `\\`, so
    /// that every file can be named in messages, reports and output names, and two different names
    /// never look the same (a name that really holds the four characters `\xE9` shows as `\\xE9`).
    static func display(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) {
            return text.contains("\\") ? text.replacingOccurrences(of: "\\", with: "\\\\") : text
        }
        var text = ""
        var index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            if length > 0 {
                text += bytes[index] == UInt8(ascii: "\\") ? "\\\\" : String(decoding: bytes[index..<index + length], as: UTF8.self)
                index += length
            } else {
                let hex = String(bytes[index], radix: 16, uppercase: true)
                text += "\\x" + (hex.count == 1 ? "0" : "") + hex
                index += 1
            }
        }
        return text
    }

    /// The length of the well-formed UTF-8 sequence at `index`, or 0 if there is none.
    private static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let first = bytes[index]
        let length: Int
        switch first {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        return String(validating: bytes[index..<index + length], as: UTF8.self) == nil ? 0 : length
    }
}
