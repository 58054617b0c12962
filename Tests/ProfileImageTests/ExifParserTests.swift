import Testing

@testable import ProfileImage

@Suite("EXIF orientation")
struct ExifParserTests {
    /// A TIFF header and IFD0 holding one entry, in either byte order.
    static func tiff(bigEndian: Bool, tag: UInt16 = 0x0112, type: UInt16 = 3, value: UInt16) -> [UInt8] {
        func u16(_ v: UInt16) -> [UInt8] { bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func u32(_ v: UInt32) -> [UInt8] { bigEndian ? u16(UInt16(v >> 16)) + u16(UInt16(v & 0xFFFF)) : u16(UInt16(v & 0xFFFF)) + u16(UInt16(v >> 16)) }
        let order: [UInt8] = bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]
        return order + u16(42) + u32(8) + u16(1) + u16(tag) + u16(type) + u32(1) + u16(value) + u16(0) + u32(0)
    }

    @Test(arguments: ExifOrientation.allCases, [false, true])
    func readsEveryOrientationInBothByteOrders(orientation: ExifOrientation, bigEndian: Bool) {
        #expect(ExifParser.orientation(inTIFF: Self.tiff(bigEndian: bigEndian, value: UInt16(orientation.rawValue))) == orientation)
    }

    @Test("out-of-range values, wrong types, other tags and damaged blocks give no orientation")
    func rejectsNonsense() {
        #expect(ExifParser.orientation(inTIFF: Self.tiff(bigEndian: false, value: 0)) == nil)
        #expect(ExifParser.orientation(inTIFF: Self.tiff(bigEndian: false, value: 9)) == nil)
        #expect(ExifParser.orientation(inTIFF: Self.tiff(bigEndian: false, type: 4, value: 6)) == nil)
        #expect(ExifParser.orientation(inTIFF: Self.tiff(bigEndian: true, tag: 0x0110, value: 6)) == nil)
        // Header (8) + entry count (2) + tag, type, count (8) + the value (2): 20 bytes needed.
        let whole = Self.tiff(bigEndian: true, value: 6)
        for length in 0..<whole.count {
            let expected: ExifOrientation? = length >= 20 ? .right : nil
            #expect(ExifParser.orientation(inTIFF: Array(whole.prefix(length))) == expected, "\(length) bytes")
        }
        var pointsOutside = whole
        pointsOutside[7] = 0xF0
        #expect(ExifParser.orientation(inTIFF: pointsOutside) == nil)
    }
}
