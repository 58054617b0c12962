/// How long each stage of one job took, for metrics. Where a JPEG or PNG streams, the `image`
/// output is resampled from the rows as the codec delivers them, so that resampling counts as
/// decoding: the two cannot be told apart there, and together they are what the decode costs.
/// A JPEG copied without re-encoding (``ProfileImagePipeline/Configuration/copiesUnchangedJPEG``)
/// counts its whole output stage, the full decode that validates it and the crop included, as
/// encoding.
public struct StageTimings: Sendable, Hashable {
    /// Reading the header and decoding (with the streamed resampling described above).
    public var decode: Duration
    /// Resampling done apart from the decode: the crop, and the `image` output of a picture
    /// decoded whole.
    public var resample: Duration
    /// Placing the crop (the face and attention strategies); zero for a given or centred crop.
    public var framing: Duration
    /// Colour conversion and encoding both outputs.
    public var encode: Duration

    /// Creates timings; every stage defaults to zero.
    public init(
        decode: Duration = .zero, resample: Duration = .zero, framing: Duration = .zero, encode: Duration = .zero
    ) {
        self.decode = decode
        self.resample = resample
        self.framing = framing
        self.encode = encode
    }

    /// The stages one after another.
    public var total: Duration { decode + resample + framing + encode }
}
