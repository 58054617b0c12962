import Foundation
import Testing

import ProfileImageBatch

/// The journal's content hash is XXH64; these digests are from the reference implementation
/// (Python's `xxhash` package), covering every tail path: empty, single bytes, the four-byte and
/// eight-byte steps, and the 32-byte stripes.
@Suite("Content hash: XXH64")
struct ContentHashTests {
    static let vectors: [(bytes: [UInt8], digest: String)] = [
        ([], "ef46db3751d8e999"),
        (Array("a".utf8), "d24ec4f1a98c6e5b"),
        (Array("abc".utf8), "44bc2cf5ad770999"),
        (Array("profile-image15".utf8), "afd24d808d880621"),
        (Array("The quick brown fox jumps over the lazy dog 4".utf8), "a8bb7395dda94a8e"),
        (Array("0123456789abcdef0123456789abcdef0".utf8), "e87684f08d6d0816"),
        (Array((0..<3).flatMap { _ in (0...255).map(UInt8.init) }) + Array("xyz".utf8), "e921a1b45bd779f8"),
    ]

    @Test("matches the reference digests", arguments: vectors)
    func referenceDigest(bytes: [UInt8], digest: String) {
        #expect(ContentHash.hex(bytes) == digest)
        #expect(ContentHash.hex(Data(bytes)) == digest)
    }

    @Test("text hashes as its UTF-8 bytes")
    func text() {
        #expect(ContentHash.hex("abc") == "44bc2cf5ad770999")
    }
}
