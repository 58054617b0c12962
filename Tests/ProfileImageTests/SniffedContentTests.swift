import Testing

@testable import ProfileImage

@Suite("Format recognition from leading bytes")
struct SniffedContentTests {
    @Test(
        arguments: [
            ([0xFF, 0xD8, 0xFF, 0xE0], SniffedContent.image(.jpeg)),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], .image(.png)),
            (Array("GIF89a".utf8), .image(.gif)),
            (Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8L".utf8), .image(.webp)),
            ([0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8], .image(.tiff)),
            (Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8), .image(.svg)),
            ([0xEF, 0xBB, 0xBF] + Array("\n  <?xml version=\"1.0\"?><svg/>".utf8), .image(.svg)),
            ([], .empty),
            (Array("<html><body><svg/></body></html>".utf8), .other("an HTML document")),
            (Array("<?xml version=\"1.0\"?><feed/>".utf8), .other("an XML document")),
            (Array("BM is how this sentence starts".utf8), .other("text")),
            (Array("%PDF-1.7".utf8), .other("a PDF document")),
            ([0x00, 0x01, 0x02, 0x03], .other("binary data of no known image format")),
        ] as [([UInt8], SniffedContent)])
    func recognises(bytes: [UInt8], expected: SniffedContent) {
        #expect(SniffedContent(sniffing: bytes) == expected)
    }

    @Test("an ISO media file is HEIC or AVIF by its brands, and nothing else otherwise")
    func isoMediaBrands() {
        func ftyp(_ major: String, _ compatible: [String]) -> [UInt8] {
            let size = 16 + 4 * compatible.count
            return [0, 0, 0, UInt8(size)] + Array("ftyp\(major)".utf8) + [0, 0, 0, 0] + Array(compatible.joined().utf8)
        }
        #expect(SniffedContent(sniffing: ftyp("mif1", ["mif1", "avif"])) == .image(.avif))
        #expect(SniffedContent(sniffing: ftyp("heic", ["mif1", "heic"])) == .image(.heic))
        #expect(SniffedContent(sniffing: ftyp("isom", ["isom", "mp41"])) == .other("binary data of no known image format"))
    }
}
