import Foundation
public import IntakeCore

/// Chunk lines as JSON, written directly: the same bytes as `JSONEncoder` with sorted keys and
/// unescaped slashes (a test compares the two), at a fraction of the cost. Encoding chunks with
/// `JSONEncoder` was 60 % of the chunk stream's cost, 2 % of a text-PDF run.
///
/// `INTAKE_FOUNDATION_JSON=1` in the environment switches back to `JSONEncoder`.
public enum ChunkJSON {
    /// Whether lines are written here (not by `JSONEncoder`).
    public static let isEnabled = ProcessInfo.processInfo.environment["INTAKE_FOUNDATION_JSON"] != "1"

    /// The line of `chunk`, without the newline.
    public static func encode(_ chunk: Chunk) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(chunk.text.utf8.count * 2 + 2048)
        out.append(UInt8(ascii: "{"))
        key("doc_id", &out, first: true)
        string(chunk.docID, &out)
        key("excluded_embed_metadata_keys", &out)
        strings(chunk.excludedEmbedMetadataKeys, &out)
        key("excluded_llm_metadata_keys", &out)
        strings(chunk.excludedLLMMetadataKeys, &out)
        key("id", &out)
        string(chunk.id, &out)
        key("kind", &out)
        string(chunk.kind, &out)
        key("metadata", &out)
        metadata(chunk.metadata, &out)
        key("provenance", &out)
        out.append(UInt8(ascii: "{"))
        key("pages", &out, first: true)
        out.append(UInt8(ascii: "["))
        for (index, page) in chunk.provenance.pages.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            key("page", &out, first: true)
            out.append(contentsOf: String(page.page).utf8)
            key("span", &out)
            integers(page.span, &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        key("span", &out)
        integers(chunk.provenance.span, &out)
        out.append(UInt8(ascii: "}"))
        key("revision", &out)
        out.append(contentsOf: String(chunk.revision).utf8)
        key("text", &out)
        string(chunk.text, &out)
        key("text_for_embedding", &out)
        string(chunk.textForEmbedding, &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The line of a deleted chunk, without the newline.
    public static func encode(_ deleted: DeletedChunk) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        key("doc_id", &out, first: true)
        string(deleted.docID, &out)
        key("id", &out)
        string(deleted.id, &out)
        key("kind", &out)
        string(deleted.kind, &out)
        key("revision", &out)
        out.append(contentsOf: String(deleted.revision).utf8)
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static func key(_ name: StaticString, _ out: inout [UInt8], first: Bool = false) {
        if !first { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    private static func metadata(_ metadata: FlatMetadata, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        let sorted = metadata.entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        for (index, (name, value)) in sorted.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            string(name, &out)
            out.append(UInt8(ascii: ":"))
            switch value {
            case .string(let text): string(text, &out)
            case .int(let number): out.append(contentsOf: String(number).utf8)
            case .double(let number): out.append(contentsOf: Self.number(number).utf8)
            case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
            case .strings(let texts): strings(texts, &out)
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    /// A double as `JSONEncoder` writes it: its description, less a trailing `.0`.
    static func number(_ value: Double) -> String {
        precondition(value.isFinite, "metadata numbers are finite")
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    private static func strings(_ texts: [String], _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, text) in texts.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            string(text, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func integers(_ numbers: [Int], _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, number) in numbers.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: String(number).utf8)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A JSON string: `"` and `\` escaped, control characters as `\b \f \n \r \t` or `\u00XX`.
    private static func string(_ text: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00...0x1F:
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
