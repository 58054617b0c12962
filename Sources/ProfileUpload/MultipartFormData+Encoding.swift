import Foundation

extension MultipartFormData {
    /// The exact number of bytes ``encoded()`` and ``chunks(size:)`` produce.
    public var contentLength: Int {
        parts.reduce(closingDelimiter.count) { total, part in
            total + openingDelimiter.count + Self.header(for: part).utf8.count + part.length + 2
        }
    }

    /// The whole body in memory.
    /// - Throws: ``ProfileUploadError`` if a file part can no longer be read or changed length.
    public func encoded() throws -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(contentLength)
        for part in parts {
            body += openingDelimiter
            body += Array(Self.header(for: part).utf8)
            switch part.content {
            case .bytes(let bytes): body += bytes
            case .file(let path, let length): body += try Self.readWhole(path, expectedLength: length)
            }
            body += Array("\r\n".utf8)
        }
        return body + closingDelimiter
    }

    /// The body as a stream of chunks of at most `size` bytes; files are read as the stream is
    /// consumed, so memory stays at one chunk whatever their size.
    public func chunks(size: Int = 64 * 1024) -> AsyncThrowingStream<[UInt8], any Error> {
        let reader = MultipartChunkReader(pieces: pieces, chunkSize: size)
        return AsyncThrowingStream { try await reader.next() }
    }

    /// The body as a sequence of byte strings and file ranges, in order.
    var pieces: [MultipartChunkReader.Piece] {
        var pieces: [MultipartChunkReader.Piece] = []
        for part in parts {
            pieces.append(.bytes(openingDelimiter + Array(Self.header(for: part).utf8)))
            switch part.content {
            case .bytes(let bytes): pieces.append(.bytes(bytes))
            case .file(let path, let length): pieces.append(.file(path: path, length: length))
            }
            pieces.append(.bytes(Array("\r\n".utf8)))
        }
        pieces.append(.bytes(closingDelimiter))
        return pieces
    }

    private var openingDelimiter: [UInt8] { Array("--\(boundary)\r\n".utf8) }
    private var closingDelimiter: [UInt8] { Array("--\(boundary)--\r\n".utf8) }

    /// A part's header lines and the blank line after them.
    static func header(for part: Part) -> String {
        var disposition = "Content-Disposition: form-data; name=\"\(escape(part.name))\""
        if let filename = part.filename { disposition += "; filename=\"\(escape(filename))\"" }
        var header = disposition + "\r\n"
        if let contentType = part.contentType { header += "Content-Type: \(stripLineBreaks(contentType))\r\n" }
        return header + "\r\n"
    }

    /// WHATWG form-data encoding of names and file names (what browsers and curl send): only
    /// `"`, CR and LF are escaped; the rest, non-ASCII included, stays UTF-8.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "%22"
            case "\r": escaped += "%0D"
            case "\n": escaped += "%0A"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func stripLineBreaks(_ text: String) -> String {
        text.filter { $0 != "\r" && $0 != "\n" && $0 != "\r\n" }
    }

    /// Whether `marker` occurs in the part's content (files scanned in chunks, across chunk edges).
    static func contains(_ part: Part, marker: [UInt8]) throws -> Bool {
        switch part.content {
        case .bytes(let bytes):
            return bytes.firstRange(of: marker) != nil
        case .file(let path, let length):
            var tail: [UInt8] = []
            var found = false
            try readChunks(path, expectedLength: length, size: 1 << 20) { chunk in
                guard !found else { return }
                let window = tail + chunk
                found = window.firstRange(of: marker) != nil
                tail = Array(window.suffix(marker.count - 1))
            }
            return found
        }
    }

    private static func readWhole(_ path: String, expectedLength: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try readChunks(path, expectedLength: expectedLength, size: 1 << 20) { bytes += $0 }
        return bytes
    }

    static func readChunks(_ path: String, expectedLength: Int, size: Int, _ body: ([UInt8]) -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ProfileUploadError(code: .unreadableFile, message: "\(path): cannot be read")
        }
        defer { try? handle.close() }
        var total = 0
        do {
            while let data = try handle.read(upToCount: size), !data.isEmpty {
                total += data.count
                body([UInt8](data))
            }
        } catch {
            throw ProfileUploadError(code: .unreadableFile, message: "\(path): \(error.localizedDescription)")
        }
        // The Content-Length was promised from the length at append time.
        guard total == expectedLength else {
            throw ProfileUploadError(
                code: .unreadableFile, message: "\(path) changed size while uploading (\(expectedLength) -> \(total) bytes)")
        }
    }
}
