import AvatarService
import Foundation
import Testing

@Suite("The page, /health and /metrics")
struct PageAndOperationsTests {
    @Test("GET / serves the page with its controls; it and its assets fetch nothing from elsewhere")
    func page() async throws {
        try await ServiceHarness.withService { service in
            let page = try await service.get("/")
            #expect(page.status == 200 && page.headers["content-type"]?.hasPrefix("text/html") == true)
            let html = String(decoding: page.body, as: UTF8.self)
            for control in ["id=\"photo\"", "id=\"upload\"", "id=\"result\"", "id=\"crop-box\"", "type=\"file\""] {
                #expect(html.contains(control), "\(control)")
            }
            #expect(page.headers["content-security-policy"]?.contains("default-src 'self'") == true)
            for asset in ["/assets/app.js", "/assets/app.css"] {
                let answer = try await service.get(asset)
                #expect(answer.status == 200, "\(asset)")
                let text = String(decoding: answer.body, as: UTF8.self)
                #expect(!text.contains("http://") && !text.contains("https://") && !text.contains("//cdn"), "\(asset)")
            }
            #expect(!html.contains("http://") && !html.contains("https://"))
            // The page is told the body limit: it can refuse a file too large before sending it.
            #expect(html.contains("data-max-body-bytes=\"25000000\""))
            // The router's own 404 carries the headers too.
            let missing = try await service.get("/no-such-page")
            #expect(missing.status == 404 && missing.headers["x-content-type-options"] == "nosniff")
        }
    }

    @Test("/health answers while the service runs; /metrics shows the library's timers and counters after an upload")
    func operations() async throws {
        try await ServiceHarness.withService(dailyLimit: 1, configure: { $0.dailyLimit = nil }) { service in
            let health = try await service.get("/health")
            #expect(health.status == 200 && health.json["status"] as? String == "ok")
            _ = try await service.upload(try ServiceHarness.photo("landscape.jpg"))
            _ = try await service.upload(try ServiceHarness.photo("landscape.jpg"))
            _ = try await service.upload(try ServiceHarness.photo("truncated-in-scan.jpg"))
            let metrics = try await service.get("/metrics")
            #expect(metrics.status == 200 && metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
            let text = String(decoding: metrics.body, as: UTF8.self)
            for line in [
                #"profile_image_decode_seconds_count{format="jpeg"} 2"#,
                #"profile_image_encode_seconds_count{format="jpeg"} 2"#,
                #"profile_image_jobs_total{outcome="processed",code=""} 2"#,
                #"profile_image_jobs_total{outcome="failed",code="truncated"} 1"#,
                #"profile_upload_total{outcome="success",code="200"} 1"#,
                #"profile_upload_total{outcome="throttled",code="429"} 1"#,
                #"profile_upload_quota_refusals_total{decided_by="server"} 1"#,
            ] {
                #expect(text.contains(line), "\(line) in\n\(text)")
            }
            #expect(!text.contains(ServiceHarness.apiKey) && !text.contains(ServiceHarness.accessToken))
        }
    }

    @Test(
        "the environment configures the service; a missing or unusable value is named, and the description hides secrets"
    )
    func environment() throws {
        let base = [
            "PROFILE_API_URL": "http://127.0.0.1:1/api/v1", "PROFILE_API_KEY": "k-SECRET",
            "PROFILE_ACCESS_TOKEN": "t-SECRET",
        ]
        let configuration = try AvatarServiceConfiguration(
            environment: base.merging([
                "PROFILE_QUOTA_STORE": "postgres://avatar:pw-SECRET@127.0.0.1:5432/quota",
                "AVATAR_MAX_BODY_BYTES": "1000",
            ]) { $1 })
        #expect(configuration.maxBodyBytes == 1000)
        #expect(configuration.bodyGrace == .seconds(10) && configuration.minBodyRate == 50_000)
        #expect(!configuration.description.contains("SECRET"))
        #expect(configuration.description.contains("postgres://avatar:***@127.0.0.1:5432/quota"))
        let refusals: [(String, String?, String)] = [
            ("PROFILE_ACCESS_TOKEN", nil, "PROFILE_ACCESS_TOKEN is not set"),
            ("AVATAR_MAX_REQUESTS", "many", "AVATAR_MAX_REQUESTS must be a whole number"),
            ("AVATAR_IDLE_TIMEOUT", "0", "AVATAR_IDLE_TIMEOUT must be a whole number of at least 1"),
            ("AVATAR_BODY_GRACE", "0", "AVATAR_BODY_GRACE must be a whole number of at least 1"),
            ("AVATAR_RESULT_TTL", "0", "AVATAR_RESULT_TTL must be a whole number of at least 1"),
            ("PROFILE_API_URL", "ftp://user:pw-SECRET@host/api", "PROFILE_API_URL must be an http(s) URL with a host"),
        ]
        for (name, value, message) in refusals {
            var environment = base
            environment[name] = value
            let error = #expect(throws: AvatarServiceError.self) {
                try AvatarServiceConfiguration(environment: environment)
            }
            #expect(error?.code == .configuration)
            #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("SECRET") == false)
        }
        // A timeout of centuries is kept to a day: it never overflows a timer.
        let long = try AvatarServiceConfiguration(
            environment: base.merging(["AVATAR_IDLE_TIMEOUT": "99999999999"]) { $1 })
        #expect(long.idleTimeout == .seconds(86_400))
    }
}
