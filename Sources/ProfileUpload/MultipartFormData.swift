import Foundation

/// A `multipart/form-data` body (RFC 7578): text fields and files, from memory or streamed from
/// disk, with a known ``contentLength`` (a chunked body arrives empty on common Python servers).
///
/// The boundary is random and checked against every part's content (file parts are scanned when
/// appended); if it occurs, a new one is drawn. Field names and file names are written as WHATWG
/// browsers and curl write them: `"` CR and LF escaped as `%22` `%0D` `%0A`, everything else,
/// non-ASCII included, as UTF-8.
///
/// ```swift
/// var form = MultipartFormData()
/// try form.append(imageBytes, name: "image", filename: "image.jpg", contentType: "image/jpeg")
/// try form.appendFile(at: "/tmp/crop.jpg", name: "cropped_image", filename: "crop.jpg", contentType: "image/jpeg")
/// let body = try form.encoded()   // or form.chunks() to stream
/// ```
public struct MultipartFormData: Sendable {
    /// One part of the body.
    public struct Part: Sendable, Hashable {
        /// The form field name.
        public let name: String
        /// The file name, for file parts.
        public let filename: String?
        /// The part's `Content-Type`, for file parts.
        public let contentType: String?
        /// Where the content comes from.
        public let content: Content

        /// A part's content.
        public enum Content: Sendable, Hashable {
            /// Bytes in memory.
            case bytes([UInt8])
            /// A file read when the body is produced; `length` was taken when it was appended.
            case file(path: String, length: Int)
        }

        var length: Int {
            switch content {
            case .bytes(let bytes): bytes.count
            case .file(_, let length): length
            }
        }
    }

    /// The boundary, without the leading `--`.
    public private(set) var boundary: String
    /// The parts, in order.
    public private(set) var parts: [Part] = []
    private let boundaryIsFixed: Bool

    /// Creates an empty body. Pass a `boundary` only to reproduce a body exactly: a given boundary
    /// is never replaced, so appending content that contains it throws.
    public init(boundary: String? = nil) {
        self.boundary = boundary ?? Self.randomBoundary()
        self.boundaryIsFixed = boundary != nil
    }

    /// `multipart/form-data; boundary=...`, for the request's `Content-Type` header.
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// Appends a text field.
    public mutating func append(_ value: String, name: String) throws {
        try append(Part(name: name, filename: nil, contentType: nil, content: .bytes(Array(value.utf8))))
    }

    /// Appends a file part from memory.
    public mutating func append(_ bytes: [UInt8], name: String, filename: String, contentType: String) throws {
        try append(Part(name: name, filename: filename, contentType: contentType, content: .bytes(bytes)))
    }

    /// Appends a file part streamed from disk when the body is produced. The file is scanned once
    /// now, for the boundary, and its length recorded.
    public mutating func appendFile(at path: String, name: String, filename: String, contentType: String) throws {
        let length = try Self.fileLength(path)
        try append(Part(name: name, filename: filename, contentType: contentType, content: .file(path: path, length: length)))
    }

    private mutating func append(_ part: Part) throws {
        if try collides(part) {
            guard !boundaryIsFixed else {
                throw ProfileUploadError(
                    code: .multipart, message: "The boundary occurs in the content of part '\(part.name)'")
            }
            // A new boundary must be clear of every part, not just the new one.
            repeat { boundary = Self.randomBoundary() } while try (parts + [part]).contains(where: collides)
        }
        parts.append(part)
    }

    private func collides(_ part: Part) throws -> Bool {
        try Self.header(for: part).contains(boundary) || Self.contains(part, marker: Array("--\(boundary)".utf8))
    }

    /// 32 random characters from RFC 2046's safe set, after a recognisable prefix.
    static func randomBoundary() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return "ProfileImageKit-" + String((0..<32).map { _ in alphabet.randomElement(using: &generator)! })
    }

    static func fileLength(_ path: String) throws -> Int {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard let size = attributes[.size] as? NSNumber else { throw CocoaError(.fileReadUnknown) }
            return size.intValue
        } catch {
            throw ProfileUploadError(code: .unreadableFile, message: "\(path): cannot be read")
        }
    }
}
