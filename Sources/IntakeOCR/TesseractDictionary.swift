import Foundation

/// The dictionary of an LSTM `.traineddata` file, read without starting Tesseract, answering
/// as Tesseract's `TessBaseAPIIsValidWord` does.
///
/// Tesseract's API offers its dictionary only through a whole engine, and starting one takes
/// about 110 ms, most of it parsing a built-in table of character ambiguities that word
/// look-ups never touch: a tenth of the CPU time of a batch of text PDFs, for a look-up that
/// costs microseconds. The dictionary itself is three small graphs in the model file
/// (Tesseract's "squished DAWGs" of punctuation patterns, words and number patterns) over the
/// model's character set; this type reads them (a few MB, a few milliseconds) and walks them
/// with Tesseract's own rules (`Dict::valid_word`, `Dict::def_letter_is_okay`,
/// `SquishedDawg::edge_char_of` in Tesseract 5). `TesseractDictionaryTests` checks it against
/// the engine word for word.
///
/// Only the layout Tesseract uses the LSTM dictionary for is read: an LSTM model with its own
/// character set and word graph, and no legacy classifier (with one, Tesseract looks words up
/// in the legacy dictionary instead). ``load(language:folder:)`` returns `nil` for anything
/// else, and the caller asks an engine.
///
/// Immutable once read, so any number of threads look words up at once.
struct TesseractDictionary: Sendable {
    /// The character set: each character's UTF-8 bytes and its id.
    private let ids: [[UInt8]: Int32]
    /// The ids of the characters that are one Unicode scalar, by scalar value (most words
    /// are spelled with these alone).
    private let scalarIDs: [UInt32: Int32]
    /// The same for ASCII, by byte (−1: not in the set).
    private let asciiIDs: [Int32]
    /// The longest character in bytes (some are several code points, such as "Joined").
    private let longestCharacter: Int
    /// For each character id, whether it is a digit (number patterns stand for any digit).
    private let isDigit: [Bool]
    private let graphs: [Graph]
    /// For each graph, the graphs a word may continue in (punctuation → words and numbers,
    /// and back).
    private let successors: [[Int]]
    /// The positions every word starts from (`Dict::default_dawgs`).
    private let start: [Position]

    /// Reads the dictionary of `language` in `folder`.
    ///
    /// - Returns: `nil` when the model is not an LSTM-only model with a word list, or cannot be read.
    static func load(language: String, folder: String) -> TesseractDictionary? {
        let path = (folder as NSString).appendingPathComponent("\(language).traineddata")
        // Mapped rather than read: the word graph (3.7 MB for English) is then copied once,
        // into its edges, instead of through a read buffer and a byte array first.
        guard let file = MappedFile(path: path), let components = Components(file.bytes),
            components.has(.lstm), !components.has(.unicharset), !components.has(.classifierTemplates),
            let characters = components[.lstmUnicharset].flatMap(CharacterSet.init),
            let words = components[.lstmWords].flatMap({ Graph(kind: .word, bytes: $0) })
        else { return nil }
        // Dict::LoadLSTM adds punctuation, words and numbers, in that order, when present.
        var graphs: [Graph] = []
        if let bytes = components[.lstmPunctuation], let graph = Graph(kind: .punctuation, bytes: bytes) {
            graphs.append(graph)
        }
        graphs.append(words)
        if let bytes = components[.lstmNumbers], let graph = Graph(kind: .number, bytes: bytes) {
            graphs.append(graph)
        }
        return TesseractDictionary(characters: characters, graphs: graphs)
    }

