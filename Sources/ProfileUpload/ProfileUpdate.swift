import Foundation

/// The fields of `POST {base}/user/update/profile/`, checked locally by the server's own rules
/// and messages (Django REST framework's fields over Django's validators), so that a request the
/// server must reject is never sent, and one it would accept never refused.
public struct ProfileUpdate: Sendable, Hashable {
    /// At most 255 characters.
    public var firstName: String?
    /// At most 255 characters.
    public var lastName: String?
    /// Required; at most 254 characters (Django's `EmailField`), an address its `EmailValidator`
    /// accepts.
    public var email: String
    /// 9 to 15 digits, optionally after `+` and a `1` (the API's `'999999999'` format).
    public var phoneNumber: String?

    /// Creates an update.
    public init(firstName: String? = nil, lastName: String? = nil, email: String, phoneNumber: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phoneNumber = phoneNumber
    }

    /// The server's messages for every invalid field; empty when the update may be sent.
    ///
    /// As Django REST framework does, each value is first stripped of leading and trailing
    /// whitespace; then every check runs and each failing one adds its message, in the
    /// framework's order (length, null characters, then the field's own rule). Lengths count code
    /// points, as Python does.
    public var validationErrors: [String: [String]] {
        var errors: [String: [String]] = [:]
        // A rule given to the field (the phone's regex) runs before the framework's own checks;
        // a field type's own rule (the email's) after them.
        func check(
            _ field: String, _ value: String?, maxLength: Int?, rule: ((String) -> Bool, String)?, ruleFirst: Bool = false,
            required: Bool
        ) {
            guard let value else { return }
            let stripped = Self.stripped(value)
            if stripped.isEmpty {
                if required { errors[field] = [ProfileAPIText.blank] }
                return
            }
            var messages: [String] = []
            let ruleMessage = rule.flatMap { isValid, message in isValid(stripped) ? nil : message }
            if ruleFirst, let ruleMessage { messages.append(ruleMessage) }
            if let maxLength, stripped.unicodeScalars.count > maxLength { messages.append(ProfileAPIText.tooLong(maxLength)) }
            if stripped.unicodeScalars.contains("\u{0}") { messages.append(ProfileAPIText.nullCharacters) }
            if !ruleFirst, let ruleMessage { messages.append(ruleMessage) }
            if !messages.isEmpty { errors[field] = messages }
        }
        check("first_name", firstName, maxLength: 255, rule: nil, required: false)
        check("last_name", lastName, maxLength: 255, rule: nil, required: false)
        check("email", email, maxLength: 254, rule: (EmailAddressRules.isValid, ProfileAPIText.invalidEmail), required: true)
        check(
            "phone_number", phoneNumber, maxLength: nil, rule: (Self.isValidPhone, ProfileAPIText.invalidPhone), ruleFirst: true,
            required: false)
        return errors
    }

    /// The JSON body.
    var json: [UInt8] {
        var object: [String: String] = ["email": email]
        if let firstName { object["first_name"] = firstName }
        if let lastName { object["last_name"] = lastName }
        if let phoneNumber { object["phone_number"] = phoneNumber }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return [UInt8]((try? encoder.encode(object)) ?? Data("{}".utf8))
    }

    /// Python's `str.strip()`: what `str.isspace()` calls whitespace, at both ends.
    static func stripped(_ value: String) -> String {
        let scalars = value.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isPythonSpace($0) }),
            let last = scalars.lastIndex(where: { !isPythonSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    private static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default: false
        }
    }

    /// `^\+?1?\d{9,15}$` as Python reads it: `\d` is any Unicode decimal digit.
    static func isValidPhone(_ phone: String) -> Bool {
        var scalars = Substring(phone).unicodeScalars[...]
        if scalars.first == "+" { scalars = scalars.dropFirst() }
        func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.generalCategory == .decimalNumber }
        guard scalars.allSatisfy(isDigit) else { return false }
        // The optional `1` may be taken first, leaving up to 15 more digits.
        return (9...15).contains(scalars.count) || (scalars.count == 16 && scalars.first == "1")
    }
}
