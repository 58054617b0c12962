import Foundation
import MultipartKit
import ProfileImage

/// What `POST /api/avatar` carries: multipart/form-data with the photo (`photo`, a file) and,
/// optionally, the crop (`crop`, `x,y,w,h` in the upright picture's pixels).
struct AvatarForm: Sendable {
    /// The photo, as sent.
    var photo: [UInt8]
    /// The photo's file name, as the browser gave it (shown, never used as a path).
    var filename: String?
    /// The crop the person chose; `nil` lets the service choose.
    var crop: CropRectangle?

    /// Parses `body`.
    /// - Throws: ``AvatarServiceError`` with code `badRequest` for a body that is not
    ///   multipart/form-data, has no `photo` file, or a `crop` that is not four whole numbers.
    init(body: [UInt8], contentType: String) throws {
        guard contentType.lowercased().hasPrefix("multipart/form-data"), let boundary = Self.boundary(in: contentType) else {
            throw AvatarServiceError(code: .badRequest, message: "the request must be multipart/form-data with a photo")
        }
        var fields: [(name: String, filename: String?, bytes: [UInt8])] = []
        var headers: [(String, String)] = []
        var content: [UInt8] = []
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { headers.append(($0, $1)) }
        parser.onBody = { content += $0.readBytes(length: $0.readableBytes) ?? [] }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            fields.append((Self.parameter("name", in: disposition) ?? "", Self.parameter("filename", in: disposition), content))
            headers = []
            content = []
        }
        do {
            try parser.execute(body)
        } catch {
            throw AvatarServiceError(code: .badRequest, message: "the multipart body could not be read")
        }
        guard let photo = fields.first(where: { $0.name == "photo" }), !photo.bytes.isEmpty else {
            throw AvatarServiceError(code: .badRequest, message: "no photo was sent (the form field is named photo)")
        }
        self.photo = photo.bytes
        filename = photo.filename
        if let field = fields.first(where: { $0.name == "crop" }), !field.bytes.isEmpty {
            let text = String(decoding: field.bytes, as: UTF8.self)
            guard let crop = CropRectangle(parsing: text) else {
                throw AvatarServiceError(code: .badRequest, message: "crop must be x,y,w,h in whole pixels, not \(text.prefix(40).debugDescription)")
            }
            self.crop = crop
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
