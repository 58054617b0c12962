import ProfileImage

/// The profile API's own texts for invalid input, in one place: the client's local checks and the
/// stand-in server both answer with these, as the API does. The throttling text is
/// ``QuotaMessage``'s.
public enum ProfileAPIText {
    /// A file field that is not an intact image (Django's `ImageField`).
    public static let invalidImage = ProfileImageError.invalidImageMessage
    /// A field missing from the request.
    public static let required = "This field is required."
    /// A text field sent empty.
    public static let blank = "This field may not be blank."
    /// An address Django's `EmailValidator` refuses.
    public static let invalidEmail = "Enter a valid email address."
    /// A name over 255 characters.
    public static let tooLong = tooLong(255)
    /// A text over `limit` characters.
    public static func tooLong(_ limit: Int) -> String { "Ensure this field has no more than \(limit) characters." }
    /// A text holding U+0000.
    public static let nullCharacters = "Null characters are not allowed."
    /// A phone number not matching `^\+?1?\d{9,15}$`.
    public static let invalidPhone = "Phone number must be entered in the format: '999999999'. Up to 15 digits allowed."
    /// No `apikey` or `Authorization` header.
    public static let notAuthenticated = "Authentication credentials were not provided."
    /// An `apikey` the server does not know.
    public static let invalidAPIKey = "Invalid API key."
    /// A bearer token the server does not accept.
    public static let invalidToken = "Given token not valid for any token type"
}
