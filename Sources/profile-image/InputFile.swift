/// A file found on the command line or under a directory given there.
struct InputFile: Hashable, Sendable {
    /// The path to open, as the user spelled it plus the walked part.
    let path: String
    /// The path below the command-line argument it was found under (the file name alone when
    /// the argument was the file itself): where its outputs go under `--out`.
    let relativePath: String
}
