import Glibc

/// Timestamps in UTC from `gmtime_r`, in the shapes Intake writes.
public enum UTCTime {
    /// The shapes.
    public enum Style: Sendable {
        /// `2026-11-21T09:30:00Z` (record mtimes).
        case seconds
        /// `2026-11-21T09:30:00.123Z` (log lines).
        case milliseconds
        /// `20261121T093000Z` (rotated file names).
        case compact
    }

    /// `seconds` (and `nanoseconds`) since the epoch in `style`.
    public static func format(seconds: Int, nanoseconds: Int = 0, _ style: Style) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let (year, month, day) = (Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
        let (hour, minute, second) = (Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        switch style {
        case .seconds:
            return "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))Z"
        case .milliseconds:
            let millis = nanoseconds / 1_000_000
            let padded = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
            return "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second)).\(padded)Z"
        case .compact:
            return "\(year)\(two(month))\(two(day))T\(two(hour))\(two(minute))\(two(second))Z"
        }
    }

    /// Now, in `style`.
    public static func now(_ style: Style) -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return format(seconds: Int(now.tv_sec), nanoseconds: Int(now.tv_nsec), style)
    }
}
