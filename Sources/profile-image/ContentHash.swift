/// A 64-bit FNV-1a hash of bytes, as hex: enough to tell whether an input or the options changed
/// since the last run (not a security measure).
enum ContentHash {
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    static func hex(_ text: String) -> String { hex(text.utf8) }
}
