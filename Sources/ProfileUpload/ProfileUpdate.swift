import Foundation

/// The fields of `POST {base}/user/update/profile/`, checked locally by the server's own rules
/// and messages (Django REST framework's fields over Django's validators), so that a request the
/// server must reject is never sent, and one it would accept never refused.
public struct ProfileUpdate: Sendable, Hashable {
    /// At most 255 characters.
    public var firstName: String?
    /// At most 255 characters.
    public var lastName: String?
    /// Required; an address Django's `EmailValidator` accepts.
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
    /// whitespace, and lengths count code points, as Python does.
    public var validationErrors: [String: [String]] {
        var errors: [String: [String]] = [:]
        for (field, value) in [("first_name", firstName), ("last_name", lastName)] {
            if let value, Self.stripped(value).unicodeScalars.count > 255 { errors[field] = [ProfileAPIText.tooLong] }
        }
        let email = Self.stripped(email)
        if email.isEmpty {
            errors["email"] = [ProfileAPIText.blank]
        } else if !EmailAddressRules.isValid(email) {
            errors["email"] = [ProfileAPIText.invalidEmail]
        }
        if let phoneNumber {
            let phone = Self.stripped(phoneNumber)
            if !phone.isEmpty && !Self.isValidPhone(phone) { errors["phone_number"] = [ProfileAPIText.invalidPhone] }
        }
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
