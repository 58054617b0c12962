import Foundation
import Testing

@testable import ProfileUpload

/// The local checks of `profile update`, side by side with the rules they mirror: Django REST
/// framework's fields over Django's validators, run for real by `Oracles/django_profile_rules.py`.
@Suite("Profile fields: refused locally exactly when Django refuses them")
struct ProfileUpdateRulesTests {
    /// Addresses from Django's own validator tests, the issue's, and the corners of each rule.
    static let emails = [
        "user@exämple.de", "\"quoted\"@example.com", "email@here.com", "weirder-email@here.and.there.com",
        "email@[127.0.0.1]", "email@[2001:dB8::1]", "email@[2001:dB8:0:0:0:0:0:1]", "email@[::fffF:127.0.0.1]",
        "example@valid-----hyphens.com", "example@valid-with-hyphens.com", "test@domain.with.idn.tld.उदाहरण.परीक्षा",
        "email@localhost", "\"test@test\"@example.com", "example@atm.\(String(repeating: "a", count: 63))",
        "example@\(String(repeating: "a", count: 63)).atm", "example@\(String(repeating: "a", count: 63)).\(String(repeating: "b", count: 10)).atm",
        "example@atm.\(String(repeating: "a", count: 64))", "example@\(String(repeating: "b", count: 64)).atm.\(String(repeating: "a", count: 63))",
        "\(String(repeating: "a", count: 64))@example.com", "\(String(repeating: "a", count: 309))@example.com",
        "\(String(repeating: "a", count: 308))@example.com", "", "abc", "abc@", "abc@bar", "a @x.cz", "abc@.com", "something@@somewhere.com",
        "email@127.0.0.1", "email@[127.0.0.256]", "email@[2001:db8::12345]", "email@[2001:db8:0:0:0:0:1]",
        "email@[::ffff:127.0.0.256]", "email@[2001:dg8::1]", "email@[2001:dG8:0:0:0:0:0:1]", "email@[::fTzF:127.0.0.1]",
        "example@invalid-.com", "example@-invalid.com", "example@invalid.com-", "example@inv-.alid-.com",
        "example@inv-.-alid.com", "test@example.com\n\n<script src=\"x.js\">", "\"\\\u{11}\"@here.com",
        "trailingdot@shouldfail.com.", "a@b.c0m", "a@b.xn--p1ai", "a@b.xn--", "ı@example.com", "ſ@example.com",
        "\u{212A}@example.com", "x@exıample.com", "x@😀.com", "x@a.😀", "\"a\\\"b\"@example.com", "\"a\\\"@example.com",
        "\"\"@example.com", "a..b@example.com", ".a@example.com", "a.@example.com", "a@b..com", "a@b", "a@b.c",
        "A@EXAMPLE.COM", "a@[1.2.3]", "a@[01.2.3.4]", "a@[::1]", "a@[1::2:3:4:5:6:7]", "a@[1:2:3:4:5:6:7::]",
        "a@[\(String(repeating: "0", count: 4)):0000:0000:0000:0000:0000:0000:0000:0001]", "a@b.c-d", "a@b.-cd",
        "a@xn--exmple-cua.de", "a@b.co\u{00AD}m", "user@exämple.d", "user@ex ämple.de", "user@exä\u{3002}de",
        "\(String(repeating: "a", count: 64))@\(String(repeating: "b", count: 63)).\(String(repeating: "c", count: 63)).\(String(repeating: "d", count: 58)).com",
        "\(String(repeating: "a", count: 64))@\(String(repeating: "b", count: 63)).\(String(repeating: "c", count: 63)).\(String(repeating: "d", count: 59)).com",
        "a\u{0}b@example.com", "\(String(repeating: "a", count: 250))\u{0}@example.com",
    ]

    static let phones = [
        "123456789", "+123456789", "12345678", "+1123456789012345", "1123456789012345", "2123456789012345",
        "123456789012345", "+12345678901234567", " 123456789 ", "12-345-6789", "١٢٣٤٥٦٧٨٩", "+١٢٣٤٥٦٧٨٩", "1١٢٣٤٥٦٧٨٩",
        "１２３４５６７８９", "123456789\n", "", " ", "+", "+1", "⁹⁹⁹⁹⁹⁹⁹⁹⁹", "12345\u{0}6789",
    ]

    static let names = [
        String(repeating: "x", count: 255), String(repeating: "x", count: 256), String(repeating: "é", count: 255),
        String(repeating: "e\u{301}", count: 200), " " + String(repeating: "x", count: 255) + " ", "",
        String(repeating: "\u{1F600}", count: 256), "\u{1C}" + String(repeating: "x", count: 255), "Ada\u{0}",
        String(repeating: "x", count: 256) + "\u{0}",
    ]

