import Foundation
import Hummingbird

/// The page's files (HTML, CSS, JS), read once from the bundle when the service is made (a few
/// kilobytes, before it serves anything) and served from memory by name: a request names one of
/// them or gets 404, never a path on disk.
struct PageAssets: Sendable {
    private let files: [String: (type: String, bytes: [UInt8])]

    /// The files, with the page told the body limit (so it can say a photo is too large before
    /// sending it, with no request of its own to ask).
    init(maxBodyBytes: Int) {
        var files: [String: (type: String, bytes: [UInt8])] = [:]
        for (name, type) in [
            ("index.html", "text/html; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8"),
            ("app.css", "text/css; charset=utf-8"),
        ] {
            if let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources"),
                let data = try? Data(contentsOf: url)
            {
                let text = String(decoding: data, as: UTF8.self).replacingOccurrences(
                    of: "{{maxBodyBytes}}", with: String(maxBodyBytes))
                files[name] = (type, Array(text.utf8))
            }
        }
        self.files = files
    }

    /// The file `name`, or 404.
    func response(for name: String) -> Response {
        guard let file = files[name] else {
            return JSONResponse.error(.notFound, code: "notFound", message: "Not found.")
        }
        var headers = HTTPFields()
        headers[.contentType] = file.type
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
}
