import Foundation

/// The fields of `POST {base}/user/update/profile/`, checked locally with the server's own
/// messages (Django's validators) so that a request the server must reject is never sent.
public struct ProfileUpdate: Sendable, Hashable {
    /// At most 255 characters.
    public var firstName: String?
    /// At most 255 characters.
    public var lastName: String?
    /// Required; a valid address.
    public var email: String
    /// Digits only, 9 to 15 of them, optionally after `+` (the API's `'999999999'` format).
    public var phoneNumber: String?

    /// Creates an update.
    public init(firstName: String? = nil, lastName: String? = nil, email: String, phoneNumber: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phoneNumber = phoneNumber
    }

    static let required = "This field is required."
    static let invalidEmail = "Enter a valid email address."
    static let tooLong = "Ensure this field has no more than 255 characters."
    static let invalidPhone = "Phone number must be entered in the format: '999999999'. Up to 15 digits allowed."

    /// The server's messages for every invalid field; empty when the update may be sent.
    public var validationErrors: [String: [String]] {
        var errors: [String: [String]] = [:]
        for (field, value) in [("first_name", firstName), ("last_name", lastName)] {
            if let value, value.count > 255 { errors[field] = [Self.tooLong] }
        }
        if email.isEmpty {
            errors["email"] = [Self.required]
        } else if !Self.isValidEmail(email) {
            errors["email"] = [Self.invalidEmail]
        }
        if let phoneNumber, !phoneNumber.isEmpty, !Self.isValidPhone(phoneNumber) {
            errors["phone_number"] = [Self.invalidPhone]
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

    /// Django's EmailValidator, in its essentials: one `@`, a non-empty local part of allowed
    /// characters, and a domain of dot-separated labels ending in letters.
    static func isValidEmail(_ email: String) -> Bool {
        guard email.count <= 320, !email.contains(where: { $0.isWhitespace }) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let local = parts[0]
        let allowedLocal = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-.")
        guard local.allSatisfy(allowedLocal.contains), !local.hasPrefix("."), !local.hasSuffix("."),
            !local.contains("..")
        else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        let allowedLabel = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        for label in labels {
            guard !label.isEmpty, label.count <= 63, label.allSatisfy(allowedLabel.contains), !label.hasPrefix("-"),
                !label.hasSuffix("-")
            else { return false }
        }
        let top = labels.last!
        return top.count >= 2 && top.allSatisfy(\.isLetter)
    }

    /// `^\+?1?\d{9,15}$`, the regex behind the API's phone message.
    static func isValidPhone(_ phone: String) -> Bool {
        var digits = Substring(phone)
        if digits.first == "+" { digits = digits.dropFirst() }
        return (9...16).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
            && (digits.count <= 15 || digits.first == "1")
    }
}
