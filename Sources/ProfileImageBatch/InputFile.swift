/// A file found on the command line or under a directory given there.
public struct InputFile: Hashable, Sendable {
    /// The path for people: as the user spelled it plus the walked part, with any bytes of a
    /// name that are not UTF-8 written as `\xHH`.
    public let path: String
    /// The path below the command-line argument it was found under (the file name alone when
    /// the argument was the file itself), spelled as ``path`` is: where its outputs go under
    /// `--out`.
    public let relativePath: String
    /// The path's bytes as the file system has them, to open the file by.
    public let systemPath: [UInt8]

    /// A file named by a path that is valid text.
    public init(path: String, relativePath: String) {
        self.path = path
        self.relativePath = relativePath
        self.systemPath = Array(path.utf8)
    }

    /// A file found by walking, named by its bytes.
    init(systemPath: [UInt8], relativeBytes: [UInt8]) {
        self.systemPath = systemPath
        self.relativePath = FileName.display(relativeBytes)
        self.path = FileName.display(systemPath)
    }
}
