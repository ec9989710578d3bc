import Foundation

/// A calendar date without a time zone.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Creates a date, or `nil` when it does not exist (February 30th, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month), day >= 1,
            day <= CalendarDate.days(inMonth: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// ISO 8601: `2026-04-10`.
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: Self, b: Self) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The date `days` days earlier.
    public func subtracting(days: Int) -> CalendarDate? {
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components),
            let earlier = calendar.date(byAdding: .day, value: -days, to: date)
        else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: earlier)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }
}
