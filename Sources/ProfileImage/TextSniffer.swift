/// Looks at the start of a file as text: enough to tell SVG, HTML, XML and plain text apart.
struct TextSniffer {
    /// The first few kilobytes, lower-cased ASCII, after a UTF-8 byte-order mark and whitespace.
    private let head: String
    let isText: Bool

    init(_ bytes: [UInt8]) {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let end = min(bytes.count, start + 4096)
        while start < end, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        let window = bytes[start..<end]
        // Text has no NULs and few control characters; UTF-16 and binary data have many.
        let controls = window.lazy.filter { $0 < 0x20 && ![0x09, 0x0A, 0x0D, 0x0C].contains($0) }.count
        isText = !window.isEmpty && controls == 0
        head = isText ? String(decoding: window, as: UTF8.self).lowercased() : ""
    }

    var isSVG: Bool {
        guard isText, head.hasPrefix("<"), !isHTML else { return false }
        return head.contains("<svg")
    }

    var isHTML: Bool {
        isText && (head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.contains("<html"))
    }

    var isXML: Bool { isText && head.hasPrefix("<?xml") }
}
