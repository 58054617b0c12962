import ArgumentParser
import Foundation
import ProfileImage
import ProfileImageBatch

/// `profile-image validate`: is each file an intact image the profile API will accept?
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check that files are intact JPEG, PNG, WebP, HEIC, AVIF, GIF, TIFF or BMP images, by decoding them.",
        discussion: """
            Each file is recognised by its content, never its name, and fully decoded: truncated \
            files, a missing EOI or IEND, damaged scan or deflate data, bad CRCs, empty files, \
            non-images, formats not decoded (JPEG XL, SVG, PSD, ...) and formats left out by \
            --formats are reported as invalid with the reason. Of an animated GIF, WebP or AVIF \
            and a multi-page TIFF the first frame or page is decoded, and the verdict says so. Directories are walked recursively (hidden entries skipped) and files checked in \
            parallel (--jobs); lines come out in input order. On a terminal a progress line runs on \
            stderr, and a summary ends the run. One line per file; with --json (and in --report \
            FILE) one JSON object per line:
              {"file":...,"valid":true|false,"format":"jpeg"|"png"|...,
               "width":...,"height":...,"orientation":1..8,
               "frames":n,"decoded":"first frame" (only when there are several),
               "error":{"code":...,"message":...,"reason":...}}

            EXAMPLES
              profile-image validate photo.jpg
              profile-image validate --json uploads/ > verdicts.ndjson

            EXIT STATUS
              0  every file is a valid image
              1  at least one file is invalid or unreadable
              2  usage error
            """
    )

    @Flag(help: "One JSON object per line instead of text.")
    var json = false

    @Option(help: ArgumentHelp("Also write the JSON lines to this file.", valueName: "file"))
    var report: String?

    @OptionGroup var decoding: DecodingArguments
    @OptionGroup var batch: BatchArguments

    @Argument(help: ArgumentHelp("Files or directories to check.", valueName: "path"))
    var paths: [String]

    func run() async throws {
        var validation = ValidateBatch(
            paths: paths, decoding: decoding.options, jobs: batch.jobs, followSymlinksOutOfTree: batch.followSymlinks)
        validation.excludedFiles = report.map { [$0] } ?? []
        let walk = try await validation.walk()
        let reportWriter = try report.map(ReportWriter.init(path:))
        let progress = BatchProgress(total: walk.files.count, live: batch.showsProgress)
        let interrupt = InterruptMonitor()
        var invalid = 0
        try await validation.run(walk, progress: progress, stopStarting: { interrupt.isInterrupted }) { verdict in
            if !verdict.isValid { invalid += 1 }
            if batch.showsProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            print(json ? verdict.jsonLine : verdict.textLine)
            try await reportWriter?.append(verdict.jsonLine)
        }
        if batch.verbose { FileHandle.standardError.write(Data(walk.skippedLines.utf8)) }
        if batch.showsProgress || walk.files.count > 1 || !walk.skipped.isEmpty {
            FileHandle.standardError.write(Data((progress.summary(title: "validate") + walk.summaryLine).utf8))
        }
        if interrupt.isInterrupted { throw ExitCode(130) }
        if invalid > 0 { throw ExitCode(1) }
    }
}
