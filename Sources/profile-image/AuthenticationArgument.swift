import ArgumentParser
import ProfileUpload

/// `--auth`: how the profile API wants its secrets.
enum AuthenticationArgument: String, ExpressibleByArgument, CaseIterable {
    case apikeyBearer = "apikey-bearer"
    case bearer
    case apiKeyCookie = "api-key-cookie"

    var authentication: ProfileAPIAuthentication {
        switch self {
        case .apikeyBearer: .apiKeyAndBearer
        case .bearer: .bearer
        case .apiKeyCookie: .apiKeyParameter()
        }
    }
}
