/// Whether a page layout analysis read is read in rows: a page that is not running text.
///
/// Layout analysis reads a page block by block, and a block's lines top to bottom. That is the
/// order of running text. A form, a receipt, a chart's legend or a table is not running text:
/// its blocks are labels, values, prices and cells printed side by side, and Tesseract often
/// splits one row into blocks and reads them one after the other. On real faxed forms it read
/// "Authorized to Mr." with its value "Charles Burns" a block earlier, a typed sentence in three
/// pieces out of order, a coupon form's lines "WILL BE ARBITRARILY SHIPPED TO STORE." and "ORDER
/// THROUGH YOUR SUPPLIER." between the two lines of the sentence printed above them.
/// ``FormReadingOrder/arrange(_:)`` joins only what it recognises as labels; a page of little
/// running text is read in rows instead, the way a sparse reading is
/// (``FormReadingOrder/sparse(_:)``, with columns of running text cut apart first by
/// ``SparseColumns``).
///
/// The running text is counted by block: a block with at least ``minLines`` lines of at least
/// ``minWords`` words is a paragraph, and those lines' words are its share. A page whose share
/// is under ``maxProseShare`` is read in rows. On seven sets of real scans it changed 35 pages:
/// 30 read better (the protocol change order 24.3 → 9.9 % CER, the coupon form 34.6 → 9.6 %, a
/// receipt, a table), 5 worse by at most 5.6 points (a chart's labels). Pages of running text in
/// columns are not read in rows: every column is a paragraph.
///
/// The same share, counted on the words layout analysis segments before anything is read
/// (``proseShare(wordCounts:)``), sends a sheet of small text that is not running text to a
/// sparse reading first, kept without a layout reading when Tesseract is sure enough of it
/// (``LayoutRule``).
///
/// Words are what the paragraph test counts, and a script without spaces between words
/// (Chinese, Japanese, Thai) has lines of one or two of them however long. Nor does
/// ``SparseColumns`` cut columns of a script without case. A page whose letters are mostly of
/// such a script (under ``minCasedShare`` of them upper- or lowercase) keeps Tesseract's order.
public enum RowReading {
    /// A paragraph's lines have at least this many words.
    public static let minWords = 6
    /// A block is a paragraph when at least this many of its lines have ``minWords`` words.
    public static let minLines = 3
    /// A page whose share of words in paragraphs is under this is read in rows.
    public static let maxProseShare = 0.4
    /// At least this share of the page's letters are cased letters for it to be read in rows.
    public static let minCasedShare = 0.5

    /// Whether a layout reading with `lines`, whose share of words in paragraphs is `share`
    /// (``proseShare(_:)``), is read in rows.
    public static func readsInRows(_ lines: [OCRLine], share: Double) -> Bool {
        guard !lines.isEmpty, share < maxProseShare else { return false }
        let letters = casedLetters(in: lines.lazy.flatMap(\.text))
        return letters.all > 0 && Double(letters.cased) >= minCasedShare * Double(letters.all)
    }

    /// Whether `text` has letters and fewer than ``minCasedShare`` of them are upper- or
    /// lowercase: it is mostly in a script without case.
    public static func isMostlyUncased(_ text: String) -> Bool {
        let letters = casedLetters(in: text)
        return letters.all > 0 && Double(letters.cased) < minCasedShare * Double(letters.all)
    }

    private static func casedLetters(in characters: some Sequence<Character>) -> (all: Int, cased: Int) {
        var letters = (all: 0, cased: 0)
        for character in characters where character.isLetter {
            letters.all += 1
            if character.isCased { letters.cased += 1 }
        }
        return letters
    }

    /// The share of the words of `lines` (a layout reading, in Tesseract's order) that are in
    /// lines of paragraphs; 0 when there are no words.
    public static func proseShare(_ lines: [OCRLine]) -> Double {
        proseShare(
            wordCounts: OCRLine.blocks(lines).map { $0.map { $0.text.split(whereSeparator: \.isWhitespace).count } }
        )
    }

    /// The share of words in lines of paragraphs, given each line's number of words, by block.
    public static func proseShare(wordCounts blocks: [[Int]]) -> Double {
        let words = blocks.joined().reduce(0, +)
        guard words > 0 else { return 0 }
        var prose = 0
        for counts in blocks {
            let long = counts.filter { $0 >= minWords }
            if long.count >= minLines { prose += long.reduce(0, +) }
        }
        return Double(prose) / Double(words)
    }
}
