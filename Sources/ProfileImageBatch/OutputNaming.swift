import Foundation
import ProfileImage

/// Where the two outputs of an input go: under `--out`, at the input's path relative to the
/// folder it was found in, named after the API's fields and carrying their real format's
/// extension: `team/ada.jpg` becomes `OUT/team/ada.image.jpg` and `OUT/team/ada.cropped_image.jpg`.
struct OutputNaming {
    let outputDirectory: String

    /// `relativePath` without its extension: the stem both outputs share.
    func stem(for relativePath: String) -> String {
        let name = (relativePath as NSString).lastPathComponent
        let directory = (relativePath as NSString).deletingLastPathComponent
        let base = (name as NSString).deletingPathExtension
        let stem = base.isEmpty ? name : base
        return directory.isEmpty ? stem : directory + "/" + stem
    }

    func imagePath(stem: String, format: ImageFormat) -> String {
        outputDirectory + "/" + stem + ".image." + format.fileExtension
    }

    func croppedImagePath(stem: String, format: ImageFormat) -> String {
        outputDirectory + "/" + stem + ".cropped_image." + format.fileExtension
    }

    /// Stems for a batch: an input whose stem another input already has (`ada.jpg` and `ada.png`
    /// in one folder) keeps its extension in the stem (`ada.png`), so no output overwrites another.
    func stems(for files: [InputFile]) -> [String] {
        var counts: [String: Int] = [:]
        for file in files { counts[stem(for: file.relativePath), default: 0] += 1 }
        return files.map { file in
            let stem = stem(for: file.relativePath)
            return counts[stem, default: 0] > 1 ? file.relativePath : stem
        }
    }
}
