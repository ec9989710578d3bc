import Foundation
public import IntakeCore

/// Encodes record lines as single-line JSON.
public enum RecordEncoder {
    /// One line of JSON, without the trailing newline.
    public static func encode(_ line: RecordLine) -> [UInt8] {
        let encoder = JSONEncoder()
        // Sorted keys: Foundation's encoder does not keep declaration order on Linux, and the same
        // document should always give the same bytes.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            switch line {
            case .document(let record): return Array(try encoder.encode(record))
            case .error(let record): return Array(try encoder.encode(record))
            }
        } catch {
            // Records hold strings, numbers and arrays only; a failure here is a bug (a NaN).
            preconditionFailure("record encoding failed: \(error)")
        }
    }

    /// Chunk lines (``Chunk`` and ``DeletedChunk``), each one line of JSON without the newline.
    public static func encode(chunks: [Chunk], deleted: [DeletedChunk] = []) -> [[UInt8]] {
        if ChunkJSON.isEnabled {
            return deleted.map(ChunkJSON.encode) + chunks.map(ChunkJSON.encode)
        }
        return foundationEncode(chunks: chunks, deleted: deleted)
    }

    /// ``encode(chunks:deleted:)`` with `JSONEncoder` (what ``ChunkJSON`` is tested against).
    public static func foundationEncode(chunks: [Chunk], deleted: [DeletedChunk] = []) -> [[UInt8]] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try deleted.map { Array(try encoder.encode($0)) } + chunks.map { Array(try encoder.encode($0)) }
        } catch {
            preconditionFailure("chunk encoding failed: \(error)")
        }
    }
}
