/// Builds one JSON object as a single line, keys in the order they are added (so report lines
/// read the same way every time and diff cleanly).
public struct JSONLine: Sendable {
    private var fields: [String] = []

    /// An empty object.
    public init() {}

    /// A JSON value.
    public enum Value: Sendable {
        /// A string.
        case string(String)
        /// A whole number.
        case int(Int)
        /// A number (non-finite ones are written as `null`).
        case double(Double)
        /// `true` or `false`.
        case bool(Bool)
        /// `null`.
        case null
        /// A nested object.
        case object(JSONLine)
        /// An array.
        case array([Value])
    }

    /// Adds `key` with `value`.
    public mutating func add(_ key: String, _ value: Value) {
        fields.append("\(Self.quote(key)):\(Self.render(value))")
    }

    /// Adds a string, or `null`.
    public mutating func add(_ key: String, _ value: String?) { add(key, value.map(Value.string) ?? .null) }
    /// Adds a number, or `null`.
    public mutating func add(_ key: String, _ value: Int?) { add(key, value.map(Value.int) ?? .null) }
    /// Adds a Boolean.
    public mutating func add(_ key: String, _ value: Bool) { add(key, .bool(value)) }
    /// Adds a nested object.
    public mutating func add(_ key: String, _ value: JSONLine) { add(key, .object(value)) }

    /// The object, on one line.
    public var text: String { "{" + fields.joined(separator: ",") + "}" }

    private static func render(_ value: Value) -> String {
        switch value {
        case .string(let string): quote(string)
        case .int(let int): String(int)
        case .double(let double): double.isFinite ? String(double) : "null"
        case .bool(let bool): bool ? "true" : "false"
        case .null: "null"
        case .object(let object): object.text
        case .array(let values): "[" + values.map(render).joined(separator: ",") + "]"
        }
    }

    /// RFC 8259 string escaping; non-ASCII passes through as UTF-8.
    /// `string` as a JSON string literal.
    public static func quote(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20 || c.value == 0x7F:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
