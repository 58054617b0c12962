/// Just enough XML for OpenCV's cascade files: elements, text, comments and the declaration;
/// attributes are skipped and entities are not expanded (cascades hold numbers and names).
struct CascadeXMLReader {
    /// One element: its name, its own text (not its children's) and its children in order.
    struct Element {
        var name: String
        var text: String = ""
        var children: [Element] = []

        /// The first child called `name`.
        func child(_ name: String) -> Element? { children.first { $0.name == name } }

        /// The text without surrounding white space.
        var value: String {
            String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        }

        /// The text as numbers separated by white space; empty if any is not a number.
        var numbers: [Double] {
            let parts = text.split { $0.isWhitespace }
            let values = parts.compactMap { Double($0) }
            return values.count == parts.count ? values : []
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
                stack[stack.count - 1].text += String(decoding: bytes[start..<index], as: UTF8.self)
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
                let name = String(decoding: tag.dropFirst(), as: UTF8.self).filter { !$0.isWhitespace }
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
