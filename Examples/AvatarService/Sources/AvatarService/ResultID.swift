/// The name a result is fetched by: 128 random bits as 32 lowercase hex digits, so that nobody
/// can guess another person's photo, and checked before any lookup.
struct ResultID: Sendable, Hashable, CustomStringConvertible {
    /// The 32 hex digits.
    let description: String

    /// A new random id (from the system's secure generator).
    init() {
        var generator = SystemRandomNumberGenerator()
        let words = [generator.next() as UInt64, generator.next() as UInt64]
        description = words.map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// The id spelled by `text`, if it is 32 lowercase hex digits; `nil` otherwise.
    init?(_ text: Substring) {
        guard text.utf8.count == 32, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else {
            return nil
        }
        description = String(text)
    }
}
