import Foundation

/// Where, under the base URL, each endpoint of the profile API is. The defaults are the paths
/// the API's examples post to; its documentation heads the upload with `/user/profile-image/`,
/// which a deployment may name instead.
public struct ProfileAPIPaths: Sendable, Hashable {
    /// `POST` with `image` and `cropped_image`. Default `/user/profile/profile-image/`.
    public var upload: String
    /// `GET` the profile. Default `/user/get/profile/`.
    public var profile: String
    /// `POST` profile fields. Default `/user/update/profile/`.
    public var update: String

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

    static func normalised(_ path: String) -> String {
        var path = path.trimmingCharacters(in: ["/"])
        path = "/" + path
        return path == "/" ? path : path + "/"
    }
}
