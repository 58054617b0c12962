import Foundation

/// Where, under the base URL, each endpoint of the profile API is. The defaults are the paths
/// the API's examples post to; its documentation heads the upload with `/user/profile-image/`,
/// which a deployment may name instead.
public struct ProfileAPIPaths: Sendable, Hashable {
    /// `POST` with `image` and `cropped_image`. Default `/user/profile/profile-image/`.
    public let upload: String
    /// `GET` the profile. Default `/user/get/profile/`.
    public let profile: String
    /// `POST` profile fields. Default `/user/update/profile/`.
    public let update: String

    /// Creates paths; every parameter has the default described on its property. Each is made to
    /// start and end with `/` (the API redirects a URL without its trailing slash, and a
    /// redirected POST loses its body).
    public init(
        upload: String = "/user/profile/profile-image/", profile: String = "/user/get/profile/",
        update: String = "/user/update/profile/"
    ) {
        self.upload = Self.normalised(upload)
        self.profile = Self.normalised(profile)
        self.update = Self.normalised(update)
    }

    /// The path the API's documentation heads the upload with.
    public static let documentedUpload = "/user/profile-image/"

    /// Throws unless every path is a plain URL path: only the characters RFC 3986 allows in one
    /// (`%XX` escapes included), and no empty, `.` or `..` segment, so that none can carry a
    /// query or a fragment, or climb out of the base URL's path.
    /// - Throws: ``ProfileUploadError`` with ``ProfileUploadError/Code/invalidConfiguration``
    ///   naming the path.
    public func check() throws {
        for (name, path) in [("upload", upload), ("profile", profile), ("update", update)] {
            guard Self.isPlainPath(path) else {
                throw ProfileUploadError(
                    code: .invalidConfiguration,
                    message: "The \(name) path must be a plain URL path such as /user/profile-image/, not '\(path)'")
            }
        }
    }

    private static func isPlainPath(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().dropLast()
        guard !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) || path == "/" else { return false }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, bytes[index + 1].isHexDigit, bytes[index + 2].isHexDigit else { return false }
                index += 3
                continue
            }
            guard byte.isPathCharacter else { return false }
            index += 1
        }
        return true
    }

    static func normalised(_ path: String) -> String {
        var path = path.trimmingCharacters(in: ["/"])
        path = "/" + path
        return path == "/" ? path : path + "/"
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }

    /// RFC 3986 `pchar` (less `%`, checked apart) and `/`.
    fileprivate var isPathCharacter: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self)
            || Array("-._~!$&'()*+,;=:@/".utf8).contains(self)
    }
}
