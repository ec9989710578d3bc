/// Unicode character classes decided without the property tables for ASCII, which is nearly
/// all of a text layer. `Unicode.Scalar.Properties` looks every scalar up in the tables; on a
/// long page that was most of the cost of measuring it.
public enum UnicodeClass {
    /// Unicode's White_Space property. The set is closed (Unicode keeps it stable), so it is
    /// spelled out: tab to carriage return, space, NEL, no-break space, ogham space mark, the
    /// spaces U+2000–U+200A, line and paragraph separators, narrow no-break, medium
    /// mathematical and ideographic space.
    @inlinable
    public static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09...0x0D: true
        case 0x00..<0x80: false
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Unicode's Alphabetic property: the ASCII letters, and the table beyond ASCII.
    @inlinable
    public static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A: true
        case 0x00..<0x80: false
        default: scalar.properties.isAlphabetic
        }
    }
}
