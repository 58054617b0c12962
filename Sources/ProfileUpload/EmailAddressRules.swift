import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Django's `EmailValidator` (Django 5.1 and later, as in the 5.2 LTS), rule for rule, so that an
/// address is refused before sending exactly when the server would refuse it.
///
/// The regular expressions are Python's: matched per code point, case-insensitively, where a
/// case-insensitive `[A-Z]` also takes `ı` (U+0131), `İ` (U+0130), `ſ` (U+017F) and the Kelvin
/// sign (U+212A), which fold into it; a domain label may hold any code point from U+00A1 to
/// U+FFFF. The tests compare these rules with Django itself on thousands of addresses.
enum EmailAddressRules {
    /// Whether Django's `EmailValidator()` accepts `value` (already stripped of whitespace, as
    /// Django REST framework's `EmailField` does first).
    static func isValid(_ value: String) -> Bool {
        let scalars = Array(value.unicodeScalars)
        guard !scalars.isEmpty, scalars.count <= 320, let at = scalars.lastIndex(of: "@") else { return false }
        let user = scalars[..<at]
        let domain = scalars[(at + 1)...]
        guard isDotAtom(user) || isQuotedString(user) else { return false }
        return String(String.UnicodeScalarView(domain)) == "localhost" || isDomainName(domain) || isAddressLiteral(domain)
    }

    /// Letters that Python's case-insensitive matching folds into `[A-Z]`.
    private static func foldsIntoASCIILetters(_ scalar: Unicode.Scalar) -> Bool {
        [0x130, 0x131, 0x17F, 0x212A].contains(scalar.value)
    }

    private static func isASCIILetterIgnoringCase(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || foldsIntoASCIILetters(scalar)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// `^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*\Z`
    private static func isDotAtom(_ part: ArraySlice<Unicode.Scalar>) -> Bool {
        let atoms = part.split(separator: ".", omittingEmptySubsequences: false)
        return atoms.allSatisfy { atom in
            !atom.isEmpty
                && atom.allSatisfy { isASCIILetterIgnoringCase($0) || isDigit($0) || "-!#$%&'*+/=?^_`{}|~".unicodeScalars.contains($0) }
        }
    }

    /// `^"([\001-\010\013\014\016-\037!#-\[\]-\177]|\\[\001-\011\013\014\016-\177])*"\Z`
    private static func isQuotedString(_ part: ArraySlice<Unicode.Scalar>) -> Bool {
        guard part.count >= 2, part.first == "\"", part.last == "\"" else { return false }
        func inRanges(_ scalar: Unicode.Scalar, _ ranges: [ClosedRange<UInt32>]) -> Bool {
            foldsIntoASCIILetters(scalar) || ranges.contains { $0.contains(scalar.value) }
        }
        let plain: [ClosedRange<UInt32>] = [0x01...0x08, 0x0B...0x0C, 0x0E...0x1F, 0x21...0x21, 0x23...0x5B, 0x5D...0x7F]
        let escaped: [ClosedRange<UInt32>] = [0x01...0x09, 0x0B...0x0C, 0x0E...0x7F]
        var index = part.startIndex + 1
        let end = part.endIndex - 1
        while index < end {
            if part[index] == "\\" {
                // A backslash pairs with the next character; a lone one before the closing quote
                // escapes it, and the string is then unterminated.
                guard index + 1 < end, inRanges(part[index + 1], escaped) else { return false }
                index += 2
            } else {
                guard inRanges(part[index], plain) else { return false }
                index += 1
            }
        }
        return true
    }

    /// `^hostname_re domain_re tld_no_fqdn_re\Z` of Django's `DomainNameValidator`.
    private static func isDomainName(_ part: ArraySlice<Unicode.Scalar>) -> Bool {
        let labels = part.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let first = labels.first, let last = labels.last else { return false }
        func isLabelCharacter(_ scalar: Unicode.Scalar) -> Bool {
            isASCIILetterIgnoringCase(scalar) || isDigit(scalar) || (0xA1...0xFFFF).contains(scalar.value)
        }
        func isLabel(_ label: ArraySlice<Unicode.Scalar>) -> Bool {
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { isLabelCharacter($0) || $0 == "-" }
        }
        guard isLabel(first), labels.dropFirst().dropLast().allSatisfy(isLabel) else { return false }
        // The top-level label: 2 to 63 letters or hyphens, or a punycode label.
        let letters =
            (2...63).contains(last.count) && last.first != "-" && last.last != "-"
            && last.allSatisfy { $0 == "-" || (isLabelCharacter($0) && !isDigit($0)) }
        let lowercased = String(String.UnicodeScalarView(last)).lowercased()
        let punycode =
            lowercased.hasPrefix("xn--") && last.last != "-" && (1...59).contains(last.count - 4)
            && last.dropFirst(4).allSatisfy { isASCIILetterIgnoringCase($0) || isDigit($0) }
        return letters || punycode
    }

    /// `\[([A-F0-9:.]+)\]\Z`, holding an address Python's `ipaddress` reads (IPv6 at most 39
    /// characters long).
    private static func isAddressLiteral(_ part: ArraySlice<Unicode.Scalar>) -> Bool {
        guard part.count > 2, part.first == "[", part.last == "]" else { return false }
        let inside = part.dropFirst().dropLast()
        guard inside.allSatisfy({ isDigit($0) || ("a"..."f").contains($0) || ("A"..."F").contains($0) || $0 == ":" || $0 == "." })
        else { return false }
        let text = String(String.UnicodeScalarView(inside))
        var buffer = [UInt8](repeating: 0, count: 16)
        // glibc's inet_pton takes dotted quads only, without leading zeros, as Python does.
        if inet_pton(AF_INET, text, &buffer) == 1 { return true }
        return text.count <= 39 && inet_pton(AF_INET6, text, &buffer) == 1
    }
}
