import ProfileImageBatch
import Testing

@Suite("CSV as RFC 4180 and Excel write it")
struct CSVReaderTests {
    @Test(
        "line ends, quotes, a byte order mark and blank lines",
        arguments: [
            ("a,b\r\nc,d\r\n", [[1: ["a", "b"]], [2: ["c", "d"]]]),
            ("a,b\nc,d", [[1: ["a", "b"]], [2: ["c", "d"]]]),
            ("a,b\rc,d\r", [[1: ["a", "b"]], [2: ["c", "d"]]]),
            ("\u{FEFF}a,b\r\n", [[1: ["a", "b"]]]),
            ("\r\n\r\na\r\n\r\n", [[3: ["a"]]]),
            ("\"x, y\",\"say \"\"hi\"\"\"\r\n", [[1: ["x, y", "say \"hi\""]]]),
            ("\"two\r\nlines\",z\r\nnext\r\n", [[1: ["two\r\nlines", "z"]], [3: ["next"]]]),
            ("a,,c,\r\n", [[1: ["a", "", "c", ""]]]),
            ("  a  , \"  b  \" \r\n", [[1: ["a", "  b  "]]]),
            ("\"\"\r\n", [[1: [""]]]),
        ] as [(String, [[Int: [String]]])])
    func records(text: String, expected: [[Int: [String]]]) throws {
        let records = try CSVReader.records(text)
        #expect(records.map { [$0.line: $0.fields] } == expected)
    }

    @Test("a quote that never closes is an error naming its line")
    func unterminated() {
        let error = #expect(throws: BatchError.self) { _ = try CSVReader.records("ok\r\n\"open,\r\nmore\r\n") }
        #expect(error?.code == .invalidManifest)
        #expect(error?.message.hasPrefix("line 2:") == true)
    }
}
