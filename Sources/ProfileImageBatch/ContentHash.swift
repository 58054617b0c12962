import Foundation

/// XXH64 (seed 0) of bytes, as 16 hex digits: enough to tell whether an input or the options
/// changed since the last run (not a security measure). XXH64 reads eight bytes per step in four
/// independent lanes, so hashing each input costs a small fraction of decoding it; a byte-at-a-time
/// hash such as FNV-1a cost about 3% of a batch.
public enum ContentHash {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    /// XXH64 of `bytes` as 16 hex digits.
    public static func hex(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes(hex) }

    /// XXH64 of `data` as 16 hex digits.
    public static func hex(_ data: Data) -> String { data.withUnsafeBytes(hex) }

    /// XXH64 of the UTF-8 of `text` as 16 hex digits.
    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }

    static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        let text = String(xxh64(bytes), radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    static func xxh64(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var offset = 0
        var hash: UInt64
        if count >= 32 {
            var lanes = (prime1 &+ prime2, prime2, UInt64(0), 0 &- prime1)
            while offset + 32 <= count {
                lanes.0 = round(lanes.0, word64(bytes, offset))
                lanes.1 = round(lanes.1, word64(bytes, offset + 8))
                lanes.2 = round(lanes.2, word64(bytes, offset + 16))
                lanes.3 = round(lanes.3, word64(bytes, offset + 24))
                offset += 32
            }
            hash = rotl(lanes.0, 1) &+ rotl(lanes.1, 7) &+ rotl(lanes.2, 12) &+ rotl(lanes.3, 18)
            for lane in [lanes.0, lanes.1, lanes.2, lanes.3] {
                hash = (hash ^ round(0, lane)) &* prime1 &+ prime4
            }
        } else {
            hash = prime5
        }
        hash &+= UInt64(count)
        while offset + 8 <= count {
            hash ^= round(0, word64(bytes, offset))
            hash = rotl(hash, 27) &* prime1 &+ prime4
            offset += 8
        }
        if offset + 4 <= count {
            let word = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            hash ^= UInt64(word) &* prime1
            hash = rotl(hash, 23) &* prime2 &+ prime3
            offset += 4
        }
        while offset < count {
            hash ^= UInt64(bytes[offset]) &* prime5
            hash = rotl(hash, 11) &* prime1
            offset += 1
        }
        hash ^= hash >> 33
        hash &*= prime2
        hash ^= hash >> 29
        hash &*= prime3
        hash ^= hash >> 32
        return hash
    }

    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        rotl(accumulator &+ input &* prime2, 31) &* prime1
    }

    private static func rotl(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value &<< count) | (value &>> (64 - count))
    }

    private static func word64(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
