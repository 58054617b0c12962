import CProfileImageVision

extension ProfileImagePipeline {
    /// The crop ``Configuration/cropStrategy`` picks, looking at the `image` output (stored
    /// orientation; premultiplied if it has alpha) of a picture whose header is `info`.
    /// - Throws: ``ProfileImageError/Code/invalidOption`` when the face cascade cannot be read.
    func framedCrop(from image: PixelBuffer, info: ImageInfo, colour: ColourConverter) throws -> (CropRectangle, CropChoice) {
        let cascade = configuration.cropStrategy == .face ? try HaarCascade.shared(at: configuration.faceCascadePath) : nil
        let framing = CropFraming(cascade: cascade, minimumSide: configuration.croppedSize)
        var raster = Self.framingRaster(image, orientation: info.orientation)
        // Ink is no colour to look at: the small raster goes to RGB as the outputs will.
        if raster.layout == .cmyk { raster = colour.converted(raster) }
        return framing.choose(raster: raster, width: info.orientedWidth, height: info.orientedHeight)
    }

    /// `image` averaged down by the largest whole factor that keeps its short side at least
    /// ``CropFraming/rasterShortSide`` (up to twice that), alpha left out, upright.
    static func framingRaster(_ image: PixelBuffer, orientation: ExifOrientation) -> PixelBuffer {
        // A panorama keeps its short side near the target, its pixels under a few million.
        let byArea = Int((Double(image.width) * Double(image.height) / 4_000_000).squareRoot().rounded(.up))
        let factor = max(1, min(image.width, image.height) / CropFraming.rasterShortSide, byArea)
        let width = (image.width + factor - 1) / factor
        let height = (image.height + factor - 1) / factor
        let channels = image.layout.channels
        var small = [UInt8](unsafeUninitializedCapacity: width * height * channels) { buffer, count in
            image.bytes.withUnsafeBufferPointer {
                pik_box_shrink(
                    $0.baseAddress, Int32(image.width), Int32(image.height), image.rowStride, Int32(channels),
                    Int32(factor), buffer.baseAddress)
            }
            count = width * height * channels
        }
        var layout = image.layout
        if layout == .rgba {
            small = stride(from: 0, to: small.count, by: 4).flatMap { small[$0..<$0 + 3] }
            layout = .rgb
        }
        return PixelBuffer(width: width, height: height, layout: layout, uncheckedBytes: small).oriented(orientation)
    }
}
