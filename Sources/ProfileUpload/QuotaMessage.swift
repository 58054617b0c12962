import Foundation

/// The profile API's throttling texts and the `Retry-After` header: reading them, and writing the
/// same text for a local refusal.
enum QuotaMessage {
    /// Seconds from a `Retry-After` value: delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
    static func retryAfter(header value: String, now: Date) -> Int? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return seconds }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return max(0, Int(date.timeIntervalSince(now).rounded(.up))) }
        }
        return nil
    }

    /// Seconds from "Expected available in 23 hours 59 minutes and 12 seconds." or "Expected
    /// available in 86352 seconds." (any of the parts may be missing or singular).
    static func retryAfter(text: String) -> Int? {
        guard let range = text.range(of: "available in ", options: .caseInsensitive) else { return nil }
        var total = 0
        var matched = false
        let words = text[range.upperBound...].split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." })
        for (index, word) in words.enumerated() where index + 1 < words.count {
            guard let number = Int(word) else { continue }
            let unit = words[index + 1].lowercased()
            let multiplier =
                unit.hasPrefix("day") ? 86_400 : unit.hasPrefix("hour") ? 3_600 : unit.hasPrefix("minute") ? 60
                : unit.hasPrefix("second") ? 1 : nil
            if let multiplier {
                total += number * multiplier
                matched = true
            }
        }
        return matched ? total : nil
    }

    /// The server's wording for `seconds` left.
    static func text(secondsLeft seconds: Int) -> String {
        let seconds = max(0, seconds)
        let hours = seconds / 3_600
        let minutes = seconds % 3_600 / 60
        let rest = seconds % 60
        return "Your daily profile update limit exceeded. Expected available in "
            + "\(String(format: "%02d", hours)) hours \(minutes) minutes and \(String(format: "%02d", rest)) seconds."
    }
}
