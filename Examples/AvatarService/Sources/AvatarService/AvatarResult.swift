import Foundation
import ProfileImage

/// Both files one upload made, kept for the page to show.
public struct AvatarResult: Sendable {
    /// `image`.
    public var image: EncodedImage
    /// `cropped_image`.
    public var croppedImage: EncodedImage
    /// When it may no longer be fetched.
    public var expires: ContinuousClock.Instant

    /// Creates a result.
    public init(image: EncodedImage, croppedImage: EncodedImage, expires: ContinuousClock.Instant) {
        self.image = image
        self.croppedImage = croppedImage
        self.expires = expires
    }

    /// Bytes it holds.
    var size: Int { image.bytes.count + croppedImage.bytes.count }
}
