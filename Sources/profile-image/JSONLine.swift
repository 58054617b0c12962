/// Builds one JSON object as a single line, keys in the order they are added (so report lines
/// read the same way every time and diff cleanly).
struct JSONLine {
    private var fields: [String] = []

    /// A JSON value.
    enum Value {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
        case null
        case object(JSONLine)
        case array([Value])
    }

    mutating func add(_ key: String, _ value: Value) {
        fields.append("\(Self.quote(key)):\(Self.render(value))")
    }

    mutating func add(_ key: String, _ value: String?) { add(key, value.map(Value.string) ?? .null) }
    mutating func add(_ key: String, _ value: Int?) { add(key, value.map(Value.int) ?? .null) }
    mutating func add(_ key: String, _ value: Bool) { add(key, .bool(value)) }
    mutating func add(_ key: String, _ value: JSONLine) { add(key, .object(value)) }

    var text: String { "{" + fields.joined(separator: ",") + "}" }

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
    static func quote(_ string: String) -> String {
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
