import Foundation
import ProfileImage

/// Both files one upload made, kept for the page to show.
struct AvatarResult: Sendable {
    /// `image`.
    var image: EncodedImage
    /// `cropped_image`.
    var croppedImage: EncodedImage
    /// When it may no longer be fetched.
    var expires: ContinuousClock.Instant

    /// Creates a result.
    init(image: EncodedImage, croppedImage: EncodedImage, expires: ContinuousClock.Instant) {
        self.image = image
        self.croppedImage = croppedImage
        self.expires = expires
    }

    /// Bytes it holds.
    var size: Int { image.bytes.count + croppedImage.bytes.count }
}
