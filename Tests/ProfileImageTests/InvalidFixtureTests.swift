import Testing

@testable import ProfileImage

@Suite("Damaged files and non-images are refused with the exact code")
struct InvalidFixtureTests {
    /// Every fixture in Fixtures/invalid and the code it must produce: the specification of
    /// what counts as which kind of damage.
    static let expectations: [String: ProfileImageError.Code] = [
        // JPEG
        "truncated-in-scan.jpg": .truncated,
        "truncated-progressive.jpg": .truncated,
        "truncated-in-header.jpg": .truncated,
        "missing-eoi.jpg": .truncated,
        "soi-only.jpg": .truncated,
        "marker-in-scan-data.jpg": .corruptData,
        "garbage-in-scan-data.jpg": .corruptData,
        "extraneous-in-progressive-scan-before-dht.jpg": .corruptData,
        "extraneous-in-progressive-scan-before-sos.jpg": .corruptData,
        "restart-out-of-order.jpg": .corruptData,
        "bad-huffman-table.jpg": .corruptData,
        "zero-width.jpg": .corruptData,
        "garbage-after-soi.jpg": .corruptData,
        "lossless-sof3.jpg": .unsupportedFormat,
        "precision-12.jpg": .unsupportedFormat,
        "bomb-65500x65500.jpg": .dimensionsTooLarge,
        "progressive-569-scans.jpg": .resourceLimit,
        "extraneous-before-eoi.jpg": .corruptData,
        "extraneous-before-rst.jpg": .corruptData,
        // PNG
        "bad-crc-ihdr.png": .badChecksum,
        "bad-crc-idat.png": .badChecksum,
        "bad-crc-text-after-idat.png": .badChecksum,
        "bad-adler32.png": .badChecksum,
        "corrupt-deflate.png": .corruptData,
        "truncated-in-idat.png": .truncated,
        "missing-iend.png": .truncated,
        "not-enough-image-data.png": .truncated,
        "signature-only.png": .truncated,
        "signature-text-mode-mangled.png": .corruptData,
        "no-ihdr.png": .corruptData,
        "bad-bit-depth.png": .corruptData,
        "zero-width.png": .corruptData,
        "unknown-critical-chunk.png": .corruptData,
        "palette-without-plte.png": .corruptData,
        "bomb-30000x30000.png": .dimensionsTooLarge,
        "too-wide-100000x1.png": .dimensionsTooLarge,
        "splt-declares-1.8gb.png": .truncated,
        "iccp-declares-2gb.png": .truncated,
        "ancillary-bkgd-empty.png": .corruptData,
        "ancillary-chrm-empty.png": .corruptData,
        "ancillary-chrm-invalid.png": .corruptData,
        "ancillary-exif-empty.png": .corruptData,
        "ancillary-time-empty-after-idat.png": .corruptData,
        "ancillary-exif-empty-after-idat.png": .corruptData,
        "ancillary-splt-empty-after-idat.png": .corruptData,
        "ancillary-bkgd-after-idat.png": .corruptData,
        "ancillary-phys-after-idat.png": .corruptData,
        "ancillary-iccp-bad-method.png": .corruptData,
        "ancillary-exif-bad-byte-order.png": .corruptData,
        "ancillary-scal-bad-width.png": .corruptData,
        "ancillary-time-month-13.png": .corruptData,
        "ancillary-plte-in-grey.png": .corruptData,
        "ancillary-iccp-bad-signature.png": .corruptData,
        "ancillary-iccp-tag-count.png": .corruptData,
        "ancillary-iccp-deflate-cut.png": .corruptData,
        "ancillary-srgb-twice.png": .corruptData,
        "ancillary-splt-bad-length.png": .corruptData,
        "ancillary-gama-duplicate.png": .corruptData,
        "ancillary-gama-empty.png": .corruptData,
        "ancillary-gama-zero.png": .corruptData,
        "ancillary-hist-without-plte.png": .corruptData,
        "ancillary-iccp-empty.png": .corruptData,
        "ancillary-offs-empty.png": .corruptData,
        "ancillary-phys-short.png": .corruptData,
        "ancillary-sbit-empty.png": .corruptData,
        "ancillary-splt-empty.png": .corruptData,
        "ancillary-srgb-empty.png": .corruptData,
        "ancillary-time-empty.png": .corruptData,
        "ancillary-trns-empty.png": .corruptData,
        // Not images at all
        "empty.jpg": .emptyFile,
        "text.txt": .notAnImage,
        "html-named-as.jpg": .notAnImage,
        "random-bytes.bin": .notAnImage,
        "document.pdf": .notAnImage,
        // Images of formats this pipeline does not decode (the decoded ones: FormatFixtureTests)
        "drawing.svg": .unsupportedFormat,
        "image.ico": .unsupportedFormat,
        "image.jxl": .unsupportedFormat,
        "image.psd": .unsupportedFormat,
    ]

