import Foundation
public import IntakeCore
public import IntakeText

/// The messages between a supervisor and an `intake worker` child, over the child's standard
/// input and output.
///
/// Each message is a frame: a 4-byte little-endian header length, a 4-byte little-endian payload
/// length, the header (JSON), then the payload (raw bytes: a document, or a record line). The
/// child answers each request with exactly one response, in order.
public enum WorkerProtocol {
    /// What the child needs to read documents as the supervisor would: sent once, first.
    public struct Configuration: Codable, Sendable, Hashable {
        public var extraction: ExtractionOptions
        /// Slashed dates read day first ("4/02/2026" is 4 February).
        public var dayFirst: Bool
        /// The skill vocabulary in its file format (`SkillVocabulary.fileText`).
        public var skills: String

        public init(extraction: ExtractionOptions, parser: PostingParserOptions) {
            self.extraction = extraction
            self.dayFirst = parser.numericDateOrder == .dayFirst
            self.skills = parser.skills.fileText
        }

        /// The parser options these stand for.
        public var parserOptions: PostingParserOptions {
            PostingParserOptions(
                numericDateOrder: dayFirst ? .dayFirst : .monthFirst,
                skills: SkillVocabulary(parsing: skills)
            )
        }
    }

    /// A request's header; the payload is the document's bytes for ``Kind-swift.enum/extract``
    /// and ``Kind-swift.enum/check``.
    public struct Request: Codable, Sendable, Hashable {
        public enum Kind: String, Codable, Sendable {
            /// The payload is a ``Configuration`` as JSON.
            case configure
            /// Extract, parse and encode the document in the payload.
            case extract
            /// Check whether the document in the payload looks complete (``StructureCheck``).
            case check
        }

        public var kind: Kind
        /// Where the document came from (``extract``).
        public var source: SourceInfo?
        /// Its content hash, hex (``extract``).
        public var id: String?
        /// The record's revision (``extract``).
        public var revision: Int?
        /// Milliseconds the supervisor spent reading it (``extract``).
        public var readMs: Double?

        public init(
            kind: Kind,
            source: SourceInfo? = nil,
            id: String? = nil,
            revision: Int? = nil,
            readMs: Double? = nil
        ) {
            self.kind = kind
            self.source = source
            self.id = id
            self.revision = revision
            self.readMs = readMs
        }
    }

    /// A response's header; the payload is the record line for an extraction.
    public struct Response: Codable, Sendable, Hashable {
        /// "document" or "error" for an extraction; "complete" or "incomplete" for a check; "ready"
        /// after the configuration.
        public var kind: String
        /// Why a check found the document incomplete.
        public var reason: String?

        public init(kind: String, reason: String? = nil) {
            self.kind = kind
            self.reason = reason
        }
    }

    /// A frame's bytes.
    public static func frame(header: some Encodable, payload: [UInt8] = []) -> [UInt8] {
        let encoded = Array((try? JSONEncoder().encode(header)) ?? Data())
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + encoded.count + payload.count)
        for length in [encoded.count, payload.count] {
            withUnsafeBytes(of: UInt32(length).littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes + encoded + payload
    }

    /// Collects bytes as they arrive and cuts them into frames.
    public struct FrameReader: Sendable {
        private var buffer: [UInt8] = []
        /// Frames larger than this are refused (a confused or hostile peer).
        public static let maxFrameBytes = 1 << 30

        public init() {}

        /// Adds bytes read from the peer.
        public mutating func append(_ bytes: [UInt8]) { buffer += bytes }

        /// The next whole frame (its header's bytes and its payload), if one has arrived; throws
        /// when the lengths are impossible.
        public mutating func next() throws(FrameError) -> (header: [UInt8], payload: [UInt8])? {
            guard buffer.count >= 8 else { return nil }
            let headerLength = Int(Self.length(buffer, at: 0))
            let payloadLength = Int(Self.length(buffer, at: 4))
            guard headerLength + payloadLength <= Self.maxFrameBytes else {
                throw FrameError(description: "a frame of \(headerLength + payloadLength) bytes")
            }
            guard buffer.count >= 8 + headerLength + payloadLength else { return nil }
            let header = Array(buffer[8..<(8 + headerLength)])
            let payload = Array(buffer[(8 + headerLength)..<(8 + headerLength + payloadLength)])
            buffer.removeFirst(8 + headerLength + payloadLength)
            return (header, payload)
        }

        private static func length(_ bytes: [UInt8], at offset: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
        }
    }

    /// A frame that cannot be read.
    public struct FrameError: Error, CustomStringConvertible {
        public var description: String
    }
}

extension SkillVocabulary {
    /// The vocabulary in its file format: one skill per line, its spellings after `|`.
    public var fileText: String {
        entries.map { $0.spellings.joined(separator: "|") }.joined(separator: "\n")
    }
}
