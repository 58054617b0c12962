import ArgumentParser
import Foundation
import ProfileImage

/// `profile-image process`: make `image` and `cropped_image` for every input.
struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Make the image and cropped_image files for each photo.",
        discussion: """
            For each JPEG or PNG: decode once (shrink-on-load for JPEG), apply the EXIF orientation, \
            and write two files under --out, at the input's path relative to the folder it was \
            found in, named after the API fields and carrying their real format's extension:
              OUT/<name>.image.jpg          whole picture, upright, long side <= --max-side
              OUT/<name>.cropped_image.jpg  the crop (centred square unless --crop), long side --size
            Metadata (EXIF, GPS, comments) is stripped unless --keep-metadata. Outputs are written \
            atomically (temporary file + rename); inputs are never overwritten. Invalid inputs are \
            reported with the reason and skipped; the rest are still processed.

            --report FILE writes one JSON object per input as it completes:
              {"input":...,"status":"ok"|"invalid"|"error","outputs":{"image":...,"cropped_image":...},
               "image":{"width":..,"height":..,"bytes":..},"cropped_image":{...},
               "crop":{"x":..,"y":..,"w":..,"h":..},"error":{"code":..,"message":..,"reason":..}}

            EXAMPLES
              profile-image process TestImages --out /tmp/out
              profile-image process me.jpg --out avatars --crop 420,80,900,900 --size 256
              profile-image process photos/ --out out --format jpeg --max-bytes 200000 --report run.ndjson

            EXIT STATUS
              0  every input processed
              1  some inputs invalid or failed (the others were processed)
              2  usage error
            """
    )

    @Argument(help: ArgumentHelp("Photos, or folders to walk recursively.", valueName: "path"))
    var paths: [String]

    @Option(name: .customLong("out"), help: ArgumentHelp("Folder for the outputs (created if missing).", valueName: "dir"))
    var outputDirectory: String

    @Option(help: ArgumentHelp("Write an NDJSON report line per input to this file.", valueName: "file"))
    var report: String?

    @OptionGroup var pipeline: PipelineArguments

    func run() throws {
        let files = InputWalker().files(in: paths)
        let batch = BatchProcessor(
            pipeline: ProfileImagePipeline(configuration: pipeline.configuration), crop: pipeline.cropRectangle,
            naming: OutputNaming(outputDirectory: outputDirectory), inputs: files)
        let reportWriter = try report.map(ReportWriter.init(path:))
        var failures = 0
        for index in files.indices {
            let record = batch.process(index)
            if record.status != .ok { failures += 1 }
            try reportWriter?.append(record.jsonLine)
            if record.status == .ok {
                print(record.textLine)
            } else {
                FileHandle.standardError.write(Data((record.textLine + "\n").utf8))
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
