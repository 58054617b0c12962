import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Expands command-line paths into the files to work on, and says what it left out and why.
///
/// Directories are walked recursively in sorted order, by the bytes of their names (so a name
/// that is not UTF-8 is found like any other). Hidden files and folders (names starting with a
/// dot) are left out, and so is every output of this tool: the `--out` of this run, any folder
/// holding a `process` journal (an earlier run's output), and, inside a walked folder that is
/// itself an output folder, the `*.image.*` and `*.cropped_image.*` files. A symbolic link is followed
/// only when it stays inside the directory being walked. Sockets, FIFOs and devices are left out
/// (reading one could block forever). A path named on the command line is always taken as given,
/// even if hidden or missing (the missing one then fails on reading, with its name).
public struct InputWalker: Sendable {
    /// Follow symbolic links that lead out of the folders given.
    public var followSymlinksOutOfTree: Bool
    /// Folders never walked into: the outputs of this run.
    public var excludedDirectories: [String]
    /// Files never taken from a folder walked: what this run writes, such as its report.
    public var excludedFiles: [String]

    /// Creates a walker; by default links stay inside the tree and nothing else is excluded.
    public init(followSymlinksOutOfTree: Bool = false, excludedDirectories: [String] = [], excludedFiles: [String] = []) {
        self.followSymlinksOutOfTree = followSymlinksOutOfTree
        self.excludedDirectories = excludedDirectories
        self.excludedFiles = excludedFiles
    }

    /// What the walk found.
    public struct Walk: Sendable {
        /// The files to work on, in order.
        public var files: [InputFile] = []
        /// Entries met but not taken, with why.
        public var skipped: [Skipped] = []

        /// `  skipped: 2 hidden, 1 not a regular file` for the summary; empty when nothing was.
        public var summaryLine: String {
            guard !skipped.isEmpty else { return "" }
            let counts = Reason.allCases.compactMap { reason -> String? in
                let count = skipped.filter { $0.reason == reason }.count
                return count == 0 ? nil : "\(count) \(reason.rawValue)"
            }
            return "  skipped: " + counts.joined(separator: ", ") + " (--verbose lists them)\n"
        }

        /// One line per skipped entry, for `--verbose`.
        public var skippedLines: String {
            skipped.map { "\($0.path): skipped (\($0.reason.rawValue))\n" }.joined()
        }
    }

    /// An entry the walk met and left out.
    public struct Skipped: Sendable, Hashable {
        /// The entry, as ``InputFile/path`` spells paths.
        public let path: String
        /// Why it was left out.
        public let reason: Reason
    }

    /// Why an entry was left out.
    public enum Reason: String, Sendable, CaseIterable {
        /// A name starting with a dot.
        case hidden = "hidden"
        /// This run's `--out`, or a folder holding an earlier run's journal.
        case outputFolder = "output folder"
        /// A symbolic link leading out of the folder walked (without `followSymlinksOutOfTree`).
        case linkOutOfTree = "link out of the tree"
        /// A symbolic link to nothing.
        case brokenLink = "broken link"
        /// A socket, FIFO or device: reading one could block forever.
        case notRegularFile = "not a regular file"
        /// A folder that cannot be listed.
        case unreadableFolder = "unreadable folder"
        /// An output of this tool in a folder that is both input and output.
        case output = "output of this tool"
        /// A folder reached a second time through a symbolic link.
        case alreadyWalked = "folder reached again through a link"
        /// A file this run writes (its report).
        case runOutput = "written by this run"
    }

    /// A file by device and inode: the same file under any path.
    private struct FileID: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    /// The files under `arguments` (files or folders), and what was left out.
    public func walk(_ arguments: [String]) -> Walk {
        var result = Walk()
        var seen = Set<[UInt8]>()
        let excluded = Set(excludedDirectories.map(Self.realPath))
        let excludedIDs = Set(excludedFiles.compactMap { path -> FileID? in
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            return FileID(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        })
        for argument in arguments {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
                var tree = Walk()
                walkTree(argument, excluded: excluded, excludedFiles: excludedIDs, into: &tree)
                for file in tree.files where seen.insert(file.systemPath).inserted { result.files.append(file) }
                result.skipped += tree.skipped
            } else if seen.insert(Array(argument.utf8)).inserted {
                result.files.append(InputFile(path: argument, relativePath: (argument as NSString).lastPathComponent))
            }
        }
        return result
    }

