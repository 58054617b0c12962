import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes everything written under a folder durable in one call, for group commit: many files
/// written without an fsync each, then one flush before the journal claims them.
enum FileSystemSync {
    #if os(Linux)
    private typealias SyncFS = @convention(c) (Int32) -> Int32
    /// glibc's `syncfs`, which Swift's Glibc module does not declare (it sits behind _GNU_SOURCE).
    private static let syncfs: SyncFS? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs")
        .map { unsafeBitCast($0, to: SyncFS.self) }
    #endif

    /// Whether ``flush(_:)`` flushes a whole file system; where it cannot, files must be fsynced
    /// one by one as they are written.
    static var flushesWholeFileSystem: Bool {
        #if os(Linux)
        syncfs != nil
        #else
        false
        #endif
    }

    /// Flushes the file system holding `directory` (every file and directory entry on it).
    /// - Throws: ``BatchError`` with ``BatchError/Code/writeFailed`` if the flush fails.
    static func flush(_ directory: String) throws {
        #if os(Linux)
        guard let syncfs else { return }
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw BatchError(code: .writeFailed, message: "\(directory): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard syncfs(descriptor) == 0 else {
            throw BatchError(code: .writeFailed, message: "\(directory): cannot flush: \(String(cString: strerror(errno)))")
        }
        #endif
    }
}
