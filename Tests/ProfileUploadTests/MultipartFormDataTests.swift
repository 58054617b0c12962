import Foundation
import MultipartKit
import Testing

@testable import ProfileUpload

@Suite("multipart/form-data builder, checked by MultipartKit's parser")
struct MultipartFormDataTests {
    struct Parsed: Equatable {
        var headers: [[String: String]] = []
        var bodies: [[UInt8]] = []
    }

    /// Parses with MultipartKit, an implementation independent of the builder.
    static func parse(_ body: [UInt8], boundary: String) throws -> Parsed {
        let parser = MultipartParser(boundary: boundary)
        var parsed = Parsed()
        var headers: [String: String] = [:]
        var content: [UInt8] = []
        parser.onHeader = { headers[$0.lowercased()] = $1 }
        parser.onBody = { content += $0.readBytes(length: $0.readableBytes) ?? [] }
        parser.onPartComplete = {
            parsed.headers.append(headers)
            parsed.bodies.append(content)
            headers = [:]
            content = []
        }
        try parser.execute(body)
        return parsed
    }

    @Test("bytes, names and types come through exactly; Content-Length is exact")
    func roundTrip() throws {
        var form = MultipartFormData()
        try form.append(TestSupport.jpeg, name: "image", filename: "image.jpg", contentType: "image/jpeg")
        try form.append(TestSupport.png, name: "cropped_image", filename: "crop.png", contentType: "image/png")
        try form.append("hello", name: "note")
        let body = try form.encoded()
        #expect(body.count == form.contentLength)
        #expect(form.contentType == "multipart/form-data; boundary=\(form.boundary)")
        let parsed = try Self.parse(body, boundary: form.boundary)
        #expect(parsed.bodies == [TestSupport.jpeg, TestSupport.png, Array("hello".utf8)])
        #expect(parsed.headers[0]["content-disposition"] == "form-data; name=\"image\"; filename=\"image.jpg\"")
        #expect(parsed.headers[0]["content-type"] == "image/jpeg")
        #expect(parsed.headers[1]["content-type"] == "image/png")
        #expect(parsed.headers[2]["content-disposition"] == "form-data; name=\"note\"")
        #expect(parsed.headers[2]["content-type"] == nil)
    }

    @Test("a streamed file part gives the same bytes as memory, chunk by chunk")
    func streamedFile() async throws {
        let path = TestSupport.temporaryPath("big.bin")
        var random = SystemRandomNumberGenerator()
        let content = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        try Data(content).write(to: URL(fileURLWithPath: path))
        var form = MultipartFormData(boundary: "fixed-boundary-for-test")
        try form.appendFile(at: path, name: "image", filename: "big.jpg", contentType: "image/jpeg")
        var memory = MultipartFormData(boundary: "fixed-boundary-for-test")
        try memory.append(content, name: "image", filename: "big.jpg", contentType: "image/jpeg")
        var streamed: [UInt8] = []
        var largestChunk = 0
        for try await chunk in form.chunks(size: 4096) {
            streamed += chunk
            largestChunk = max(largestChunk, chunk.count)
        }
        #expect(streamed == (try memory.encoded()))
        #expect(streamed == (try form.encoded()))
        #expect(streamed.count == form.contentLength)
        #expect(largestChunk <= 4096)
        // A file that changes size after it was appended breaks the promised Content-Length: error.
        try Data(content.prefix(1000)).write(to: URL(fileURLWithPath: path))
        await #expect(throws: ProfileUploadError.self) { for try await _ in form.chunks() {} }
    }

    @Test(
        "quotes, CR, LF and non-ASCII in names and filenames are escaped as browsers do",
        arguments: [
            ("a\"b.jpg", "a%22b.jpg"), ("evil\r\nContent-Type: text/html.jpg", "evil%0D%0AContent-Type: text/html.jpg"),
            ("Ünïcødé 写真.jpg", "Ünïcødé 写真.jpg"), ("back\\slash;semi=colon.jpg", "back\\slash;semi=colon.jpg"),
            // A quote with a combining mark after it is one Character, still a quote byte on the wire.
            ("q\"\u{35A}.jpg", "q%22\u{35A}.jpg"),
        ])
    func escaping(filename: String, escaped: String) throws {
        var form = MultipartFormData()
        try form.append(TestSupport.jpeg, name: "im\"age", filename: filename, contentType: "image/jpeg")
        let body = try form.encoded()
        let parsed = try Self.parse(body, boundary: form.boundary)
        #expect(parsed.headers.count == 1, "no header injection")
        #expect(parsed.headers[0]["content-disposition"] == "form-data; name=\"im%22age\"; filename=\"\(escaped)\"")
        #expect(parsed.headers[0]["content-type"] == "image/jpeg")
        #expect(parsed.bodies == [TestSupport.jpeg])
        // Non-ASCII is sent as raw UTF-8 bytes.
        #expect(body.firstRange(of: Array(escaped.utf8)) != nil)
    }

    @Test("a boundary found in the content is replaced; a fixed one is refused")
    func boundaryCollision() throws {
        var form = MultipartFormData()
        let first = form.boundary
        #expect(first.count >= 40)
        try form.append(TestSupport.jpeg, name: "image", filename: "a.jpg", contentType: "image/jpeg")
        let hostile = Array("prefix\r\n--\(form.boundary)\r\nsuffix".utf8)
        let before = form.boundary
        try form.append(hostile, name: "cropped_image", filename: "b.jpg", contentType: "image/jpeg")
        #expect(form.boundary != before)
        let body = try form.encoded()
        #expect(body.firstRange(of: Array("--\(form.boundary)".utf8)) != nil)
        let parsed = try Self.parse(body, boundary: form.boundary)
        #expect(parsed.bodies == [TestSupport.jpeg, hostile])

        var fixed = MultipartFormData(boundary: "xyz")
        let error = try #require(throws: ProfileUploadError.self) {
            try fixed.append(Array("--xyz".utf8), name: "image", filename: "a.jpg", contentType: "image/jpeg")
        }
        #expect(error.code == .multipart)
        #expect(fixed.parts.isEmpty)
    }

    @Test("boundaries are random")
    func randomBoundaries() {
        let boundaries = Set((0..<50).map { _ in MultipartFormData().boundary })
        #expect(boundaries.count == 50)
    }
}