    private init(characters: CharacterSet, graphs: [Graph]) {
        self.ids = characters.ids
        var scalarIDs: [UInt32: Int32] = [:]
        for (bytes, id) in characters.ids {
            let scalars = String(decoding: bytes, as: UTF8.self).unicodeScalars
            if scalars.count == 1, let scalar = scalars.first { scalarIDs[scalar.value] = id }
        }
        self.scalarIDs = scalarIDs
        self.asciiIDs = (0..<128).map { scalarIDs[UInt32($0)] ?? -1 }
        self.longestCharacter = characters.ids.keys.map(\.count).max() ?? 1
        self.isDigit = characters.isDigit
        self.graphs = graphs
        self.successors = graphs.map { from in
            graphs.indices.filter { from.kind.isFollowed(by: graphs[$0].kind) }
        }
        // Dict::default_dawgs: with a punctuation graph that allows a bare word, every word
        // starts in it; the graphs it leads to start only through it.
        let punctuationAllowsWords = graphs.contains {
            $0.kind == .punctuation && $0.edge(from: 0, character: Graph.pattern, wordEnd: true) != nil
        }
        self.start = graphs.indices.compactMap { index in
            if graphs[index].kind == .punctuation {
                return Position(
                    graph: nil,
                    edge: nil,
                    punctuation: index,
                    punctuationEdge: nil,
                    backToPunctuation: false
                )
            }
            guard !punctuationAllowsWords else { return nil }
            return Position(graph: index, edge: nil, punctuation: nil, punctuationEdge: nil, backToPunctuation: false)
        }
    }

    /// Whether Tesseract would call `word` valid: found in the word list, possibly with the
    /// punctuation around it that the punctuation patterns allow.
    func contains(_ word: String) -> Bool {
        guard let characters = encode(Self.cleaned(word)), !characters.isEmpty else { return false }
        var active = start
        var updated: [Position] = []
        updated.reserveCapacity(8)
        var permuter = Permuter.none
        for (index, character) in characters.enumerated() {
            let wordEnd = index == characters.count - 1
            permuter = step(from: active, to: &updated, character: character, wordEnd: wordEnd, permuter: permuter)
            if permuter == .none { break }
            swap(&active, &updated)
        }
        return permuter.isValidWord
    }

