import Foundation
import MultipartKit
import NIOCore
import ProfileImage

/// What `POST /api/avatar` carries: multipart/form-data with the photo (`photo`, a file) and,
/// optionally, the crop (`crop`, `x,y,w,h` in the upright picture's pixels, a square).
struct AvatarForm: Sendable {
    /// The photo, as sent.
    var photo: [UInt8]
    /// The crop the person chose; `nil` lets the service choose.
    var crop: CropRectangle?

    /// Reads a form part by part as its body arrives, keeping only the fields it takes, so a
    /// request holds its photo once, not the body and copies of it too.
    final class Reader {
        private let parser: MultipartParser
        private var headers: [(String, String)] = []
        private var content: [UInt8] = []
        private var photo: [UInt8]?
        private var cropText: String?

        /// A reader for a body of `contentType`.
        /// - Throws: ``AvatarServiceError`` with code `badRequest` unless it is multipart/form-data.
        init(contentType: String) throws {
            guard contentType.lowercased().hasPrefix("multipart/form-data"),
                let boundary = AvatarForm.boundary(in: contentType)
            else {
                throw AvatarServiceError(
                    code: .badRequest, message: "the request must be multipart/form-data with a photo")
            }
            parser = MultipartParser(boundary: boundary)
            parser.onHeader = { [unowned self] in headers.append(($0, $1)) }
            parser.onBody = { [unowned self] in
                // Only the two fields are kept; a part named otherwise costs nothing.
                if isKept { content += $0.readableBytesView }
            }
            parser.onPartComplete = { [unowned self] in
                switch name {
                case "photo": photo = photo ?? content
                case "crop": cropText = cropText ?? String(decoding: content, as: UTF8.self)
                default: break
                }
                headers = []
                content = []
            }
        }

        private var name: String {
            AvatarForm.parameter("name", in: headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? "")
                ?? ""
        }

        private var isKept: Bool { ["photo", "crop"].contains(name) && (name != "crop" || content.count < 100) }

        /// Parses the next bytes of the body.
        /// - Throws: ``AvatarServiceError`` with code `badRequest` for a malformed body.
        func read(_ chunk: ByteBuffer) throws {
            do {
                try parser.execute(chunk)
            } catch {
                throw AvatarServiceError(code: .badRequest, message: "the multipart body could not be read")
            }
        }

        /// The form, once the body has all been read.
        /// - Throws: ``AvatarServiceError`` with code `badRequest` for a form with no photo, or
        ///   a crop that is not a square of four whole numbers.
        func finish() throws -> AvatarForm {
            guard let photo, !photo.isEmpty else {
                throw AvatarServiceError(
                    code: .badRequest, message: "no photo was sent (the form field is named photo)")
            }
            guard let cropText, !cropText.isEmpty else { return AvatarForm(photo: photo, crop: nil) }
            guard let crop = CropRectangle(parsing: cropText), crop.width == crop.height else {
                throw AvatarServiceError(
                    code: .badRequest,
                    message:
                        "crop must be a square, x,y,w,w in whole pixels, not \(cropText.prefix(40).debugDescription)")
            }
            return AvatarForm(photo: photo, crop: crop)
        }
    }

    /// The boundary parameter of a Content-Type value.
    static func boundary(in contentType: String) -> String? {
        guard let range = contentType.range(of: "boundary=", options: .caseInsensitive) else { return nil }
        var boundary = String(contentType[range.upperBound...])
        if let end = boundary.firstIndex(of: ";") { boundary = String(boundary[..<end]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        return boundary.isEmpty ? nil : boundary
    }

    /// A quoted parameter of a Content-Disposition value.
    static func parameter(_ name: String, in disposition: String) -> String? {
        guard let range = disposition.range(of: "; \(name)=\"") else { return nil }
        let rest = disposition[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
