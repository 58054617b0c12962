import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif

/// Temporary names: this process's id and a counter are unique enough with O_EXCL behind them, and
/// cost no read of /dev/urandom (a UUID per file did).
private let temporaryCounter = Atomic<Int>(0)

/// Writes files so that a crash or kill at any moment leaves either the old file or the complete
/// new one, never a partial file: write a temporary file in the same folder, fsync it, rename it
/// over the target (atomic on POSIX), fsync the folder.
public enum AtomicFile {
    /// Prefix of temporary files, so that leftovers of a killed run are recognisable and swept.
    public static let temporaryPrefix = ".profile-image-tmp-"

    /// Writes `bytes` to `path` atomically, creating its folder if needed; durably too unless
    /// `durable` is `false` (for callers that flush many files at once before relying on them:
    /// the rename is atomic either way, so a killed process never leaves a partial file).
    /// - Throws: ``BatchError`` with code ``BatchError/Code/writeFailed``, naming the path and why.
    public static func write(_ bytes: [UInt8], to path: String, durable: Bool = true) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BatchError(code: .writeFailed, message: "\(path): cannot create its folder: \(error.localizedDescription)")
        }
        let unique = "\(getpid())-\(temporaryCounter.wrappingAdd(1, ordering: .relaxed).newValue)"
        let temporary = directory + "/" + temporaryPrefix + unique + "-" + url.lastPathComponent
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw BatchError(code: .writeFailed, message: "\(path): \(String(cString: strerror(errno)))")
        }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if failure == nil && durable && fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if failure == nil && rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw BatchError(code: .writeFailed, message: "\(path): \(failure)")
        }
        if durable { syncDirectory(directory) }
    }

    /// Makes a rename durable: the directory entry itself is flushed.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