    /// Random addresses from the pieces every rule looks at, the same ones on every run.
    static func generatedEmails(count: Int) -> [String] {
        var generator = SplitMix64(seed: 0x5EED)
        let locals = ["a", "Z9", "x.y", "\"q q\"", "ı", "ſ", "K", "a+b", "!#$%&'*+/=?^_`{|}~-", "x..y", ".x", "\"q\\\"\"", "é", "a b", "a@b", ""]
        let labels = ["ex", "a", "example", "exämple", "ı", "123", "ab-cd", "xn--p1ai", "-a", "a-", "😀", "", "a_b"]
        let tops = ["de", "com", "co", "xn--p1ai", "ρф", "c0m", "a", "-de", "", "ıo"]
        func pick(_ list: [String], _ generator: inout SplitMix64) -> String {
            // The first half of each list holds the common, valid pieces: taken twice as often.
            let index = Int(generator.next() % UInt64(list.count + list.count / 2))
            return list[index < list.count ? index : index - list.count]
        }
        return (0..<count).map { _ in
            let local = pick(locals, &generator)
            let parts = Int(generator.next() % 3)
            let domain = ((0..<parts).map { _ in pick(labels, &generator) } + [pick(labels, &generator), pick(tops, &generator)])
                .joined(separator: ".")
            return local + "@" + domain
        }
    }

    struct Case: Codable {
        var email: String
        var first_name: String?
        var last_name: String?
        var phone_number: String?
    }

    struct Oracle: Decodable {
        let django: String
        let verdicts: [[String: [String]]]
    }

    static func django(_ cases: [Case]) throws -> Oracle {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let script = tests.appendingPathComponent("Oracles/django_profile_rules.py")
        // .ci/install-deps makes this environment; PROFILE_IMAGE_TEST_PYTHON may name another.
        let python =
            ProcessInfo.processInfo.environment["PROFILE_IMAGE_TEST_PYTHON"]
            ?? tests.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build-python/bin/python3").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw OracleFailure(description: "no Python at \(python): run .ci/install-deps, which installs Django 5.2 there")
        }
        let payload = try JSONEncoder().encode(cases)
        // Written from another thread: a full output pipe would otherwise stall both sides.
        DispatchQueue.global().async {
            input.fileHandleForWriting.write(payload)
            try? input.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        // Its pipes are at their end: it has ended or is about to. Not waitUntilExit(), which spins
        // this thread's run loop and can park for good in a process that has run hundreds of others.
        while process.isRunning { Thread.sleep(forTimeInterval: 0.01) }
        guard process.terminationStatus == 0 else {
            // Never a silent skip: CI installs both (.ci/install-deps), and so must a developer.
            throw OracleFailure(description: "the Django oracle failed (run .ci/install-deps to install it): \(stderr)")
        }
        return try JSONDecoder().decode(Oracle.self, from: data)
    }

    /// ``django(_:)`` on a dispatch thread: Django takes seconds over these thousands of cases,
    /// and a cooperative thread held that long (there are two on this machine) stalled every
    /// other suite for half a minute, timing out the ones that wait for something (seen in CI).
    static func django(_ cases: [Case]) async throws -> Oracle {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try django(cases) }) }
        }
    }

    struct OracleFailure: Error, CustomStringConvertible { let description: String }

    @Test("every case gets the same verdict and messages from the client as from Django")
    func sideBySide() async throws {
        var cases = (Self.emails + Self.generatedEmails(count: 3_000)).map { Case(email: $0) }
        cases += Self.phones.map { Case(email: "ada@example.org", phone_number: $0) }
        cases += Self.names.map { Case(email: "ada@example.org", first_name: $0, last_name: $0) }
        let oracle = try await Self.django(cases)
        #expect(oracle.verdicts.count == cases.count)
        var mismatches: [String] = []
        for (index, (testCase, expected)) in zip(cases, oracle.verdicts).enumerated() {
            let update = ProfileUpdate(
                firstName: testCase.first_name, lastName: testCase.last_name, email: testCase.email,
                phoneNumber: testCase.phone_number)
            if update.validationErrors != expected {
                mismatches.append("#\(index) \(testCase): Django \(expected), client \(update.validationErrors)")
            }
        }
        #expect(mismatches.isEmpty, "Django \(oracle.django) disagrees:\n\(mismatches.prefix(40).joined(separator: "\n"))")
        // The generated cases are not all alike: both verdicts occur often.
        let refused = oracle.verdicts.filter { !$0.isEmpty }.count
        #expect(refused > 500 && refused < cases.count - 500)
    }

    @Test("the issue's addresses are accepted, and sent", arguments: ["user@exämple.de", "\"quoted\"@example.com"])
    func acceptedAddresses(email: String) async throws {
        try await TestSupport.withStandIn { baseURL, state, transport in
            let client = ProfileAPIClient(
                configuration: .init(baseURL: baseURL, credentials: TestSupport.credentials), transport: transport)
            let result = try await client.updateProfile(ProfileUpdate(email: email))
            guard case .success(let body) = result else { Issue.record("\(result)"); return }
            #expect(body["email"]?.stringValue == email)
            #expect(await state.requests == ["POST /api/v1/user/update/profile/"])
        }
    }
}

/// A small seeded generator (Steele, Lea and Flood's SplitMix64): the same cases on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
