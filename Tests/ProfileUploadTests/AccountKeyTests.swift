import Foundation
import Testing

@testable import ProfileUpload

@Suite("Account keys: stable across refreshed tokens when the account is named")
struct AccountKeyTests {
    static let base = "https://api.example.com/api/v1"

    @Test("with an account id, a new access token is the same account; without one, a new account")
    func refreshedToken() {
        let before = ProfileAPICredentials(apiKey: "k", accessToken: "token-1", accountID: "user-42")
        let after = ProfileAPICredentials(apiKey: "k", accessToken: "token-2", accountID: "user-42")
        #expect(before.accountKey(baseURL: Self.base) == after.accountKey(baseURL: Self.base))
        #expect(before.accountKey(baseURL: Self.base) != before.accountKey(baseURL: Self.base + "/staging"))
        let other = ProfileAPICredentials(apiKey: "k", accessToken: "token-1", accountID: "user-43")
        #expect(before.accountKey(baseURL: Self.base) != other.accountKey(baseURL: Self.base))
        let unnamed = [ProfileAPICredentials(apiKey: "k", accessToken: "token-1"), ProfileAPICredentials(apiKey: "k", accessToken: "token-2")]
        #expect(unnamed[0].accountKey(baseURL: Self.base) != unnamed[1].accountKey(baseURL: Self.base))
        #expect(ProfileAPICredentials(apiKey: "k", accessToken: "t", accountID: "").accountID == nil)
    }

    @Test("PROFILE_ACCOUNT_ID in the environment or a credentials file names the account")
    func loaded() throws {
        let loaded = try ProfileAPICredentials.load(
            environment: ["PROFILE_API_KEY": "k", "PROFILE_ACCESS_TOKEN": "t", "PROFILE_ACCOUNT_ID": "user-42"])
        #expect(loaded.accountID == "user-42")
        #expect(!"\(loaded)".contains("\"t\""))
    }
}
