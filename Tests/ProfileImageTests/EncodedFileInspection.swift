/// Reads the structure of encoded files, to check what the pipeline wrote into them.
enum EncodedFileInspection {
    /// The marker bytes (0xE0...0xEF for APPn, 0xFE for COM, ...) of every JPEG segment before the first scan.
    static func jpegMarkers(_ bytes: [UInt8]) -> [UInt8] {
        var markers: [UInt8] = []
        var index = 2
        while index + 4 <= bytes.count, bytes[index] == 0xFF {
            let marker = bytes[index + 1]
            markers.append(marker)
            if marker == 0xDA { break }
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            index += 2 + length
        }
        return markers
    }

    /// The four-letter types of every PNG chunk, in order.
    static func pngChunks(_ bytes: [UInt8]) -> [String] {
        var chunks: [String] = []
        var index = 8
        while index + 8 <= bytes.count {
            let length = bytes[index..<index + 4].reduce(0) { $0 << 8 | Int($1) }
            chunks.append(String(decoding: bytes[index + 4..<index + 8], as: UTF8.self))
            index += 12 + length
        }
        return chunks
    }
}
