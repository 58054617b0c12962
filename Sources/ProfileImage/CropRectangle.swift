/// A crop in whole pixels of the upright (EXIF-oriented) image at full resolution: what a
/// browser cropper shows the user and sends back.
public struct CropRectangle: Sendable, Hashable, CustomStringConvertible {
    /// Left edge.
    public var x: Int
    /// Top edge.
    public var y: Int
    /// Width, at least 1.
    public var width: Int
    /// Height, at least 1.
    public var height: Int

    /// Creates a rectangle.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Parses `x,y,w,h` (whole numbers, optional spaces); `nil` if malformed.
    public init?(parsing text: String) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { Int($0.trimmingCharacters(in: " ")) }
        guard parts.count == 4, let x = parts[0], let y = parts[1], let w = parts[2], let h = parts[3] else {
            return nil
        }
        self.init(x: x, y: y, width: w, height: h)
    }

    /// The largest centred square of a `width` x `height` image (empty for sizes not above zero).
    public static func centredSquare(width: Int, height: Int) -> CropRectangle {
        let side = max(0, min(width, height))
        // (width - side) cannot overflow: both are non-negative here, or side is 0.
        return CropRectangle(x: max(0, width - side) / 2, y: max(0, height - side) / 2, width: side, height: side)
    }

    /// `x,y,w,h`.
    public var description: String { "\(x),\(y),\(width),\(height)" }

    /// Throws ``ProfileImageError/Code/invalidCrop`` unless the rectangle lies inside a
    /// `width` x `height` image and is not empty.
    func check(insideWidth width: Int, height: Int) throws {
        let fits =
            self.width > 0 && self.height > 0 && x >= 0 && y >= 0 && x <= width - self.width
            && y <= height - self.height
        guard fits else {
            throw ProfileImageError.usage(
                .invalidCrop,
                "Crop \(self) (x,y,w,h) does not fit inside the \(width)x\(height) image "
                    + "(coordinates are in the upright image, after EXIF orientation)")
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> Substring {
        var text = self
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return text
    }
}
