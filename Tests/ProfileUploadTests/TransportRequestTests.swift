import Testing

@testable import ProfileUpload

@Suite("A request, printed or dumped, shows no credentials")
struct TransportRequestTests {
    @Test("apikey, Authorization and Cookie values and the URL's query are hidden")
    func redacted() {
        let request = TransportRequest(
            method: "GET", url: "https://api.example.com/api/v1/user/get/profile/?api_key=key-SECRET-1",
            headers: [("apikey", "key-SECRET-2"), ("Authorization", "Bearer token-SECRET-3"), ("Cookie", "sessionid=SECRET-4"),
                      ("Accept", "application/json")],
            body: nil, timeout: .seconds(30))
        var dumped = ""
        dump(request, to: &dumped)
        for text in ["\(request)", String(reflecting: request), dumped] {
            #expect(!text.contains("SECRET"), "\(text)")
            #expect(text.contains("https://api.example.com/api/v1/user/get/profile/"), "\(text)")
        }
        #expect("\(request)".contains("Accept: application/json"))
    }
}
