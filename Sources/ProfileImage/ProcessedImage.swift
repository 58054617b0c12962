/// The two files for the profile API, made from one input.
public struct ProcessedImage: Sendable, Hashable {
    /// The `image` field: the whole picture, upright, metadata stripped, long side capped.
    public var image: EncodedImage
    /// The `cropped_image` field: the crop, upright, resized.
    public var croppedImage: EncodedImage
    /// The crop used, in the upright full-resolution image (the centred square unless one was given).
    public var crop: CropRectangle
    /// The input's header.
    public var source: ImageInfo
    /// The DCT scale the input was decoded at (``JPEGScale/full`` for PNG).
    public var decodeScale: JPEGScale
    /// What became of the input's colour profile.
    public var colour: ColourHandling
    /// Which strategy placed the crop, and the faces it saw.
    public var cropChoice: CropChoice

    /// Creates a result from its parts.
    public init(
        image: EncodedImage, croppedImage: EncodedImage, crop: CropRectangle, source: ImageInfo, decodeScale: JPEGScale,
        colour: ColourHandling = ColourHandling(action: .untagged), cropChoice: CropChoice = CropChoice(mode: .given)
    ) {
        self.colour = colour
        self.cropChoice = cropChoice
        self.image = image
        self.croppedImage = croppedImage
        self.crop = crop
        self.source = source
        self.decodeScale = decodeScale
    }
}
