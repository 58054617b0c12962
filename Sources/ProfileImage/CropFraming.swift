import CProfileImageVision

/// Places the square crop by ``CropStrategy/face`` or ``CropStrategy/attention`` on a small
/// upright raster of the picture, then scales the square to the full-resolution picture.
struct CropFraming {
    /// The raster's short side is brought down towards this by whole-block averaging (never
    /// below it): a face must be 24 px there (the cascade's window), so one of 9% of the
    /// picture's height (landscape) or width (portrait) is found: every face of a group photo
    /// that is the subject of an avatar. Measured on the photo corpus, a 2048 x 1365 `image`
    /// output framed at 410 x 273 costs 15 ms; at 683 x 455 it cost 75 ms and found more false faces.
    static let rasterShortSide = 270

    /// How much larger each scale of the detector's pyramid is than the one before.
    static let scaleFactor = 1.1

    /// How many overlapping windows must agree on a face, more than: OpenCV's default is 3. On
    /// the face fixtures 5 loses a face in sunglasses that 4 finds; 4 sees no face in 8 of the 9
    /// fixture scenes without people (coins are faces to every Haar cascade).
    static let minimumNeighbours = 4

    let cascade: HaarCascade?
    /// The smallest side a face crop gets when the picture has it: the crop output's size, so
    /// that a small face is not enlarged.
    let minimumSide: Int

    /// The square for a picture of `width` x `height` (upright, full resolution), from `raster`,
    /// its upright small RGB or grey version.
    func choose(raster: PixelBuffer, width: Int, height: Int) -> (CropRectangle, CropChoice) {
        let toFull = Double(width) / Double(raster.width)
        if let cascade,
            let found = cascade.detect(
                in: raster.layout == .gray ? raster.bytes : luma(raster), width: raster.width, height: raster.height,
                minNeighbours: Self.minimumNeighbours),
            !found.isEmpty
        {
            let faces = found.map {
                CropRectangle(
                    x: Int((Double($0.x) * toFull).rounded()), y: Int((Double($0.y) * toFull).rounded()),
                    width: Int((Double($0.width) * toFull).rounded()), height: Int((Double($0.height) * toFull).rounded()))
            }
            return (Self.frame(faces, width: width, height: height, minimumSide: minimumSide), CropChoice(mode: .face, faces: faces))
        }
        let side = min(raster.width, raster.height)
        var x: Int32 = 0
        var y: Int32 = 0
        let status = raster.bytes.withUnsafeBufferPointer {
            pik_attention_square(
                $0.baseAddress, Int32(raster.width), Int32(raster.height), Int32(raster.layout.channels), Int32(side), &x, &y)
        }
        let full = min(width, height)
        guard status == 0 else {
            return (.centredSquare(width: width, height: height), CropChoice(mode: .centre))
        }
        let left = min(max(0, Int((Double(x) * toFull).rounded())), width - full)
        let top = min(max(0, Int((Double(y) * toFull).rounded())), height - full)
        return (CropRectangle(x: left, y: top, width: full, height: full), CropChoice(mode: .attention))
    }

    /// A head-and-shoulders square around the main faces (those at least half as wide as the
    /// largest): 2.8 face heights tall, as wide as the faces with a face's width to spare on each
    /// side, the faces' centre 40% of the way down so there is headroom above and shoulders
    /// below; at least `minimumSide` and at most the picture's short side, clamped inside it.
    static func frame(_ faces: [CropRectangle], width: Int, height: Int, minimumSide: Int) -> CropRectangle {
        let largest = faces.map(\.width).max() ?? 0
        let main = faces.filter { $0.width * 2 >= largest }
        let left = main.map(\.x).min() ?? 0
        let top = main.map(\.y).min() ?? 0
        let right = main.map { $0.x + $0.width }.max() ?? width
        let bottom = main.map { $0.y + $0.height }.max() ?? height
        let faceHeight = Double(main.map(\.height).max() ?? 0)
        let wanted = max(2.8 * faceHeight, Double(right - left) + 1.2 * Double(largest), 1.6 * Double(bottom - top))
        let side = min(min(width, height), max(1, minimumSide, Int(wanted.rounded())))
        let centreX = Double(left + right) / 2
        let centreY = Double(top + bottom) / 2
        // A close-up whose square cannot hold 2.8 face heights keeps the forehead before the chin.
        let headroom = Double(top) - faceHeight / 3
        let framedTop = max(min(centreY - 0.4 * Double(side), headroom), Double(bottom - side))
        let x = min(max(0, Int((centreX - Double(side) / 2).rounded())), width - side)
        let y = min(max(0, Int(framedTop.rounded())), height - side)
        return CropRectangle(x: x, y: y, width: side, height: side)
    }

    private func luma(_ raster: PixelBuffer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: raster.width * raster.height) { buffer, count in
            raster.bytes.withUnsafeBufferPointer {
                pik_luma($0.baseAddress, Int32(raster.width * raster.height), Int32(raster.layout.channels), buffer.baseAddress)
            }
            count = raster.width * raster.height
        }
    }
}
