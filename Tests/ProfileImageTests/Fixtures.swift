import Foundation

/// The committed fixture files (made by Tests/FixtureGenerator/make_test_images.py) and the
/// generator's own statement of what each one contains.
enum Fixtures {
    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relativePath)))
    }

    static func names(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
        return names.sorted()
    }

    static let manifest: Manifest = {
        let data = try! Data(contentsOf: root.appendingPathComponent("manifest.json"))
        return try! JSONDecoder().decode(Manifest.self, from: data)
    }()

    /// The WebP, HEIC, AVIF, GIF, TIFF and BMP fixtures (made by make_format_fixtures.py), whose
    /// samples are of the upright picture (the orientation applied).
    static let formats: Manifest = {
        let data = try! Data(contentsOf: root.appendingPathComponent("formats/formats.json"))
        return try! JSONDecoder().decode(Manifest.self, from: data)
    }()

    struct Manifest: Decodable {
        let valid: [String: Valid]
        let invalid: [String: Invalid]
    }

    /// What the generator drew into a valid fixture.
    struct Valid: Decodable {
        let format: String
        let width: Int
        let height: Int
        let layout: String
        let samples: [Sample]
        let tolerance: Int
        let subsampling: String?
        let progressive: Bool?
        let arithmetic: Bool?
        let colorModel: String?
        let orientation: Int?
        let iccLength: Int?
        /// CRC-32 of the embedded profile: the multi-marker one must be reassembled byte for byte.
        let iccCRC32: UInt32?
        let hasExif: Bool?
        let bitDepth: Int?
        let hasAlpha: Bool?
        /// How many warnings (harmless slack) validating it reports; none when absent.
        let warnings: Int?
        /// A fixture it must decode to exactly: the same picture without the slack.
        let samePixelsAs: String?
        /// Frames or pages in an animation or a multi-page file (only the first is decoded).
        let frames: Int?
        /// The orientation in the EXIF payload, where it differs from the one applied (HEIC).
        let exifOrientation: Int?
    }

    struct Sample: Decodable {
        let x: Int
        let y: Int
        let value: [Int]
    }

    /// The code the generator meant a damaged fixture to produce (and, for other formats, which).
    struct Invalid: Decodable {
        let code: String
        let format: String?

        init(from decoder: Decoder) throws {
            if let code = try? decoder.singleValueContainer().decode(String.self) {
                (self.code, self.format) = (code, nil)
            } else {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                code = try container.decode(String.self, forKey: .code)
                format = try container.decode(String.self, forKey: .format)
            }
        }

        private enum CodingKeys: String, CodingKey { case code, format }
    }
}
