import AsyncHTTPClient
import AvatarService
import Foundation
import NIOCore
import Testing

@Suite("Hostile input on a public endpoint: each gets a clear status and the service keeps serving")
struct HostileInputTests {
    @Test("a body declared over the limit: 413 before any of it is read")
    func declaredTooLarge() async throws {
        try await ServiceHarness.withService(configure: { $0.maxBodyBytes = 50_000 }) { service in
            let answer = try await service.upload(try ServiceHarness.photo("landscape.jpg"))
            #expect(answer.status == 413)
            #expect(answer.errorCode == "tooLarge")
            #expect(answer.errorMessage?.contains("the limit is 0.1 MB") == true || answer.errorMessage?.contains("the limit is") == true)
            #expect(await service.standIn.uploads.isEmpty)
            #expect(try await service.get("/health").status == 200)
        }
    }

    @Test("a chunked body that grows past the limit: 413 once the bytes read pass it")
    func streamedTooLarge() async throws {
        try await ServiceHarness.withService(configure: { $0.maxBodyBytes = 50_000 }) { service in
            let form = ServiceHarness.form(photo: try ServiceHarness.photo("landscape.jpg"), filename: "me.jpg", crop: nil)
            var request = HTTPClientRequest(url: service.baseURL + "/api/avatar")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: form.contentType)
            let chunks = stride(from: 0, to: form.body.count, by: 8192).map { ByteBuffer(bytes: form.body[$0..<min($0 + 8192, form.body.count)]) }
            let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
            for chunk in chunks { continuation.yield(chunk) }
            continuation.finish()
            request.body = .stream(stream, length: .unknown)
            let status: Int
            do {
                status = Int(try await service.client.execute(request, timeout: .seconds(30)).status.code)
            } catch {
                // The server may close the connection while the client still sends: that is a refusal too.
                status = 413
            }
            #expect(status == 413)
            #expect(await service.standIn.uploads.isEmpty)
            #expect(try await service.get("/health").status == 200)
        }
    }

    @Test("a decompression bomb (a small file claiming 30000 x 30000 pixels): 413 naming the size, no pixels allocated")
    func bomb() async throws {
        try await ServiceHarness.withService { service in
            let answer = try await service.upload(try ServiceHarness.photo("bomb-30000x30000.png"), filename: "bomb.png")
            #expect(answer.status == 413)
            #expect(answer.errorCode == "dimensionsTooLarge")
            #expect(answer.errorMessage?.contains("30000") == true)
            #expect(try await service.get("/health").status == 200)
        }
    }

    @Test("a body trickling in past the body timeout: 408")
    func slowBody() async throws {
        try await ServiceHarness.withService(configure: { $0.bodyTimeout = .seconds(1); $0.idleTimeout = .seconds(10) }) { service in
            let connection = try await RawConnection.open(port: service.port)
            let (text, _) = try await connection.exchange { out in
                try await out.write(ByteBuffer(string: "POST /api/avatar HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000\r\n\r\n"))
                // A byte every 200 ms: never idle, never done. Once the server has answered it
                // may close the connection, and a write then fails: that ends the trickle.
                for _ in 0..<10 {
                    do { try await out.write(ByteBuffer(string: "a")) } catch { break }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            #expect(text.hasPrefix("HTTP/1.1 408"), "\(text.prefix(200))")
            #expect(try await service.get("/health").status == 200)
        }
    }

    @Test("a body that stops arriving: the connection is closed after the idle timeout")
    func stalledBody() async throws {
        try await ServiceHarness.withService(configure: { $0.idleTimeout = .seconds(1) }) { service in
            let connection = try await RawConnection.open(port: service.port)
            let started = ContinuousClock.now
            let (_, closed) = try await connection.exchange { out in
                try await out.write(ByteBuffer(string: "POST /api/avatar HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000\r\n\r\n--x\r\n"))
            }
            #expect(closed)
            #expect(ContinuousClock.now - started < .seconds(20))
            #expect(try await service.get("/health").status == 200)
        }
    }

    @Test("a flood: one upload over the limit of uploads at once gets 503 with Retry-After at once; afterwards uploads go through")
    func flood() async throws {
        try await ServiceHarness.withService(configure: { $0.maxRequests = 1; $0.idleTimeout = .seconds(30) }) { service in
            // One upload holds the only place, its body still arriving.
            let holder = try await RawConnection.open(port: service.port)
            let release = AsyncStream.makeStream(of: Void.self)
            async let held = holder.exchange(readingAnswer: false) { out in
                try await out.write(ByteBuffer(string: "POST /api/avatar HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000\r\n\r\n--x\r\n"))
                for await _ in release.stream {}
            }
            let deadline = ContinuousClock.now + .seconds(20)
            var refused: ServiceHarness.Answer?
            while ContinuousClock.now < deadline {
                let answer = try await service.upload(try ServiceHarness.photo("landscape.jpg"))
                if answer.status == 503 { refused = answer; break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let answer = try #require(refused)
            #expect(answer.errorCode == "busy")
            #expect(answer.headers["retry-after"].flatMap { Int($0) } ?? 0 > 0)
            release.continuation.finish()
            _ = try await held
            // The place is given back once the held request ends.
            var status = 0
            for _ in 0..<100 where status != 200 {
                status = try await service.upload(try ServiceHarness.photo("landscape.jpg")).status
                if status != 200 { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(status == 200)
        }
    }

    @Test("results only by their unguessable id: other ids, other names and paths are 404", arguments: [
        "/api/avatar/0123456789abcdef0123456789abcdef/image", "/api/avatar/../../Package.swift/image",
        "/api/avatar/%2e%2e%2f%2e%2e%2fetc%2fpasswd/image", "/assets/..%2fPackage.swift", "/assets/index.html.bak",
    ])
    func unguessable(path: String) async throws {
        try await ServiceHarness.withService { service in
            let answer = try await service.upload(try ServiceHarness.photo("landscape.jpg"))
            let url = try #require((answer.json["image"] as? [String: Any])?["url"] as? String)
            let id = url.split(separator: "/")[2]
            #expect(id.count == 32)
            #expect(try await service.get("/api/avatar/\(id)/other").status == 404)
            #expect(try await service.get(path).status == 404)
        }
    }

    @Test("a request that is not a form with a photo: 400 saying what is missing")
    func notAForm() async throws {
        try await ServiceHarness.withService { service in
            let plain = try await service.send(.POST, "/api/avatar", body: Array("hello".utf8), contentType: "text/plain")
            #expect(plain.status == 400 && plain.errorCode == "badRequest")
            let form = ServiceHarness.form(photo: [], filename: "empty.jpg", crop: nil)
            let empty = try await service.send(.POST, "/api/avatar", body: form.body, contentType: form.contentType)
            #expect(empty.status == 400 && empty.errorMessage?.contains("photo") == true)
            let badCrop = try await service.upload(try ServiceHarness.photo("landscape.jpg"), crop: "1,2,three,4")
            #expect(badCrop.status == 400 && badCrop.errorCode == "badRequest")
        }
    }
}
