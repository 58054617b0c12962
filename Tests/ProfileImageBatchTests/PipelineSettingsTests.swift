import Foundation
import ProfileImage
import Testing

import ProfileImageBatch

@Suite("Queue jobs carry the pipeline's options whole")
struct PipelineSettingsTests {
    /// Every field away from its default, so that one the settings drop or misread shows.
    static let unusual = ProfileImagePipeline.Configuration(
        decoding: DecodingOptions(
            limits: .init(maxWidth: 9_000, maxHeight: 8_000, maxPixels: 50_000_000, maxProgressiveScans: 77),
            policy: .tolerant, acceptedFormats: [.jpeg, .heic, .bmp]),
        maxSide: 1_500, croppedSize: 300, format: .png,
        jpeg: JPEGEncodingOptions(quality: 77, subsampling: .s444, progressive: true, optimizeHuffman: true),
        png: PNGEncodingOptions(compressionLevel: 3), background: RGBColor(red: 10, green: 20, blue: 30),
        keepMetadata: true, iccProfile: .drop, allowUpscale: true, shrinkOnLoad: false, shrinkOnLoadMargin: 1.5,
        maxBytes: 123_456, minimumQuality: 55, copiesUnchangedJPEG: false, cropStrategy: .face,
        faceCascadePath: "/opt/cascades/face.xml")

    @Test("a configuration survives the job's JSON unchanged, crop included")
    func roundTrip() throws {
        #expect(Self.unusual != ProfileImagePipeline.Configuration())
        let crop = CropRectangle(x: 1, y: 2, width: 30, height: 30)
        let settings = PipelineSettings(Self.unusual, crop: crop)
        let decoded = try JSONDecoder().decode(PipelineSettings.self, from: try JSONEncoder().encode(settings))
        #expect(try decoded.configuration() == Self.unusual)
        #expect(decoded.cropRectangle == crop)
    }

    @Test("a job enqueued before formats could be narrowed takes every format")
    func olderJobsTakeEveryFormat() throws {
        var json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(PipelineSettings(Self.unusual, crop: nil))) as! [String: Any]
        #expect(json["acceptedFormats"] as? [String] == ["jpeg", "heic", "bmp"])
        json["acceptedFormats"] = nil
        let older = try JSONDecoder().decode(PipelineSettings.self, from: try JSONSerialization.data(withJSONObject: json))
        #expect(try older.configuration().decoding.acceptedFormats == Set(ImageFormat.decodable))
        json["acceptedFormats"] = ["jpeg", "jxl"]
        let newer = try JSONDecoder().decode(PipelineSettings.self, from: try JSONSerialization.data(withJSONObject: json))
        #expect(throws: BatchError.self) { try newer.configuration() }
    }

    @Test("a field added to the configuration must be added to the job's settings (and here)")
    func everyFieldCovered() {
        // Configuration's stored properties, as this test and PipelineSettings know them.
        #expect(Mirror(reflecting: Self.unusual).children.count == 17)
        #expect(Mirror(reflecting: Self.unusual.decoding).children.count == 3)
        #expect(Mirror(reflecting: Self.unusual.jpeg).children.count == 4)
    }
}
