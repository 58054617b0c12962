/// How to write a JPEG. The defaults suit a profile photo: quality 85, 4:2:0, standard Huffman
/// tables, baseline.
public struct JPEGEncodingOptions: Sendable, Hashable {
    /// libjpeg quality, 1...100. Default 85.
    public var quality: Int
    /// Chroma subsampling. Default ``ChromaSubsampling/s420``.
    public var subsampling: ChromaSubsampling
    /// Write a progressive JPEG (libjpeg's standard scan script). Default `false`.
    public var progressive: Bool
    /// Compute optimal Huffman tables: the same pixels in smaller files (3% on the photo
    /// benchmark's real photos, 20-27% on the synthetic TestImages), for an extra pass over the
    /// coefficients that costs about 15% of the whole job. Default `false`, as libvips and
    /// Pillow; the pipeline turns it on by itself under a byte budget (``ProfileImagePipeline/Configuration/maxBytes``).
    public var optimizeHuffman: Bool

    /// Creates options; every parameter has the default described on its property.
    public init(
        quality: Int = 85,
        subsampling: ChromaSubsampling = .s420,
        progressive: Bool = false,
        optimizeHuffman: Bool = false
    ) {
        self.quality = quality
        self.subsampling = subsampling
        self.progressive = progressive
        self.optimizeHuffman = optimizeHuffman
    }

    /// JPEG chroma subsampling.
    public enum ChromaSubsampling: String, Sendable, Hashable, CaseIterable {
        /// Chroma at half width and half height: the usual choice for photos.
        case s420 = "4:2:0"
        /// Chroma at half width.
        case s422 = "4:2:2"
        /// Full-resolution chroma: crisper coloured edges (text, logos), larger files.
        case s444 = "4:4:4"
    }
}
