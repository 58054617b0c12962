/// Which strategy decided the crop, and the faces it saw.
public struct CropChoice: Sendable, Hashable {
    /// What decided the crop.
    public var mode: Mode
    /// The faces found, in the upright full-resolution image (empty unless ``Mode/face``).
    public var faces: [CropRectangle]

    /// Creates a record.
    public init(mode: Mode, faces: [CropRectangle] = []) {
        self.mode = mode
        self.faces = faces
    }

    /// What decided the crop.
    public enum Mode: String, Sendable, Hashable {
        /// The caller's rectangle.
        case given
        /// The centred square.
        case centre
        /// Faces were found and framed.
        case face
        /// The attention map (asked for, or no face was found).
        case attention
    }
}
