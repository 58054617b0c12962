import ArgumentParser
import Foundation
import ProfileImageBatch

/// Options every batch command shares.
struct BatchArguments: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Files worked on at once (default: one per core).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .shortAndLong, help: "No progress line (there is none on a pipe either).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "A line per file on stdout, not only for failures.")
    var verbose = false

    @Flag(help: "Follow symbolic links that lead out of the folders given.")
    var followSymlinks = false

    func validate() throws {
        guard jobs > 0 else { throw ValidationError("--jobs must be at least 1") }
    }

    var showsProgress: Bool { !quiet && BatchProgress.stderrIsTerminal }
}
