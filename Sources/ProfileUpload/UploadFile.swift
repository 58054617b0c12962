import Foundation

/// A file to send as `image` or `cropped_image`: bytes in memory, or a path streamed from disk.
public struct UploadFile: Sendable {
    /// Where the content is.
    public enum Source: Sendable {
        /// Bytes in memory.
        case bytes([UInt8])
        /// A file on disk, streamed when sent.
        case path(String)
    }

    /// The content.
    public var source: Source
    /// The name to send; its extension is replaced by the real format's.
    public var filename: String

    /// A file from memory.
    public init(bytes: [UInt8], filename: String) {
        source = .bytes(bytes)
        self.filename = filename
    }

    /// A file on disk, sent under its own name unless `filename` is given.
    public init(path: String, filename: String? = nil) {
        source = .path(path)
        self.filename = filename ?? (path as NSString).lastPathComponent
    }

    /// The whole content (validation needs every byte).
    func contents() throws -> [UInt8] {
        switch source {
        case .bytes(let bytes):
            return bytes
        case .path(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ProfileUploadError(code: .unreadableFile, message: "\(path): cannot be read")
            }
            return [UInt8](data)
        }
    }

    /// `name` with its extension replaced by `fileExtension`, so the server's extension check
    /// sees the real format.
    static func filename(_ name: String, withExtension fileExtension: String) -> String {
        let base = (name as NSString).deletingPathExtension
        return (base.isEmpty ? "upload" : base) + "." + fileExtension
    }
}
