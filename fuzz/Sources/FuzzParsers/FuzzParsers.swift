// The text parsers a server's answer or a user's file reaches: the 429 text and Retry-After, the
// profile update's field rules, manifests, crop strings, and the multipart body, which an
// independent parser (MultipartKit's) must read back exactly as it was built.
import FuzzSupport
import Foundation
import MultipartKit
import NIOCore
import ProfileImage
import ProfileImageBatch
import ProfileUpload

/// Splits the input at 0xFF bytes into at most `count` pieces (missing ones are empty).
func pieces(_ bytes: ArraySlice<UInt8>, _ count: Int) -> [[UInt8]] {
    var result = bytes.split(separator: 0xFF, maxSplits: count - 1, omittingEmptySubsequences: false).map(Array.init)
    while result.count < count { result.append([]) }
    return result
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// WHATWG's multipart/form-data escaping of a name, the oracle for what the header must say.
/// By bytes, not Characters: a `"` followed by a combining mark is one Character in Swift, and
/// String's replacing would leave that quote unescaped (the fuzzer's first find in this oracle).
func whatwgEscaped(_ name: String) -> String {
    var escaped: [UInt8] = []
    for byte in name.utf8 {
        switch byte {
        case UInt8(ascii: "\""): escaped += Array("%22".utf8)
        case UInt8(ascii: "\r"): escaped += Array("%0D".utf8)
        case UInt8(ascii: "\n"): escaped += Array("%0A".utf8)
        default: escaped.append(byte)
        }
    }
    return String(decoding: escaped, as: UTF8.self)
}

func quota(_ input: [UInt8]) {
    let message = text(input)
    if let seconds = QuotaMessage.retryAfter(text: message) { precondition((0...QuotaRules.longestWait).contains(seconds)) }
    if let seconds = QuotaMessage.retryAfter(header: message, now: Date(timeIntervalSince1970: 1_780_000_000)) {
        precondition((0...QuotaRules.longestWait).contains(seconds))
    }
    // What the server writes, the client reads back to the second.
    if input.count >= 4 {
        let seconds = Int(input[0]) | Int(input[1]) << 8 | Int(input[2]) << 16 | Int(input[3] & 0x01) << 24
        for wording in QuotaMessage.WaitWording.allCases {
            let said = QuotaMessage.text(secondsLeft: seconds, wording: wording)
            precondition(QuotaMessage.retryAfter(text: said) == min(seconds, QuotaRules.longestWait), said)
        }
    }
}

func update(_ input: [UInt8]) {
    let fields = pieces(input[...], 4).map(text)
    let update = ProfileUpdate(firstName: fields[0], lastName: fields[1], email: fields[2], phoneNumber: fields[3])
    let errors = update.validationErrors
    precondition(errors.keys.allSatisfy { ["first_name", "last_name", "email", "phone_number"].contains($0) }, "\(errors)")
    precondition(errors.values.allSatisfy { !$0.isEmpty })
}

func multipart(_ input: [UInt8]) {
    let fields = pieces(input[...], 4)
    let (name, filename, contentType, content) = (text(fields[0]), text(fields[1]), text(fields[2]), fields[3])
    var form = MultipartFormData()
    do {
        try form.append(text(content), name: filename)
        try form.append(content, name: name, filename: filename, contentType: contentType)
    } catch {
        return
    }
    guard let body = try? form.encoded() else { preconditionFailure("a body that was built does not encode") }
    precondition(body.count == form.contentLength, "contentLength \(form.contentLength) but \(body.count) bytes")

    var parsed: [(headers: [(String, String)], body: [UInt8])] = []
    var headers: [(String, String)] = []
    var current: [UInt8] = []
    let parser = MultipartParser(boundary: form.boundary)
    parser.onHeader = { headers.append(($0, $1)) }
    parser.onBody = { current += $0.readableBytesView }
    parser.onPartComplete = {
        parsed.append((headers, current))
        headers = []
        current = []
    }
    do { try parser.execute(body) } catch { preconditionFailure("MultipartKit cannot read the body: \(error)") }
    precondition(parsed.count == 2, "\(parsed.count) parts")
    precondition(parsed[0].body == Array(text(content).utf8) && parsed[1].body == content, "a part's content changed")
    let disposition = parsed[1].headers.first { $0.0.lowercased() == "content-disposition" }?.1
    let expected = "form-data; name=\"\(whatwgEscaped(name))\"; filename=\"\(whatwgEscaped(filename))\""
    precondition(disposition == expected, "\(String(describing: disposition)) != \(expected)")
    precondition(parsed[1].headers.count == 2, "a header was injected: \(parsed[1].headers)")
}

func manifest(_ input: [UInt8]) {
    guard let records = try? CSVReader.records(text(input)) else { return }
    var previous = 0
    for record in records {
        precondition(record.line > previous, "lines out of order")
        previous = record.line
    }
}

func crop(_ input: [UInt8]) {
    // Parsing is syntax only (an empty or outside rectangle is refused against the image, with
    // its own message); what it reads, it writes back the same.
    guard let crop = CropRectangle(parsing: text(input)) else { return }
    precondition(CropRectangle(parsing: crop.description) == crop, "\(crop)")
}

/// A noise raster for cascades that parse: the detector must then run, whatever they say.
let noise = try! PixelBuffer(
    width: 64, height: 48, layout: .gray, bytes: (0..<64 * 48).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 11) })

func cascade(_ input: [UInt8]) {
    // A cascade either parses, or is refused with a reason; one that parses can be run.
    guard let cascade = try? HaarCascade(parsing: input) else { return }
    let vector = try? cascade.objects(in: noise, vectorised: true)
    let portable = try? cascade.objects(in: noise, vectorised: false)
    precondition(vector == portable, "the AVX2 and portable detectors disagree")
}

func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard size > 0, let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let input = Array(bytes.dropFirst())
    switch bytes[0] % 6 {
    case 0: quota(input)
    case 1: update(input)
    case 2: multipart(input)
    case 3: manifest(input)
    case 4: crop(input)
    default: cascade(input)
    }
    return 0
}

@main
enum FuzzParsers {
    static func main() {
        runFuzzer { data, size in fuzz(data, size) }
    }
}
