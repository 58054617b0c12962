import AvatarService
import Foundation
import NIOCore
import Testing

/// Serialized: several of these time what the service does, and share 2 cores with uploads.
@Suite("Hostile input on a public endpoint: each gets a clear status and the service keeps serving", .serialized)
struct HostileInputTests {
    static func head(declaring length: Int? = nil, chunked: Bool = false) -> String {
        "POST /api/avatar HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
            + (length.map { "Content-Length: \($0)\r\n" } ?? "") + (chunked ? "Transfer-Encoding: chunked\r\n" : "")
            + "\r\n"
    }

    @Test(
        "a body declared over the limit: 413 at once, nothing of it waited for, and the connection closed after the answer"
    )
    func declaredTooLarge() async throws {
        try await ServiceHarness.withService(configure: { $0.maxBodyBytes = 50_000 }) { service in
            let connection = try await RawConnection.open(port: service.port)
            let started = ContinuousClock.now
            let received = try await connection.exchange(untilClosed: true) { out in
                try await out.write(ByteBuffer(string: Self.head(declaring: 30_000_000) + "--x\r\n"))
                // And then nothing more: the answer must not wait for the rest.
                try await Task.sleep(for: .seconds(30))
            }
            #expect(received.text.hasPrefix("HTTP/1.1 413"), "\(received.text.prefix(200))")
            #expect(received.text.contains("The photo is 30 MB; the limit is 50 KB."))
            #expect(received.closed)
            // Closed after the lingering close (2 s), well before the idle timeout (15 s).
            #expect(try #require(received.closedAt) - started < .seconds(10))
            #expect(await service.standIn.uploads.isEmpty)
            #expect(try await service.get("/health").status == 200)
        }
    }

    @Test("a chunked body that grows past the limit: 413 once the bytes read pass it")
    func streamedTooLarge() async throws {
        try await ServiceHarness.withService(configure: { $0.maxBodyBytes = 50_000 }) { service in
            let connection = try await RawConnection.open(port: service.port)
            let received = try await connection.exchange { out in
                try await out.write(ByteBuffer(string: Self.head(chunked: true)))
                let chunk = String(repeating: "a", count: 8192)
                for _ in 0..<100 {
                    try await out.write(ByteBuffer(string: "2000\r\n" + chunk + "\r\n"))
                }
            }
            #expect(received.text.hasPrefix("HTTP/1.1 413"), "\(received.text.prefix(200))")
            #expect(received.text.contains("larger than the limit of 50 KB"))
            #expect(await service.standIn.uploads.isEmpty)
            #expect(try await service.get("/health").status == 200)
        }
    }

    @Test("a decompression bomb (a small file claiming 30000 x 30000 pixels): 413 naming the size, no pixels allocated")
    func bomb() async throws {
        try await ServiceHarness.withService { service in
            let answer = try await service.upload(
                try ServiceHarness.photo("bomb-30000x30000.png"), filename: "bomb.png")
            #expect(answer.status == 413)
            #expect(answer.errorCode == "dimensionsTooLarge")
            #expect(answer.errorMessage?.contains("30000") == true)
            #expect(try await service.get("/health").status == 200)
        }
    }

