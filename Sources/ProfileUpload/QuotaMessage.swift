import Foundation

/// The profile API's throttling text and `Retry-After` header: the one place that writes the
/// text (a local refusal, the stand-in server) and reads it back (the client).
public enum QuotaMessage {
    /// How a 429 text gives the wait.
    public enum WaitWording: String, Sendable, CaseIterable {
        /// "Expected available in 0 hours 5 minutes and 07 seconds." (the API's documented form:
        /// hours and minutes as plain numbers, seconds in two digits).
        case hoursMinutesSeconds
        /// "Expected available in 307 seconds."
        case seconds
    }

    /// The server's text for `seconds` left: "Your daily profile update limit exceeded. Expected
    /// available in 23 hours 59 minutes and 38 seconds."
    public static func text(secondsLeft seconds: Int, wording: WaitWording = .hoursMinutesSeconds) -> String {
        let seconds = max(0, seconds)
        let prefix = "Your daily profile update limit exceeded. Expected available in "
        switch wording {
        case .seconds:
            return prefix + "\(seconds) seconds."
        case .hoursMinutesSeconds:
            let rest = seconds % 60
            return prefix + "\(seconds / 3_600) hours \(seconds % 3_600 / 60) minutes and \(rest < 10 ? "0" : "")\(rest) seconds."
        }
    }

    /// Seconds from "Expected available in 23 hours 59 minutes and 12 seconds." or "Expected
    /// available in 86352 seconds." (any of the parts may be missing or singular, numbers padded
    /// or not), at most a year; `nil` when the text gives no wait.
    public static func retryAfter(text: String) -> Int? {
        guard let range = text.range(of: "available in ", options: .caseInsensitive) else { return nil }
        var total = 0
        var matched = false
        let words = text[range.upperBound...].split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." })
        for (index, word) in words.enumerated() where index + 1 < words.count {
            guard let number = Int(word), number >= 0 else { continue }
            let unit = words[index + 1].lowercased()
            let multiplier =
                unit.hasPrefix("day") ? 86_400 : unit.hasPrefix("hour") ? 3_600 : unit.hasPrefix("minute") ? 60
                : unit.hasPrefix("second") ? 1 : nil
            if let multiplier {
                let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
                guard !overflow else { return QuotaRules.longestWait }
                total = min(total + min(product, QuotaRules.longestWait), QuotaRules.longestWait)
                matched = true
            }
        }
        return matched ? total : nil
    }

    /// Seconds from a `Retry-After` value: delta-seconds or an HTTP-date (RFC 9110 §10.2.3), at
    /// most a year.
    public static func retryAfter(header value: String, now: Date) -> Int? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return min(seconds, QuotaRules.longestWait) }
        // Too many digits for an Int: more than any wait taken as said.
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber) { return QuotaRules.longestWait }
        guard let date = HTTPDate.date(trimmed, now: now) else { return nil }
        let seconds = date.timeIntervalSince(now).rounded(.up)
        return seconds <= 0 ? 0 : QuotaRules.wholeSeconds(seconds)
    }
}
