/// A value a vector store accepts as metadata: a scalar, or a list of scalars.
public enum MetadataValue: Sendable, Hashable, Codable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case strings([String])

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .strings(let value): try container.encode(value)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            self = .strings(try container.decode([String].self))
        }
    }
}

/// The flat `metadata` object of a record: string keys and ``MetadataValue`` values.
///
/// Vector stores (Chroma, Pinecone, pgvector loaders) reject nested metadata; this is the part
/// of a record an indexer can pass through as is. Records are encoded with sorted keys, so the
/// same document always gives the same bytes.
public struct FlatMetadata: Sendable, Hashable, Codable {
    /// The entries.
    public private(set) var entries: [String: MetadataValue] = [:]

    /// Creates an empty object.
    public init() {}

    /// The value for `key`; setting `nil` removes it.
    public subscript(key: String) -> MetadataValue? {
        get { entries[key] }
        set { entries[key] = newValue }
    }

    public func encode(to encoder: any Encoder) throws {
        try entries.encode(to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        entries = try [String: MetadataValue](from: decoder)
    }
}