    @Test("a body trickling in slower than the minimum rate once the grace has passed: 408")
    func slowBody() async throws {
        try await ServiceHarness.withService(configure: {
            $0.bodyGrace = .seconds(1); $0.idleTimeout = .seconds(10)
        }) { service in
            let connection = try await RawConnection.open(port: service.port)
            let received = try await connection.exchange { out in
                try await out.write(ByteBuffer(string: Self.head(declaring: 100_000)))
                // A byte every 200 ms, never idle, never done, for as long as it takes (the
                // answer ends this).
                for _ in 0..<300 {
                    try await out.write(ByteBuffer(string: "a"))
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            #expect(received.text.hasPrefix("HTTP/1.1 408"), "\(received.text.prefix(200))")
            #expect(received.text.contains("arrived too slowly"))
            #expect(try await service.get("/health").status == 200)
        }
    }

    @Test("a body that stops arriving: the connection is closed after the idle timeout")
    func stalledBody() async throws {
        try await ServiceHarness.withService(configure: { $0.idleTimeout = .seconds(1) }) { service in
            let connection = try await RawConnection.open(port: service.port)
            let started = ContinuousClock.now
            let received = try await connection.exchange(untilClosed: true) { out in
                try await out.write(ByteBuffer(string: Self.head(declaring: 100_000) + "--x\r\n"))
                try await Task.sleep(for: .seconds(60))
            }
            #expect(received.closed)
            #expect(try #require(received.closedAt) - started < .seconds(20))
            #expect(try await service.get("/health").status == 200)
        }
    }

    @Test(
        "a flood: one upload over the limit of uploads at once gets 503 with Retry-After at once; afterwards uploads go through"
    )
    func flood() async throws {
        try await ServiceHarness.withService(configure: {
            $0.maxRequests = 1; $0.idleTimeout = .seconds(30)
        }) { service in
            // One upload holds the only place, its body still arriving.
            let holder = try await RawConnection.open(port: service.port)
            let release = AsyncStream.makeStream(of: Void.self)
            async let held = holder.exchange(readingAnswer: false) { out in
                try await out.write(ByteBuffer(string: Self.head(declaring: 100_000) + "--x\r\n"))
                for await _ in release.stream {}
            }
            let deadline = ContinuousClock.now + .seconds(30)
            while (try await service.get("/health").json["requests"] as? Int) != 1 {
                try #require(ContinuousClock.now < deadline, "the held upload never reached the service")
                try await Task.sleep(for: .milliseconds(20))
            }
            let refused = try await service.upload(try ServiceHarness.photo("landscape.jpg"))
            #expect(refused.status == 503)
            #expect(refused.errorCode == "busy")
            #expect(refused.headers["retry-after"].flatMap { Int($0) } ?? 0 > 0)
            release.continuation.finish()
            _ = try await held
            // The place is given back once the held request ends.
            while (try await service.get("/health").json["requests"] as? Int) != 0 {
                try #require(ContinuousClock.now < deadline, "the held upload's place was never given back")
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await service.upload(try ServiceHarness.photo("landscape.jpg")).status == 200)
        }
    }

    @Test(
        "results only by their unguessable id: other ids, other names and paths, sent as written, are 404",
        arguments: [
            "/api/avatar/0123456789abcdef0123456789abcdef/image", "/api/avatar/../../Package.swift/image",
            "/api/avatar/%2e%2e%2f%2e%2e%2fPackage.swift/image", "/assets/..%2fPackage.swift",
            "/assets/../../Package.swift",
            "/assets/index.html.bak",
        ])
    func unguessable(path: String) async throws {
        try await ServiceHarness.withService { service in
            let answer = try await service.upload(try ServiceHarness.photo("landscape.jpg"))
            let url = try #require((answer.json["image"] as? [String: Any])?["url"] as? String)
            let id = url.split(separator: "/")[2]
            #expect(id.count == 32)
            #expect(try await service.get(url).status == 200)
            #expect(try await service.get("/api/avatar/\(id)/other").status == 404)
            let connection = try await RawConnection.open(port: service.port)
            let received = try await connection.send(
                "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(received.text.hasPrefix("HTTP/1.1 404"), "\(received.text.prefix(100))")
            #expect(!received.text.contains("PackageDescription"))
        }
    }

    @Test("a request that is not a form with a square crop and a photo: 400 saying what is wrong")
    func notAForm() async throws {
        try await ServiceHarness.withService { service in
            let plain = try await service.send(
                .POST, "/api/avatar", body: Array("hello".utf8), contentType: "text/plain")
            #expect(plain.status == 400 && plain.errorCode == "badRequest")
            let form = ServiceHarness.form(photo: [], filename: "empty.jpg", crop: nil)
            let empty = try await service.send(.POST, "/api/avatar", body: form.body, contentType: form.contentType)
            #expect(empty.status == 400 && empty.errorMessage?.contains("no photo") == true)
            for crop in ["1,2,three,4", "0,0,600,400"] {
                let bad = try await service.upload(try ServiceHarness.photo("landscape.jpg"), crop: crop)
                #expect(
                    bad.status == 400 && bad.errorCode == "badRequest" && bad.errorMessage?.contains("square") == true,
                    "\(crop)")
            }
            #expect(await service.standIn.uploads.isEmpty)
        }
    }
}
