import Diagnostics

/// A date from front matter (`updated`, `reviewed`, `lastmod`, `date`): ISO 8601 as RFC 3339 profiles
/// it, `2025-03-01`, or with a time, `2025-03-01T09:30:00Z`, `2025-03-01 09:30+02:00`. Kept as a value
/// so the sitemap, the feed and the staleness check all read the same day.
public struct DocumentDate: Sendable, Hashable, Comparable {
    /// As the author wrote it (what `model.json` carries).
    public var text: String
    /// The calendar day written, as days since 1970-01-01 (the time of day and zone are not used:
    /// staleness is counted in days, and a day is what authors write).
    public var day: Int
    /// The date with a time and zone, for Atom and the sitemap: `2025-03-01T00:00:00Z` for a bare date.
    public var timestamp: String
    /// Where the key is written in the document.
    public var position: SourcePosition?

    /// `nil` when `text` is not a valid ISO 8601 date (a wrong shape, month 13, February 30).
    public init?(_ text: String, position: SourcePosition? = nil) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(0..<4), let month = number(5..<7), let dayOfMonth = number(8..<10),
              (1...12).contains(month), dayOfMonth >= 1, dayOfMonth <= Self.daysIn(month: month, year: year) else { return nil }
        var timestamp = String(decoding: bytes[0..<10], as: UTF8.self)
        if bytes.count == 10 {
            timestamp += "T00:00:00Z"
        } else {
            // A time: `T` or a space (RFC 3339 allows it), `HH:MM`, optional `:SS` and fraction, optional zone.
            guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "t"),
                  bytes.count >= 16, bytes[13] == UInt8(ascii: ":"),
                  let hour = number(11..<13), let minute = number(14..<16), hour < 24, minute < 60 else { return nil }
            var index = 16
            var seconds = "00"
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                guard let second = number(17..<19), second <= 60 else { return nil }
                seconds = String(decoding: bytes[17..<19], as: UTF8.self)
                index = 19
                if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                    index += 1
                    let start = index
                    while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                    guard index > start else { return nil }
                }
            }
            var zone = "Z"
            if index < bytes.count {
                let rest = bytes[index...]
                if rest.count == 1, rest.first == UInt8(ascii: "Z") || rest.first == UInt8(ascii: "z") {
                    zone = "Z"
                } else if rest.count == 6, rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: "-"),
                          rest[index + 3] == UInt8(ascii: ":"), let zoneHour = number(index + 1..<index + 3),
                          let zoneMinute = number(index + 4..<index + 6), zoneHour < 24, zoneMinute < 60 {
                    zone = String(decoding: rest, as: UTF8.self)
                } else {
                    return nil
                }
            }
            timestamp += "T" + String(decoding: bytes[11..<16], as: UTF8.self) + ":" + seconds + zone
        }
        self.text = text
        self.day = Self.daysSinceEpoch(year: year, month: month, day: dayOfMonth)
        self.timestamp = timestamp
        self.position = position
    }

    /// The day as `YYYY-MM-DD`.
    public var isoDay: String { String(timestamp.prefix(10)) }

    public static func < (lhs: DocumentDate, rhs: DocumentDate) -> Bool {
        (lhs.day, lhs.timestamp) < (rhs.day, rhs.timestamp)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's `days_from_civil`: exact for every Gregorian date, no calendar object needed.
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `YYYY-MM-DD` for a day count (the inverse of `daysSinceEpoch`, Hinnant's `civil_from_days`).
    public static func isoDay(fromDays days: Int) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
