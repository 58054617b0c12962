import Foundation

/// Produces a multipart body chunk by chunk, opening each file only when the stream reaches it.
/// File opens and reads run on a Dispatch queue, never on the cooperative pool (a file on NFS or a
/// mounted bucket can take its time).
actor MultipartChunkReader {
    enum Piece: Sendable {
        case bytes([UInt8])
        case file(path: String, length: Int)
    }

    private let pieces: [Piece]
    private let chunkSize: Int
    private var index = 0
    private var offset = 0
    private var handle: FileHandle?
    private var fileBytesRead = 0

    init(pieces: [Piece], chunkSize: Int) {
        self.pieces = pieces
        self.chunkSize = max(1, chunkSize)
    }

    /// The next chunk, or `nil` at the end of the body.
    func next() async throws -> [UInt8]? {
        while index < pieces.count {
            switch pieces[index] {
            case .bytes(let bytes):
                if offset < bytes.count {
                    let end = min(bytes.count, offset + chunkSize)
                    defer { offset = end }
                    return Array(bytes[offset..<end])
                }
            case .file(let path, let length):
                if handle == nil {
                    guard let opened = try await BlockingWork.run({ FileHandle(forReadingAtPath: path) }) else {
                        throw ProfileUploadError(code: .unreadableFile, message: "\(path): cannot be read")
                    }
                    handle = opened
                    fileBytesRead = 0
                }
                guard let handle else { continue }
                if fileBytesRead < length {
                    let count = min(chunkSize, length - fileBytesRead)
                    let data = try await BlockingWork.run { try handle.read(upToCount: count) ?? Data() }
                    // The Content-Length was promised from the length at append time.
                    guard !data.isEmpty else { throw changed(path, length) }
                    fileBytesRead += data.count
                    return [UInt8](data)
                }
                let extra = try await BlockingWork.run {
                    defer { try? handle.close() }
                    return try handle.read(upToCount: 1) ?? Data()
                }
                self.handle = nil
                guard extra.isEmpty else { throw changed(path, length) }
            }
            index += 1
            offset = 0
        }
        return nil
    }

    private func changed(_ path: String, _ length: Int) -> ProfileUploadError {
        ProfileUploadError(code: .unreadableFile, message: "\(path) changed size while uploading (was \(length) bytes)")
    }
}
