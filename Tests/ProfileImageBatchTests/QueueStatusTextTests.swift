import Testing

@testable import ProfileImageBatch

@Suite("queue status as text")
struct QueueStatusTextTests {
    @Test("control characters from file names and server messages are shown, not sent to the terminal")
    func controlCharacters() {
        #expect(QueueStatus.printable("a\u{1B}[31mb\nc\u{7F}d\u{9B}é") == "a\\u{1B}[31mb\\u{A}c\\u{7F}d\\u{9B}é")
        #expect(QueueStatus.printable("plain /photos/ada.jpg: truncated") == "plain /photos/ada.jpg: truncated")
    }
}
