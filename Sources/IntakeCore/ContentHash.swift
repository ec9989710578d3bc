import Crypto

/// The SHA-256 of a document's bytes, as lowercase hex: a document's stable id.
///
/// Byte-identical files get the same id wherever and whenever they are read, so a downstream
/// indexer can upsert on it.
public struct ContentHash: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 64 lowercase hex digits.
    public let hex: String

    /// Hashes `bytes`.
    public init(of bytes: [UInt8]) {
        let digest = SHA256.hash(data: bytes)
        self.hex = digest.map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
    }

    /// Reads 64 hex digits back (as stored in the daemon's ledger); `nil` for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            return nil
        }
        self.hex = hex
    }

    public var description: String { hex }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    public init(from decoder: any Decoder) throws {
        hex = try decoder.singleValueContainer().decode(String.self)
    }
}
