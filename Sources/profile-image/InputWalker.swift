import Foundation

/// Expands command-line paths into the files to work on.
///
/// Directories are walked recursively in sorted order. Hidden files and folders (names starting
/// with a dot) are skipped while walking, and a symbolic link is followed only when it stays
/// inside the directory being walked. A path named on the command line is always taken as
/// given, even if hidden or missing (the missing one then fails on reading, with its name).
struct InputWalker {
    var followSymlinksOutOfTree = false

    func files(in arguments: [String]) -> [InputFile] {
        var found: [InputFile] = []
        var seen = Set<String>()
        for argument in arguments {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
                for file in walk(argument) where seen.insert(file.path).inserted { found.append(file) }
            } else if seen.insert(argument).inserted {
                found.append(InputFile(path: argument, relativePath: (argument as NSString).lastPathComponent))
            }
        }
        return found
    }

    private func walk(_ root: String) -> [InputFile] {
        let rootURL = URL(fileURLWithPath: root)
        let realRoot = rootURL.resolvingSymlinksInPath().path
        var files: [InputFile] = []
        var pending = [""]
        // Real paths of folders walked so far: links can make a folder reachable twice, or in a cycle.
        var visited: Set<String> = []
        while let relativeDirectory = pending.popLast() {
            let directory = relativeDirectory.isEmpty ? root : root + "/" + relativeDirectory
            guard visited.insert(URL(fileURLWithPath: directory).resolvingSymlinksInPath().path).inserted,
                let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for name in names where !name.hasPrefix(".") {
                let relative = relativeDirectory.isEmpty ? name : relativeDirectory + "/" + name
                let path = (root.hasSuffix("/") ? String(root.dropLast()) : root) + "/" + relative
                guard let kind = kind(of: path, realRoot: realRoot) else { continue }
                switch kind {
                case .directory: pending.append(relative)
                case .file: files.append(InputFile(path: path, relativePath: relative))
                }
            }
        }
        return files.sorted { $0.relativePath < $1.relativePath }
    }

    private enum Kind { case file, directory }

    private func kind(of path: String, realRoot: String) -> Kind? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let type = attributes[.type] as? FileAttributeType
        else { return nil }
        var target = type
        if type == .typeSymbolicLink {
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard followSymlinksOutOfTree || resolved == realRoot || resolved.hasPrefix(realRoot + "/"),
                let targetType = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.type]
                    as? FileAttributeType
            else { return nil }
            target = targetType
        }
        switch target {
        case .typeDirectory: return .directory
        case .typeRegular: return .file
        default: return nil  // sockets, FIFOs, devices: reading them could block forever
        }
    }
}
