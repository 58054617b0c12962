import Foundation
import Synchronization

/// An append-only file of lines, each written with one `write` (O_APPEND) and fsynced before
/// `append` returns: a line is either wholly there after a crash or, if cut short, ignored by the
/// reader. Safe to share between concurrent workers.
final class DurableLog: Sendable {
    let path: String
    private let appending = Mutex(())

    init(path: String) {
        self.path = path
    }

    /// The lines already in the file (none if it does not exist yet).
    func existingLines() -> [Substring] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n")
    }

    /// Encodes `value` as one JSON line and appends it durably.
    func append(_ value: some Encodable) throws {
        try append(lines: [Self.line(value)])
    }

    /// `value` as one JSON line, newline included.
    static func line(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value) + Data("\n".utf8)
    }

    /// Appends lines made by ``line(_:)`` with one write and one fsync.
    func append(lines: [Data]) throws {
        guard !lines.isEmpty else { return }
        let line = lines.reduce(Data(), +)
        try appending.withLock { _ in
            let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw failure() }
            defer { close(descriptor) }
            let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written == line.count, fsync(descriptor) == 0 else { throw failure() }
        }
    }

    private func failure() -> BatchError {
        BatchError(code: .writeFailed, message: "cannot write \(path): \(String(cString: strerror(errno)))")
    }
}
