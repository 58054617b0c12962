/// Just enough XML for OpenCV's cascade files: elements, text, comments and the declaration;
/// attributes are skipped and entities are not expanded (cascades hold numbers and names).
struct CascadeXMLReader {
    /// One element: its name, its own text (not its children's) and its children in order.
    struct Element {
        var name: String
        /// UTF-8; kept as bytes because a cascade is a megabyte of numbers, read byte by byte.
        var text: [UInt8] = []
        var children: [Element] = []

        /// The first child called `name`.
        func child(_ name: String) -> Element? { children.first { $0.name == name } }

        /// The text without surrounding white space.
        var value: String {
            let words = text.split(whereSeparator: Self.isSpace)
            guard let first = words.first, let last = words.last else { return "" }
            return String(decoding: text[first.startIndex..<last.endIndex], as: UTF8.self)
        }

        /// The text as numbers separated by white space; empty if any is not a number.
        var numbers: [Double] {
            let parts = text.split(whereSeparator: Self.isSpace)
            let values = parts.compactMap { Double(String(decoding: $0, as: UTF8.self)) }
            return values.count == parts.count ? values : []
        }

        private static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }
    }

    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The root element.
    /// - Throws: ``ProfileImageError/Code/invalidOption`` for text that is not well-formed XML.
    mutating func document() throws -> Element {
        var stack = [Element(name: "")]
        func fail(_ message: String) -> ProfileImageError {
            ProfileImageError.usage(.invalidOption, "not well-formed XML: \(message)")
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                stack[stack.count - 1].text += bytes[start..<index]
                continue
            }
            if starts(with: "<!--") {
                guard let end = find("-->", from: index + 4) else { throw fail("an unclosed comment") }
                index = end + 3
                continue
            }
            guard let close = find(">", from: index) else { throw fail("an unclosed tag") }
            defer { index = close + 1 }
            let tag = bytes[(index + 1)..<close]
            if tag.first == UInt8(ascii: "?") || tag.first == UInt8(ascii: "!") { continue }
            if tag.first == UInt8(ascii: "/") {
                let name = String(decoding: tag.dropFirst().filter { $0 > 0x20 }, as: UTF8.self)
                guard stack.count > 1, stack[stack.count - 1].name == name else {
                    throw fail("</\(name)> closes no open element")
                }
                let element = stack.removeLast()
                stack[stack.count - 1].children.append(element)
                continue
            }
            let selfClosing = tag.last == UInt8(ascii: "/")
            let name = String(decoding: tag.prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "/") && $0 > 32 }, as: UTF8.self)
            guard !name.isEmpty else { throw fail("a tag without a name") }
            if selfClosing {
                stack[stack.count - 1].children.append(Element(name: name))
            } else {
                stack.append(Element(name: name))
            }
            guard stack.count < 64 else { throw fail("elements nested more than 64 deep") }
        }
        guard stack.count == 1, let root = stack[0].children.first else { throw fail("unclosed elements or no root") }
        return root
    }

    private func starts(with text: String) -> Bool {
        let pattern = Array(text.utf8)
        return index + pattern.count <= bytes.count && bytes[index..<index + pattern.count].elementsEqual(pattern)
    }

    private func find(_ text: String, from start: Int) -> Int? {
        let pattern = Array(text.utf8)
        var position = start
        while position + pattern.count <= bytes.count {
            if bytes[position..<position + pattern.count].elementsEqual(pattern) { return position }
            position += 1
        }
        return nil
    }
}