    private func walkTree(_ root: String, excluded: Set<String>, excludedFiles: Set<FileID>, into result: inout Walk) {
        let rootBytes = Array((root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root).utf8)
        let realRoot = Self.realPath(root)
        // `process photos --out photos`: the root is an output folder, its outputs no inputs.
        let rootIsOutput = excluded.contains(realRoot) || Self.holdsJournal(rootBytes)
        var files: [InputFile] = []
        var pending: [[UInt8]] = [[]]
        // Real paths of folders walked so far: links can make a folder reachable twice, or in a cycle.
        var visited: Set<String> = []
        while let relativeDirectory = pending.popLast() {
            let directory = relativeDirectory.isEmpty ? rootBytes : rootBytes + [UInt8(ascii: "/")] + relativeDirectory
            let display = FileName.display(directory)
            let real = Self.realPath(directory)
            guard visited.insert(real).inserted else {
                result.skipped.append(Skipped(path: display, reason: .alreadyWalked))
                continue
            }
            if !relativeDirectory.isEmpty && (excluded.contains(real) || Self.holdsJournal(directory)) {
                result.skipped.append(Skipped(path: display, reason: .outputFolder))
                continue
            }
            guard let names = Self.names(in: directory) else {
                result.skipped.append(Skipped(path: display, reason: .unreadableFolder))
                continue
            }
            for name in names {
                let relative = relativeDirectory.isEmpty ? name : relativeDirectory + [UInt8(ascii: "/")] + name
                let path = rootBytes + [UInt8(ascii: "/")] + relative
                if name.first == UInt8(ascii: ".") {
                    result.skipped.append(Skipped(path: FileName.display(path), reason: .hidden))
                    continue
                }
                switch kind(of: path, realRoot: realRoot) {
                case .directory: pending.append(relative)
                case .file where rootIsOutput && Self.isOutputName(name):
                    result.skipped.append(Skipped(path: FileName.display(path), reason: .output))
                case .file(let id) where excludedFiles.contains(id):
                    result.skipped.append(Skipped(path: FileName.display(path), reason: .runOutput))
                case .file: files.append(InputFile(systemPath: path, relativeBytes: relative))
                case .skipped(let reason): result.skipped.append(Skipped(path: FileName.display(path), reason: reason))
                }
            }
        }
        result.files += files.sorted { $0.systemPath.lexicographicallyPrecedes($1.systemPath) }
    }

    private enum Kind { case file(FileID), directory, skipped(Reason) }

    private func kind(of path: [UInt8], realRoot: String) -> Kind {
        var status = stat()
        guard Self.withCString(path, { lstat($0, &status) }) == 0 else { return .skipped(.brokenLink) }
        if status.st_mode & S_IFMT == S_IFLNK {
            let resolved = Self.realPath(path)
            guard followSymlinksOutOfTree || resolved == realRoot || resolved.hasPrefix(realRoot + "/") else {
                return .skipped(.linkOutOfTree)
            }
            guard Self.withCString(path, { stat($0, &status) }) == 0 else { return .skipped(.brokenLink) }
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file(FileID(device: UInt64(status.st_dev), inode: UInt64(status.st_ino)))
        default: return .skipped(.notRegularFile)
        }
    }

    /// The entries of `directory` by their bytes, sorted, without `.` and `..`; `nil` if it cannot
    /// be read.
    private static func names(in directory: [UInt8]) -> [[UInt8]]? {
        guard let stream = withCString(directory, { opendir($0) }) else { return nil }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            names.append(name)
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Whether `name` is one `process` gives its outputs: `<stem>.image.<ext>` or
    /// `<stem>.cropped_image.<ext>` in a format it writes.
    private static func isOutputName(_ name: [UInt8]) -> Bool {
        let text = String(decoding: name, as: UTF8.self).lowercased()
        return ["jpg", "png"].contains { ext in text.hasSuffix(".image." + ext) || text.hasSuffix(".cropped_image." + ext) }
    }

    /// Whether `directory` is an output folder of `process`: it holds the journal.
    private static func holdsJournal(_ directory: [UInt8]) -> Bool {
        var status = stat()
        let journal = directory + [UInt8(ascii: "/")] + Array(ProcessJournal.fileName.utf8)
        return withCString(journal) { lstat($0, &status) } == 0
    }

    private static func realPath(_ path: String) -> String { realPath(Array(path.utf8)) }

    /// The path with every link resolved (as bytes shown as text), or the path itself if it does
    /// not resolve.
    private static func realPath(_ path: [UInt8]) -> String {
        withCString(path) { pointer in
            guard let resolved = realpath(pointer, nil) else { return FileName.display(path) }
            defer { free(resolved) }
            let length = strlen(resolved)
            return FileName.display(Array(UnsafeBufferPointer(start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self), count: length)))
        }
    }

    private static func withCString<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        (bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }
}