    static let names = Fixtures.names(in: "invalid")

    @Test("every invalid fixture has an expectation, and the generator meant the same code")
    func tableCoversFixtures() {
        #expect(Set(Self.names) == Set(Self.expectations.keys))
        for (name, code) in Self.expectations {
            #expect(Fixtures.manifest.invalid[name]?.code == code.rawValue, "\(name)")
        }
    }

    @Test(arguments: names)
    func validationRefuses(name: String) throws {
        let expected = try #require(Self.expectations[name])
        let bytes = try Fixtures.bytes("invalid/" + name)
        let error = try #require(throws: ProfileImageError.self) { try ImageDecoder().validate(bytes) }
        #expect(error.code == expected, "\(name): \(error.reason)")
        #expect(error.message == ProfileImageError.invalidImageMessage)
        #expect(error.isInvalidImage)
        #expect(!error.reason.isEmpty)
        if let format = Fixtures.manifest.invalid[name]?.format {
            #expect(error.format?.rawValue == format)
            #expect(error.reason.contains(try #require(error.format).displayName))
        }
    }

    @Test(arguments: names)
    func decodingRefusesWithTheSameCode(name: String) throws {
        let expected = try #require(Self.expectations[name])
        let bytes = try Fixtures.bytes("invalid/" + name)
        let error = try #require(throws: ProfileImageError.self) { try ImageDecoder().decode(bytes) }
        #expect(error.code == expected, "\(name): \(error.reason)")
    }

    @Test("JPEG and PNG damage is located: the reason names the format and the byte offset")
    func reasonsAreLocated() throws {
        let error = try #require(throws: ProfileImageError.self) {
            try ImageDecoder().validate(try Fixtures.bytes("invalid/bad-crc-idat.png"))
        }
        #expect(error.format == .png)
        #expect(error.reason.hasPrefix("PNG: IDAT: CRC error"))
        let offset = try #require(error.offset)
        #expect(error.reason.contains("at byte \(offset) of 9367"))

        let truncated = try #require(throws: ProfileImageError.self) {
            try ImageDecoder().validate(try Fixtures.bytes("invalid/truncated-in-scan.jpg"))
        }
        #expect(truncated.reason.hasPrefix("JPEG: Premature end of JPEG file"))
    }

    @Test("the bombs are refused from the header, naming their size")
    func bombsNameTheirSize() throws {
        let png = try #require(throws: ProfileImageError.self) {
            try ImageDecoder().validate(try Fixtures.bytes("invalid/bomb-30000x30000.png"))
        }
        #expect(png.reason.contains("30000x30000"))
        let jpeg = try #require(throws: ProfileImageError.self) {
            try ImageDecoder().info(try Fixtures.bytes("invalid/bomb-65500x65500.jpg"))
        }
        #expect(jpeg.reason.contains("65500x65500"))
    }

    @Test("a chunk declaring more than the file holds is refused under both policies, before any allocation")
    func oversizedChunks() throws {
        for policy in [DecodingOptions.Policy.strict, .tolerant] {
            let decoder = ImageDecoder(options: DecodingOptions(policy: policy))
            let error = try #require(throws: ProfileImageError.self) {
                try decoder.validate(try Fixtures.bytes("invalid/splt-declares-1.8gb.png"))
            }
            #expect(error.code == .truncated)
            #expect(error.reason.contains("declares 1835361312 bytes"), "\(error.reason)")
        }
    }

    @Test("an ancillary chunk above 16 MB is a resource limit; a text chunk that large is skipped")
    func largeAncillaryChunks() throws {
        let png = try Fixtures.bytes("valid/rgb-8.png")
        let afterIHDR = 8 + 25
        func with(_ chunk: [UInt8]) -> [UInt8] { Array(png[..<afterIHDR]) + chunk + Array(png[afterIHDR...]) }
        let large = [UInt8](repeating: 0x41, count: (16 << 20) + 1)
        for policy in [DecodingOptions.Policy.strict, .tolerant] {
            let decoder = ImageDecoder(options: DecodingOptions(policy: policy))
            let error = try #require(throws: ProfileImageError.self) { try decoder.validate(with(CRC32.chunk("sPLT", large))) }
            #expect(error.code == .resourceLimit, "\(error.reason)")
            #expect(try decoder.validate(with(CRC32.chunk("tEXt", Array("Comment".utf8) + [0] + large))).width == 70)
        }
    }
}
