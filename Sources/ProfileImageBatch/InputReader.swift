import Foundation
import ProfileImage

#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// Reads input files, refusing what cannot be an image before reading all of it.
enum InputReader {
    /// Enough to recognise every format ``SniffedContent`` knows.
    private static let sniffLength = 4096

    /// The whole file if it starts like a JPEG or PNG; otherwise just its first bytes, which are
    /// all the decoder needs to name what it is.
    static func read(_ path: String) throws -> [UInt8] {
        try read(InputFile(path: path, relativePath: path))
    }

    /// ``read(_:)-(String)`` for a walked file, opened by the bytes of its name.
    static func read(_ file: InputFile) throws -> [UInt8] {
        let path = file.path
        let descriptor = (file.systemPath + [0]).withUnsafeBufferPointer { buffer in
            // Non-blocking, so that a FIFO named as an input is refused instead of waiting forever
            // for a writer; a regular file reads the same either way.
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        }
        guard descriptor >= 0 else {
            throw InputReadError(path: path, reason: readFailureReason(errno))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw InputReadError(path: path, reason: "could not be read: \(String(cString: strerror(errno)))")
        }
        if status.st_mode & S_IFMT == S_IFDIR {
            throw InputReadError(path: path, reason: "is a directory")
        }
        if status.st_mode & S_IFMT != S_IFREG {
            throw InputReadError(path: path, reason: "is not a regular file (a FIFO, socket or device)")
        }
        var bytes = [UInt8](repeating: 0, count: sniffLength)
        var end = try fill(&bytes, from: 0, descriptor: descriptor, path: path)
        guard end == sniffLength, SniffedContent(sniffing: bytes).imageFormat?.isSupported == true else {
            return Array(bytes[..<end])
        }
        // One read straight into an array of the file's size (plus a byte, to see the end);
        // Foundation's readToEnd() reads 4 KiB at a time and copies the bytes twice more.
        bytes.append(contentsOf: repeatElement(0, count: max(Int(status.st_size) - end, 0) + 1))
        while true {
            end = try fill(&bytes, from: end, descriptor: descriptor, path: path)
            if end < bytes.count { break }
            bytes.append(contentsOf: repeatElement(0, count: bytes.count))  // the file grew
        }
        bytes.removeSubrange(end...)
        return bytes
    }

    /// Reads into `bytes[start...]` until it is full or the file ends; returns the new end.
    private static func fill(_ bytes: inout [UInt8], from start: Int, descriptor: Int32, path: String) throws -> Int {
        var end = start
        while end < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + end, buffer.count - end)
            }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw InputReadError(path: path, reason: "could not be read: \(String(cString: strerror(errno)))")
            }
            end += count
        }
        return end
    }

    private static func readFailureReason(_ error: Int32) -> String {
        switch error {
        case ENOENT: "no such file"
        case EISDIR: "is a directory"
        case EACCES, EPERM: "permission denied"
        default: "could not be opened: \(String(cString: strerror(error)))"
        }
    }
}

/// A file that could not be read at all.
struct InputReadError: Error, CustomStringConvertible {
    static let code = "unreadable"
    let path: String
    let reason: String
    var description: String { "\(path): \(reason)" }
}
