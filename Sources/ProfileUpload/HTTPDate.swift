import Foundation

/// An HTTP-date (RFC 9110 §5.6.7) in any of its three forms, read by hand: Foundation's
/// `DateFormatter` on Linux leaks a few hundred bytes on every parse (found by fuzzing
/// `Retry-After`), which a service reading every 429 cannot afford.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let shortDays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let longDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// The moment `text` names: `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate), `Sunday,
    /// 06-Nov-94 08:49:37 GMT` (RFC 850; a two-digit year more than 50 years after `now`'s is in
    /// the century before) or `Sun Nov  6 08:49:37 1994` (asctime); `nil` for anything else,
    /// impossible dates included.
    static func date(_ text: String, now: Date) -> Date? {
        let tokens = text.split(separator: " ").map { $0.lowercased() }
        let day: Int, month: Int, year: Int, time: Substring
        switch tokens.count {
        case 6 where tokens[0].hasSuffix(",") && shortDays.contains(String(tokens[0].dropLast())) && tokens[5] == "gmt":
            guard tokens[1].count == 2, tokens[3].count == 4, let d = number(tokens[1]), let m = months.firstIndex(of: tokens[2]),
                let y = number(tokens[3])
            else { return nil }
            (day, month, year, time) = (d, m + 1, y, Substring(tokens[4]))
        case 4 where tokens[0].hasSuffix(",") && longDays.contains(String(tokens[0].dropLast())) && tokens[3] == "gmt":
            let parts = tokens[1].split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 2, parts[2].count == 2, let d = number(parts[0]),
                let m = months.firstIndex(of: String(parts[1])), let yy = number(parts[2])
            else { return nil }
            (day, month, year, time) = (d, m + 1, fullYear(yy, now: now), Substring(tokens[2]))
        case 5 where shortDays.contains(tokens[0]):
            guard let m = months.firstIndex(of: tokens[1]), (1...2).contains(tokens[2].count), let d = number(tokens[2]),
                tokens[4].count == 4, let y = number(tokens[4])
            else { return nil }
            (day, month, year, time) = (d, m + 1, y, Substring(tokens[3]))
        default:
            return nil
        }
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
            let hour = number(clock[0]), let minute = number(clock[1]), let second = number(clock[2]),
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
            (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let days = daysSince1970(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }

    /// Digits only: `Int("+6")` would take a sign no HTTP-date has.
    private static func number(_ text: some StringProtocol) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }

    private static func fullYear(_ twoDigits: Int, now: Date) -> Int {
        // Clamped so that no `now` a caller passes (distant, infinite, NaN) can trap the conversion.
        let days = (now.timeIntervalSince1970 / 86_400).rounded(.down)
        let thisYear = year(daysSince1970: days.isFinite ? Int(max(-1e9, min(1e9, days))) : 0)
        var year = thisYear - thisYear % 100 + twoDigits
        if year > thisYear + 50 { year -= 100 }
        return year
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The Gregorian year of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func year(daysSince1970 days: Int) -> Int {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        return yearOfEra + era * 400 + (monthIndex >= 10 ? 1 : 0)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
