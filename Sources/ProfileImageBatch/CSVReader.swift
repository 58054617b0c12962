/// Reads CSV as RFC 4180 writes it, and as Excel and most Windows tools save it: records end
/// with CRLF (or a bare LF or CR), fields are separated by commas, a field in double quotes may
/// hold commas, line breaks and `""` for a quote, and a UTF-8 byte order mark at the start is
/// dropped. Blank lines are skipped. Unquoted fields are trimmed of spaces and tabs.
public enum CSVReader {
    /// One record and the line it starts on.
    public struct Record: Sendable, Hashable {
        /// The 1-based line the record starts on, for messages.
        public let line: Int
        /// The fields, unquoted.
        public let fields: [String]
    }

    /// The records of `text`.
    /// - Throws: ``BatchError`` with code ``BatchError/Code/invalidManifest`` for a quoted field
    ///   that never closes.
    public static func records(_ text: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var wasQuoted = false
        var line = 1
        var recordLine = 1
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }

        func endField() {
            let value = String(field)
            fields.append(wasQuoted ? value : value.trimmingCharacters(in: [" ", "\t"]))
            field = String.UnicodeScalarView()
            wasQuoted = false
        }
        func endRecord() {
            // A blank line is one empty unquoted field: not a record.
            let blank = fields.isEmpty && !wasQuoted && String(field).allSatisfy { $0 == " " || $0 == "\t" }
            endField()
            if !blank { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
        }

        while let scalar = scalars.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" {
                        field.append("\"")
                        scalars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" || (scalar == "\r" && scalars.first != "\n") { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where !wasQuoted && String(field).allSatisfy({ $0 == " " || $0 == "\t" }):
                field = String.UnicodeScalarView()
                quoted = true
                wasQuoted = true
            case let space where wasQuoted && (space == " " || space == "\t"):
                // Spaces between a closing quote and the next separator are not the field's.
                break
            case ",":
                endField()
            case "\r", "\n":
                if scalar == "\r" && scalars.first == "\n" { scalars.removeFirst() }
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(scalar)
            }
        }
        if quoted {
            throw BatchError(code: .invalidManifest, message: "line \(recordLine): a quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}
