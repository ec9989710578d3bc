import TOMLKit

/// Reads typed keys out of one TOML table and remembers which it read, so that anything left
/// over is reported as unknown (a misspelt key must not silently keep its default).
struct TableReader {
    let table: TOMLTable
    let prefix: String
    let file: String
    private var known: Set<String> = []

    init(table: TOMLTable, prefix: String, file: String) {
        self.table = table
        self.prefix = prefix
        self.file = file
    }

    private func name(_ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }

    private func bad(_ key: String, _ message: String) -> ConfigurationError {
        ConfigurationError("\(file): \(name(key)): \(message)")
    }

    mutating func section(
        _ key: String,
        _ body: (inout TableReader) throws(ConfigurationError) -> Void
    ) throws(ConfigurationError) {
        known.insert(key)
        guard let value = table[key] else { return }
        guard let subtable = value.table else { throw bad(key, "expected a [\(key)] table") }
        var reader = TableReader(table: subtable, prefix: name(key), file: file)
        try body(&reader)
        try reader.rejectUnknownKeys()
    }

    func rejectUnknownKeys() throws(ConfigurationError) {
        for (key, _) in table where !known.contains(key) {
            let suggestions = known.sorted().joined(separator: ", ")
            throw bad(key, "unknown key (known here: \(suggestions))")
        }
    }

    mutating func read(_ key: String, into value: inout String) throws(ConfigurationError) {
        known.insert(key)
        guard let raw = table[key] else { return }
        guard let string = raw.string else { throw bad(key, "expected a string, found \(raw.type)") }
        value = string
    }

    mutating func read(_ key: String, into value: inout Bool) throws(ConfigurationError) {
        known.insert(key)
        guard let raw = table[key] else { return }
        guard let bool = raw.bool else { throw bad(key, "expected true or false, found \(raw.type)") }
        value = bool
    }

    mutating func read(_ key: String, into value: inout Int, in range: ClosedRange<Int>) throws(ConfigurationError) {
        known.insert(key)
        guard let raw = table[key] else { return }
        guard let int = raw.int else { throw bad(key, "expected an integer, found \(raw.type)") }
        guard range.contains(int) else { throw bad(key, "\(int) is outside \(range.lowerBound)…\(range.upperBound)") }
        value = int
    }

    mutating func read(
        _ key: String,
        into value: inout Double,
        in range: ClosedRange<Double>
    ) throws(ConfigurationError) {
        known.insert(key)
        guard let raw = table[key] else { return }
        guard let number = raw.double ?? raw.int.map(Double.init) else {
            throw bad(key, "expected a number, found \(raw.type)")
        }
        guard range.contains(number) else {
            throw bad(key, "\(number) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        value = number
    }

    mutating func read(_ key: String, into value: inout [String]) throws(ConfigurationError) {
        known.insert(key)
        guard let raw = table[key] else { return }
        guard let array = raw.array else { throw bad(key, "expected an array of strings, found \(raw.type)") }
        var strings: [String] = []
        for item in array {
            guard let string = item.string else { throw bad(key, "expected an array of strings, found \(item.type)") }
            strings.append(string)
        }
        value = strings
    }

    mutating func read<Value: RawRepresentable<String> & CaseIterable>(
        _ key: String,
        into value: inout Value
    ) throws(ConfigurationError) {
        var text = value.rawValue
        try read(key, into: &text)
        guard let parsed = Value(rawValue: text) else {
            let choices = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw bad(key, "'\(text)' is not one of \(choices)")
        }
        value = parsed
    }
}
