/// A problem with what the user asked for, found only when acting on it: a usage error (exit 2).
struct ValidationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
