import ArgumentParser
import Foundation
import ProfileImage
import ProfileImageBatch
import ProfileQuotaPostgres

/// `profile-image process`: make `image` and `cropped_image` for every input.
struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Make the image and cropped_image files for each photo.",
        discussion: """
            For each image (JPEG, PNG, WebP, HEIC, AVIF, GIF, TIFF, BMP; outputs are JPEG or PNG): \
            decode once (shrink-on-load for JPEG), apply the EXIF orientation, \
            and write two files under --out, at the input's path relative to the folder it was \
            found in, named after the API fields and carrying their real format's extension:
              OUT/<name>.image.jpg          whole picture, upright, long side <= --max-side
              OUT/<name>.cropped_image.jpg  the crop (centred square unless --crop),
                                            long side --size

            Metadata (EXIF, GPS, comments) is stripped unless --keep-metadata.

            Folders are walked recursively (hidden entries skipped; symbolic links followed only \
            inside the tree unless --follow-symlinks) and files processed in parallel (--jobs). \
            Outputs are written atomically (temporary file, rename) and made durable in groups; inputs are never \
            overwritten. Invalid inputs are reported on stderr with the reason and skipped; the rest \
            are still processed. On a terminal a progress line shows done/total, rate, ETA and \
            failures; a summary ends every run.

            Resumable: OUT/.profile-image-journal.ndjson records each input whose outputs are \
            complete, with a hash of its content and of the options. Running the same command again \
            skips those (--force redoes them). Ctrl-C lets the files in progress finish and prints \
            the summary (a second Ctrl-C stops at once); a kill at any moment loses nothing already \
            done and leaves no partial output.

            --report FILE writes one JSON object per input as it completes:
              {"input":...,"status":"ok"|"invalid"|"error","skipped":true (if up to date),
               "outputs":{"image":...,"cropped_image":...},
               "image":{"width":..,"height":..,"bytes":..},"cropped_image":{...},
               "crop":{"x":..,"y":..,"w":..,"h":..,"mode":"centre"|"face"|...,
                       "faces":[{"x":..,"y":..,"w":..,"h":..}...] (face mode)},
               "colour":{"action":"convertedToSRGB"|...,"profile":..,"note":..},
               "error":{"code":..,"message":..,"reason":..}}

            EXAMPLES
              profile-image process TestImages --out /tmp/out
              profile-image process me.jpg --out avatars --crop 420,80,900,900 --size 256
              profile-image process staff/ --out avatars --crop face
              profile-image process photos/ --out out --jobs 8 --format jpeg \\
                --max-bytes 200000 --report run.ndjson

            EXIT STATUS
              0  every input processed (or already up to date)
              1  some inputs invalid or failed (the others were processed)
              2  usage error
              7  the work queue cannot be reached (--queue)
              130 interrupted

            WORK QUEUE
            With --queue postgres://..., nothing is processed here: one job per input (its \
            absolute path, the options and --out) is added to the PostgreSQL queue, for \
            `profile-image worker` processes on any machine sharing the paths to do. The same \
            input with the same options into the same --out (unchanged since) is the same job: \
            enqueuing twice adds nothing. --report and --force do not apply.
              profile-image process /mnt/photos --out /mnt/avatars \\
                --queue postgres://pik@db.internal/pik
            """
    )

    @Argument(help: ArgumentHelp("Photos, or folders to walk recursively.", valueName: "path"))
    var paths: [String]

    @Option(name: .customLong("out"), help: ArgumentHelp("Folder for the outputs (created if missing).", valueName: "dir"))
    var outputDirectory: String

    @Option(help: ArgumentHelp("Write an NDJSON report line per input to this file.", valueName: "file"))
    var report: String?

    @Flag(help: "Redo inputs whose outputs are already complete and current.")
    var force = false

    @OptionGroup var batch: BatchArguments
    @OptionGroup var pipeline: PipelineArguments
    @OptionGroup var queue: QueueArguments

    func validate() throws {
        if try queue.location != nil {
            if report != nil { throw ValidationError("--report does not apply with --queue: see queue status") }
            if force { throw ValidationError("--force does not apply with --queue") }
        }
    }

    func run() async throws {
        if let url = try queue.location { return try await enqueue(url) }
        var options = ProcessBatch.Options(
            paths: paths, outputDirectory: outputDirectory, pipeline: pipeline.configuration,
            crop: pipeline.cropRectangle, force: force, jobs: self.batch.jobs,
            followSymlinksOutOfTree: self.batch.followSymlinks)
        // A report kept inside an input folder is no photo for the next run.
        options.excludedFiles = report.map { [$0] } ?? []
        let batch = ProcessBatch(options: options)
        let walk = try await batch.walk()
        let reportWriter = try report.map(ReportWriter.init(path:))
        let progress = BatchProgress(total: walk.files.count, live: self.batch.showsProgress)
        let interrupt = InterruptMonitor()
        var failures = 0
        try await batch.run(walk, progress: progress, stopStarting: { interrupt.isInterrupted }) { record in
            if record.status != .ok { failures += 1 }
            try await reportWriter?.append(record.jsonLine)
            if record.status != .ok {
                FileHandle.standardError.write(Data(((self.batch.showsProgress ? "\r\u{1B}[K" : "") + record.textLine + "\n").utf8))
            } else if self.batch.verbose {
                print(record.textLine)
            }
        }
        if self.batch.verbose { FileHandle.standardError.write(Data(walk.skippedLines.utf8)) }
        FileHandle.standardError.write(Data((progress.summary(title: "process") + walk.summaryLine).utf8))
        if interrupt.isInterrupted { throw ExitCode(130) }
        if failures > 0 { throw ExitCode(1) }
    }

    /// `--queue`: one job per input, nothing processed here.
    private func enqueue(_ url: PostgresURL) async throws {
        let options = ProcessBatch.Options(
            paths: paths, outputDirectory: outputDirectory, pipeline: pipeline.configuration, crop: pipeline.cropRectangle,
            jobs: self.batch.jobs, followSymlinksOutOfTree: self.batch.followSymlinks)
        let plan = try await ProcessJob.plan(options)
        if self.batch.verbose { FileHandle.standardError.write(Data(plan.walk.skippedLines.utf8)) }
        try await queue.enqueue(plan.jobs, url: url, noun: "process")
    }
}
