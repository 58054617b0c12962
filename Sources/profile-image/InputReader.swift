import Foundation
import ProfileImage

/// Reads input files, refusing what cannot be an image before reading all of it.
enum InputReader {
    /// Enough to recognise every format ``SniffedContent`` knows.
    private static let sniffLength = 4096

    /// The whole file if it starts like a JPEG or PNG; otherwise just its first bytes, which are
    /// all the decoder needs to name what it is.
    static func read(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputReadError(path: path, reason: readFailureReason(path))
        }
        defer { try? handle.close() }
        do {
            let head = [UInt8](try handle.read(upToCount: sniffLength) ?? Data())
            guard SniffedContent(sniffing: head).imageFormat?.isSupported == true, head.count == sniffLength else {
                return head
            }
            return head + [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            throw InputReadError(path: path, reason: "could not be read: \(error.localizedDescription)")
        }
    }

    private static func readFailureReason(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "is a directory" }
        return "permission denied"
    }
}

/// A file that could not be read at all.
struct InputReadError: Error, CustomStringConvertible {
    static let code = "unreadable"
    let path: String
    let reason: String
    var description: String { "\(path): \(reason)" }
}
