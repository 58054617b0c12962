import Foundation
import Testing

@testable import ProfileUpload

@Suite("Reading the server's waits")
struct QuotaMessageTests {
    @Test(
        arguments: [
            ("Your daily profile update limit exceeded. Expected available in 23 hours 59 minutes and 12 seconds.", 86_352),
            ("Your daily profile update limit exceeded. Expected available in 86352 seconds.", 86_352),
            ("Expected available in 1 hour 1 minute and 1 second.", 3_661),
            ("Expected available in 00 hours 5 minutes and 00 seconds.", 300),
            ("Expected available in 2 days.", 172_800),
        ])
    func text(message: String, seconds: Int) {
        #expect(QuotaMessage.retryAfter(text: message) == seconds)
    }

    @Test("texts without a wait give nothing")
    func noWait() {
        #expect(QuotaMessage.retryAfter(text: "Request was throttled.") == nil)
        #expect(QuotaMessage.retryAfter(text: "Expected available in soon.") == nil)
    }

    @Test("Retry-After as seconds or as an HTTP-date")
    func header() {
        let now = Date(timeIntervalSince1970: 1_784_000_000)
        #expect(QuotaMessage.retryAfter(header: "120", now: now) == 120)
        #expect(QuotaMessage.retryAfter(header: " 0 ", now: now) == 0)
        let later = now.addingTimeInterval(3_600)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        #expect(QuotaMessage.retryAfter(header: formatter.string(from: later), now: now) == 3_600)
        #expect(QuotaMessage.retryAfter(header: "-5", now: now) == nil)
        #expect(QuotaMessage.retryAfter(header: "tomorrow", now: now) == nil)
    }

    @Test("the three HTTP-date forms name the same moment; impossible dates and signs are no date", arguments: [
        ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777.0), ("Sunday, 06-Nov-94 08:49:37 GMT", 784_111_777.0),
        ("Sun Nov  6 08:49:37 1994", 784_111_777.0), ("Tue, 29 Feb 2028 00:00:00 GMT", 1_835_395_200.0),
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0), ("Fri, 31 Dec 9999 23:59:59 GMT", 253_402_300_799.0),
        ("Tue, 29 Feb 2027 00:00:00 GMT", nil), ("Sun, 06 Nov 1994 24:00:00 GMT", nil), ("Sun, 31 Apr 1994 08:49:37 GMT", nil),
        ("Sun, +6 Nov 1994 08:49:37 GMT", nil), ("Sun, 06 Nov 1994 08:49:37 CET", nil), ("Sun, 06 Nov 94 08:49:37 GMT", nil),
        ("Sun, 06 Nov 1994 8:49:37 GMT", nil), ("Sun Nov 6 08:49:37", nil), ("", nil),
    ])
    func httpDates(text: String, seconds: Double?) {
        let now = Date(timeIntervalSince1970: 1_784_000_000)
        #expect(HTTPDate.date(text, now: now)?.timeIntervalSince1970 == seconds)
    }

    @Test("an RFC 850 year is the one in the 100 years up to 50 from now; no 'now' traps")
    func twoDigitYears() {
        let now = Date(timeIntervalSince1970: 1_784_000_000)  // 2026
        #expect(HTTPDate.date("Wednesday, 01-Jan-76 00:00:00 GMT", now: now)?.timeIntervalSince1970 == 3_345_062_400)  // 2076
        #expect(HTTPDate.date("Saturday, 01-Jan-77 00:00:00 GMT", now: now)?.timeIntervalSince1970 == 220_924_800)  // 1977
        for odd in [Date.distantFuture, Date.distantPast, Date(timeIntervalSince1970: .infinity), Date(timeIntervalSince1970: .nan)] {
            _ = QuotaMessage.retryAfter(header: "Monday, 01-Jan-76 00:00:00 GMT", now: odd)
        }
        #expect(QuotaMessage.retryAfter(header: "Sun, 06 Nov 1994 08:49:37 GMT", now: now) == 0)
    }

    @Test("a local refusal is worded like the server's, and reads back")
    func localText() {
        let text = QuotaMessage.text(secondsLeft: 86_352)
        #expect(text == "Your daily profile update limit exceeded. Expected available in 23 hours 59 minutes and 12 seconds.")
        #expect(QuotaMessage.retryAfter(text: text) == 86_352)
    }

    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
