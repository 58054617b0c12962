import Foundation
import ProfileImage

/// Processes one input of a batch into its two output files and a record of what happened.
struct BatchProcessor: Sendable {
    let pipeline: ProfileImagePipeline
    let crop: CropRectangle?
    let naming: OutputNaming
    let inputs: [InputFile]
    let stems: [String]
    /// Real paths of every input: an output must never land on one.
    let inputRealPaths: Set<String>
    /// Finished work from earlier runs (ignored with `force`, but still written); `nil` for a
    /// queue's jobs, whose record is the queue itself (each output is then made durable alone).
    let journal: ProcessJournal?
    let force: Bool
    /// XXH64 of everything that shapes the outputs.
    let optionsHash: String

    init(
        pipeline: ProfileImagePipeline, crop: CropRectangle?, naming: OutputNaming, inputs: [InputFile],
        journal: ProcessJournal?, force: Bool, stems: [String]? = nil
    ) {
        self.pipeline = pipeline
        self.crop = crop
        self.naming = naming
        self.inputs = inputs
        self.stems = stems ?? naming.stems(for: inputs)
        self.inputRealPaths = Set(inputs.map { URL(fileURLWithPath: $0.path).resolvingSymlinksInPath().path })
        self.journal = journal
        self.force = force
        self.optionsHash = OptionsFingerprint.of(pipeline.configuration, crop: crop)
    }

    func process(_ index: Int) -> ProcessRecord {
        let input = inputs[index].path
        let bytes: [UInt8]
        do {
            bytes = try InputReader.read(inputs[index])
        } catch let error as InputReadError {
            return .failure(input, status: .error, code: InputReadError.code, message: "The file could not be read.",
                            reason: error.reason)
        } catch {
            return .failure(input, status: .error, code: InputReadError.code, message: "\(error)", reason: "\(error)")
        }
        let content = ContentHash.hex(bytes)
        let key = stems[index]
        if !force, let entry = journal?.current(input: key, content: content, options: optionsHash) {
            var record = ProcessRecord(
                input: input, status: .ok, image: entry.image, croppedImage: entry.croppedImage,
                crop: entry.crop.count == 4
                    ? CropRectangle(x: entry.crop[0], y: entry.crop[1], width: entry.crop[2], height: entry.crop[3]) : nil)
            if let mode = entry.cropMode.flatMap(CropChoice.Mode.init(rawValue:)) {
                let faces = (entry.faces ?? []).filter { $0.count == 4 }.map {
                    CropRectangle(x: $0[0], y: $0[1], width: $0[2], height: $0[3])
                }
                record.cropChoice = CropChoice(mode: mode, faces: faces)
            }
            record.skipped = true
            record.inputBytes = bytes.count
            return record
        }
        let result: ProcessedImage
        do {
            result = try pipeline.process(bytes, crop: crop)
        } catch let error as ProfileImageError {
            return .failure(input, status: error.isInvalidImage ? .invalid : .error, code: error.code.rawValue,
                            message: error.message, reason: error.reason)
        } catch {
            return .failure(input, status: .error, code: "internalError", message: "\(error)", reason: "\(error)")
        }
        let imagePath = naming.imagePath(stem: key, format: result.image.format)
        let croppedPath = naming.croppedImagePath(stem: key, format: result.croppedImage.format)
        for path in [imagePath, croppedPath]
        where inputRealPaths.contains(URL(fileURLWithPath: path).resolvingSymlinksInPath().path) {
            return .failure(input, status: .error, code: "wouldOverwriteInput", message: "Refusing to overwrite an input.",
                            reason: "the output \(path) is one of the inputs; choose another --out")
        }
        let image = ProcessRecord.Output(
            path: imagePath, width: result.image.width, height: result.image.height, bytes: result.image.bytes.count)
        let croppedImage = ProcessRecord.Output(
            path: croppedPath, width: result.croppedImage.width, height: result.croppedImage.height,
            bytes: result.croppedImage.bytes.count)
        var record = ProcessRecord(input: input, status: .ok, image: image, croppedImage: croppedImage, crop: result.crop)
        record.inputBytes = bytes.count
        record.colour = result.colour
        record.cropChoice = result.cropChoice
        do {
            // Made durable with the journal's next commit, when it groups them.
            try AtomicFile.write(result.image.bytes, to: imagePath, durable: !(journal?.groupsCommits ?? false))
            try AtomicFile.write(result.croppedImage.bytes, to: croppedPath, durable: !(journal?.groupsCommits ?? false))
            // Only now, with both files in place, is the input done.
            let crop = result.crop
            try journal?.append(
                ProcessJournal.Entry(
                    input: key, content: content, options: optionsHash, image: image, croppedImage: croppedImage,
                    crop: [crop.x, crop.y, crop.width, crop.height], cropMode: result.cropChoice.mode.rawValue,
                    faces: result.cropChoice.faces.map { [$0.x, $0.y, $0.width, $0.height] }))
        } catch {
            return .failure(input, status: .error, code: "writeFailed", message: "The output could not be written.",
                            reason: "\(error)")
        }
        return record
    }
}
