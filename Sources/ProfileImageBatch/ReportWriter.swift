import Foundation
import ProfileImage

/// Appends NDJSON lines to a report file, each written through as soon as it is known, so the
/// report is useful even if the run is killed. The file is emptied when opened. Writes happen on
/// a worker thread; lines keep the order in which one caller appends them.
public final class ReportWriter: Sendable {
    private let handle: FileHandle

    /// Opens (creating, with its folder) and empties the report at `path`.
    /// - Throws: ``BatchError`` with code ``BatchError/Code/writeFailed``.
    public init(path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw BatchError(code: .writeFailed, message: "cannot create the report file \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw BatchError(code: .writeFailed, message: "cannot open the report file \(path) for writing")
        }
        handle.truncateFile(atOffset: 0)
        self.handle = handle
    }

    /// Appends `line` and a line break.
    /// - Throws: ``BatchError`` with code ``BatchError/Code/writeFailed``.
    public func append(_ line: String) async throws {
        let handle = self.handle
        try await ProfileImageProcessor.shared.run(pixels: 0) {
            do {
                try handle.write(contentsOf: Data((line + "\n").utf8))
            } catch {
                throw BatchError(code: .writeFailed, message: "cannot write the report: \(error.localizedDescription)")
            }
        }
    }

    deinit { try? handle.close() }
}