    /// Tesseract's clean-up before encoding (`UNICHARSET::CleanupString`): tatweel dropped,
    /// the fi and fl ligatures spelled out.
    private static func cleaned(_ word: String) -> String {
        guard word.unicodeScalars.contains(where: { $0.value == 0x640 || $0.value == 0xFB01 || $0.value == 0xFB02 })
        else {
            return word
        }
        var result = ""
        for scalar in word.unicodeScalars {
            switch scalar.value {
            case 0x640: break
            case 0xFB01: result += "fi"
            case 0xFB02: result += "fl"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The character ids of `word`, or `nil` when the character set cannot spell it
    /// (`UNICHARSET::encode_string`: shortest characters first, longer ones on failure).
    private func encode(_ word: String) -> [Int32]? {
        // When every scalar is a character of the set, the shortest-first search takes them
        // one by one and never backs up.
        var encoding: [Int32] = []
        encoding.reserveCapacity(word.utf8.count)
        for scalar in word.unicodeScalars {
            let id = scalar.isASCII ? asciiIDs[Int(scalar.value)] : scalarIDs[scalar.value] ?? -1
            guard id >= 0 else {
                encoding.removeAll()
                let bytes = Array(word.utf8)
                return encode(bytes, from: 0, into: &encoding) ? encoding : nil
            }
            encoding.append(id)
        }
        return encoding
    }

    private func encode(_ bytes: [UInt8], from start: Int, into encoding: inout [Int32]) -> Bool {
        if start == bytes.count { return true }
        var end = start
        repeat {
            end = Self.nextScalar(in: bytes, after: end)
            if let id = ids[Array(bytes[start..<end])] {
                encoding.append(id)
                if encode(bytes, from: end, into: &encoding) { return true }
                encoding.removeLast()
            }
        } while end < bytes.count && end - start < longestCharacter
        return false
    }

    /// The index after the UTF-8 sequence starting at `index`.
    private static func nextScalar(in bytes: [UInt8], after index: Int) -> Int {
        var next = index + 1
        while next < bytes.count, bytes[next] & 0xC0 == 0x80 { next += 1 }
        return next
    }

    /// One character of a word (`Dict::def_letter_is_okay`): moves every active position
    /// along `character` and gives the word's permuter so far.
    private func step(
        from active: [Position],
        to updated: inout [Position],
        character: Int32,
        wordEnd: Bool,
        permuter: Permuter
    ) -> Permuter {
        guard character != Graph.pattern else { return .none }
        var current = Permuter.none
        updated.removeAll(keepingCapacity: true)
        func add(_ position: Position) {
            if !updated.contains(position) { updated.append(position) }
        }
        for position in active {
            let punctuation = position.punctuation.map { graphs[$0] }
            guard let graphIndex = position.graph else {
                // In the punctuation graph, no word begun yet.
                guard let punctuationIndex = position.punctuation, let punctuation else { continue }
                let node = punctuation.startingNode(after: position.punctuationEdge)
                if let node, let transition = punctuation.edge(from: node, character: Graph.pattern, wordEnd: wordEnd) {
                    // Where the pattern allows a word: start one in each graph that may follow.
                    for next in successors[punctuationIndex] {
                        let graph = graphs[next]
                        guard let edge = graph.edge(from: 0, character: forGraph(graph, character), wordEnd: wordEnd)
                        else {
                            continue
                        }
                        add(
                            Position(
                                graph: next,
                                edge: edge,
                                punctuation: punctuationIndex,
                                punctuationEdge: transition,
                                backToPunctuation: false
                            )
                        )
                        current = max(current, graph.kind.permuter)
                    }
                }
                if let node, let edge = punctuation.edge(from: node, character: character, wordEnd: wordEnd) {
                    add(
                        Position(
                            graph: nil,
                            edge: nil,
                            punctuation: punctuationIndex,
                            punctuationEdge: edge,
                            backToPunctuation: false
                        )
                    )
                    current = max(current, .punctuation)
                }
                continue
            }
            let graph = graphs[graphIndex]
            if let punctuation, let edge = position.edge, graph.isWordEnd(edge) {
                // The word may end here and go on in the punctuation graph.
                if let node = punctuation.startingNode(after: position.punctuationEdge),
                    let next = punctuation.edge(from: node, character: character, wordEnd: wordEnd)
                {
                    add(
                        Position(
                            graph: graphIndex,
                            edge: edge,
                            punctuation: position.punctuation,
                            punctuationEdge: next,
                            backToPunctuation: true
                        )
                    )
                    current = max(current, graph.kind.permuter)
                }
            }
            if position.backToPunctuation { continue }
            guard let node = graph.startingNode(after: position.edge),
                let edge = graph.edge(from: node, character: forGraph(graph, character), wordEnd: wordEnd)
            else { continue }
            // A word ending here must leave the punctuation pattern at an end too.
            if wordEnd, let punctuation, !(position.punctuationEdge.map(punctuation.isWordEnd) ?? false) { continue }
            current = max(current, graph.kind.permuter)
            add(
                Position(
                    graph: graphIndex,
                    edge: edge,
                    punctuation: position.punctuation,
                    punctuationEdge: position.punctuationEdge,
                    backToPunctuation: false
                )
            )
        }
        // Keep the permuter of the word's core when this character is only punctuation.
        if permuter == .none || current != .punctuation { return current }
        return permuter
    }

    /// Number graphs hold the pattern character for every digit (`Dict::char_for_dawg`).
    private func forGraph(_ graph: Graph, _ character: Int32) -> Int32 {
        graph.kind == .number && isDigit[Int(character)] ? Graph.pattern : character
    }

    /// Where a word is in the graphs (`DawgPosition`): `nil` edges are Tesseract's `NO_EDGE`.
    private struct Position: Equatable {
        var graph: Int?
        var edge: Int?
        var punctuation: Int?
        var punctuationEdge: Int?
        var backToPunctuation: Bool
    }

    /// Tesseract's `PermuterType`, the ones a look-up can give.
    private enum Permuter: Int, Comparable {
        case none = 0
        case punctuation = 1
        case number = 6
        case systemWords = 8

        var isValidWord: Bool { self == .systemWords }

        static func < (lhs: Permuter, rhs: Permuter) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// One squished DAWG: edges in one array, a node being the index of its first edge.
    private struct Graph: Sendable {
        enum Kind {
            case punctuation, word, number

            var permuter: Permuter {
                switch self {
                case .punctuation: .punctuation
                case .word: .systemWords
                case .number: .number
                }
            }

            /// `kDawgSuccessors` in Tesseract's dawg.h.
            func isFollowed(by next: Kind) -> Bool {
                switch (self, next) {
                case (.punctuation, .word), (.punctuation, .number), (.word, .punctuation), (.number, .punctuation):
                    true
                default: false
                }
            }
        }

        /// The character id that stands for "a word (or digit) goes here".
        static let pattern: Int32 = 0

        let kind: Kind
        let edges: [UInt64]
        let flagShift: UInt64
        let letterMask: UInt64
        let nextNodeMask: UInt64
        let nextNodeShift: UInt64
        private(set) var edgesOfRoot: Int

        /// Reads a squished DAWG: magic 42 (16 bits), character count and edge count (32 bits
        /// each), then the edges (64 bits each), little-endian.
        init?(kind: Kind, bytes: UnsafeRawBufferPointer) {
            guard bytes.count >= 10, Self.integer(bytes, at: 0, size: 2) == 42 else { return nil }
            let characterCount = Self.integer(bytes, at: 2, size: 4)
            let edgeCount = Self.integer(bytes, at: 6, size: 4)
            guard characterCount > 0, edgeCount > 0, edgeCount <= (bytes.count - 10) / 8 else { return nil }
            self.kind = kind
            var edges = [UInt64](unsafeUninitializedCapacity: edgeCount) { buffer, count in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: bytes[10..<10 + edgeCount * 8])
                )
                count = edgeCount
            }
            if UInt64(1).littleEndian != 1 {
                edges = edges.map { UInt64(littleEndian: $0) }
            }
            self.edges = edges
            // Dawg::init, with its floating-point rounding.
            let flagStart = UInt64((log(Double(characterCount) + 1.0) / log(2.0)).rounded(.up))
            self.flagShift = flagStart
            self.letterMask = ~(~UInt64(0) << flagStart)
            self.nextNodeShift = flagStart + 3
            self.nextNodeMask = ~UInt64(0) << (flagStart + 3)
            // SquishedDawg::num_forward_edges(0): the root's edges run to the first marked last.
            self.edgesOfRoot = 0
            if isForward(0) {
                edgesOfRoot = 1
                while edgesOfRoot < edges.count && !isLast(edgesOfRoot - 1) { edgesOfRoot += 1 }
            }
        }

        private static func integer(_ bytes: UnsafeRawBufferPointer, at offset: Int, size: Int) -> Int {
            (0..<size).reduce(0) { value, index in value | Int(bytes[offset + index]) << (8 * index) }
        }

        /// An occupied edge that leads forward (not one of the backward links).
        private func isForward(_ edge: Int) -> Bool {
            edges[edge] != nextNodeMask && edges[edge] & (2 << flagShift) == 0
        }

        private func letter(_ edge: Int) -> Int32 { Int32(truncatingIfNeeded: edges[edge] & letterMask) }
        private func nextNode(_ edge: Int) -> Int {
            Int(truncatingIfNeeded: (edges[edge] & nextNodeMask) >> nextNodeShift)
        }
        private func isLast(_ edge: Int) -> Bool { edges[edge] & (1 << flagShift) != 0 }
        func isWordEnd(_ edge: Int) -> Bool { edges[edge] & (4 << flagShift) != 0 }

        /// `Dict::GetStartingNode`: the root before any edge, `nil` after an edge that ends
        /// every word through it.
        func startingNode(after edge: Int?) -> Int? {
            guard let edge else { return 0 }
            let node = nextNode(edge)
            return node == 0 ? nil : node
        }

        /// `SquishedDawg::edge_char_of`: the edge for `character` out of `node` (one that ends
        /// a word when `wordEnd`); the root's edges are sorted and searched by halves.
        func edge(from node: Int, character: Int32, wordEnd: Bool) -> Int? {
            if node == 0 {
                var low = 0
                var high = edgesOfRoot - 1
                while low <= high {
                    let edge = (low + high) >> 1
                    let found = letter(edge)
                    if found == character && (!wordEnd || isWordEnd(edge)) { return edge }
                    // given_greater_than_edge_rec with no next node given: greater only by letter.
                    if character > found { low = edge + 1 } else { high = edge - 1 }
                }
                return nil
            }
            guard node < edges.count, edges[node] != nextNodeMask else { return nil }
            var edge = node
            while edge < edges.count {
                if letter(edge) == character && (!wordEnd || isWordEnd(edge)) { return edge }
                if isLast(edge) { break }
                edge += 1
            }
            return nil
        }
    }

    /// A model's character set (`UNICHARSET`): a count line, then a line per character whose
    /// first field is the character ("NULL" for the space) and second its properties in hex.
    private struct CharacterSet {
        var ids: [[UInt8]: Int32] = [:]
        var isDigit: [Bool] = []

        init?(bytes: UnsafeRawBufferPointer) {
            let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            guard let first = lines.first,
                let count = Int(String(decoding: first, as: UTF8.self).trimmingCharacters(in: .whitespaces)),
                count > 0, lines.count > count
            else { return nil }
            for line in lines[1...count] {
                let fields = line.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
                guard let name = fields.first else { return nil }
                let character = name.elementsEqual("NULL".utf8) ? [UInt8(ascii: " ")] : Array(name)
                let properties =
                    fields.count > 1 ? UInt32(String(decoding: fields[1], as: UTF8.self), radix: 16) ?? 0 : 0
                // A repeated character would shift Tesseract's ids away from the line numbers.
                guard ids[character] == nil else { return nil }
                ids[character] = Int32(isDigit.count)
                isDigit.append(properties & 8 != 0)
            }
        }
    }

    /// The table of contents of a `.traineddata` file (`TessdataManager`): an entry count,
    /// then each component's offset (−1 when absent), little-endian.
    private struct Components {
        /// The components read here, by their index in Tesseract's `TessdataType`.
        enum Kind: Int {
            case unicharset = 1
            case classifierTemplates = 3
            case lstm = 17
            case lstmPunctuation = 18
            case lstmWords = 19
            case lstmNumbers = 20
            case lstmUnicharset = 21
        }

        let offsets: [Int64]
        let file: UnsafeRawBufferPointer

        /// Reads the table of contents of the mapped `file`.
        init?(_ file: UnsafeRawBufferPointer) {
            guard file.count >= 4 else { return nil }
            let count = Int(Int32(littleEndian: file.loadUnaligned(as: Int32.self)))
            guard count > 0, count <= 100, file.count >= 4 + count * 8 else { return nil }
            self.offsets = (0..<count).map {
                Int64(littleEndian: file.loadUnaligned(fromByteOffset: 4 + $0 * 8, as: Int64.self))
            }
            self.file = file
        }

        func has(_ kind: Kind) -> Bool { kind.rawValue < offsets.count && offsets[kind.rawValue] >= 0 }

        /// A component's bytes: up to the next present component, or the end of the file.
        subscript(_ kind: Kind) -> UnsafeRawBufferPointer? {
            guard has(kind) else { return nil }
            let start = Int(offsets[kind.rawValue])
            let next: Int64? = offsets[(kind.rawValue + 1)...].first(where: { $0 >= 0 })
            let end = next.map { Int($0) } ?? file.count
            guard start < end, end <= file.count else { return nil }
            return UnsafeRawBufferPointer(rebasing: file[start..<end])
        }
    }
}

/// A file mapped read-only for as long as this object lives.
private final class MappedFile {
    let bytes: UnsafeRawBufferPointer

    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0,
            let base = mmap(nil, Int(status.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED
        else { return nil }
        bytes = UnsafeRawBufferPointer(start: base, count: Int(status.st_size))
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    }
}
