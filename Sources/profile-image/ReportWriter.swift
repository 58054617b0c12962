import Foundation

/// Appends NDJSON lines to a report file, each written through as soon as it is known, so the
/// report is useful even if the run is killed.
final class ReportWriter {
    private let handle: FileHandle

    init(path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw ValidationFailure("cannot create the report file \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationFailure("cannot open the report file \(path) for writing")
        }
        handle.truncateFile(atOffset: 0)
        self.handle = handle
    }

    func append(_ line: String) throws {
        try handle.write(contentsOf: Data((line + "\n").utf8))
    }

    deinit { try? handle.close() }
}

/// A problem with what the user asked for, found only when acting on it.
struct ValidationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
