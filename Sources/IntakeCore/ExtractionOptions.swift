/// Everything that decides how a document's text is extracted.
///
/// Extraction is a function of (bytes, options): nothing else (no folder, no global state)
/// changes its result.
public struct ExtractionOptions: Sendable, Hashable, Codable {
    /// When PDF pages are OCRed.
    public enum OCRMode: String, Sendable, Hashable, Codable, CaseIterable {
        /// OCR a page only when its text layer fails ``TextLayerRule``.
        case auto
        /// OCR every PDF page, whatever its text layer.
        case force
        /// Never OCR a PDF page; pages without a usable text layer keep what text they have.
        case never
    }

    /// Tesseract language codes, joined with `+` for the engine (default `["eng"]`).
    public var languages: [String]
    /// Where the `*.traineddata` files are; `nil` looks in `TESSDATA_PREFIX`, then Debian's locations.
    public var tessdataPath: String?
    /// The resolution PDF pages are rendered at for OCR (default 300).
    public var renderDPI: Int
    /// The resolution assumed for an image that does not state its own (default 300).
    public var assumedImageDPI: Int
    /// When a PDF page's text layer is used and when the page is OCRed instead.
    public var textLayer: TextLayerRule
    /// When PDF pages are OCRed (default ``OCRMode/auto``).
    public var ocrMode: OCRMode
    /// The largest image, or rendered page, in millions of pixels (default 250, as OCRmyPDF's
    /// `--max-image-mpixels`). A bigger image is refused before it is decoded; a bigger page
    /// render is made at a lower resolution instead, with a warning.
    public var maxImageMegapixels: Double
    /// The largest input file in bytes (default 512 MiB); a bigger one is refused unread.
    public var maxFileBytes: Int
    /// The password for encrypted PDFs, if any.
    public var password: String?

    /// Creates options; every parameter has the documented default.
    public init(
        languages: [String] = ["eng"],
        tessdataPath: String? = nil,
        renderDPI: Int = 300,
        assumedImageDPI: Int = 300,
        textLayer: TextLayerRule = TextLayerRule(),
        ocrMode: OCRMode = .auto,
        maxImageMegapixels: Double = 250,
        maxFileBytes: Int = 512 << 20,
        password: String? = nil
    ) {
        self.languages = languages
        self.tessdataPath = tessdataPath
        self.renderDPI = renderDPI
        self.assumedImageDPI = assumedImageDPI
        self.textLayer = textLayer
        self.ocrMode = ocrMode
        self.maxImageMegapixels = maxImageMegapixels
        self.maxFileBytes = maxFileBytes
        self.password = password
    }

    /// The largest image in pixels.
    public var maxImagePixels: Int { Int(maxImageMegapixels * 1_000_000) }

    /// Checks that every value is in range.
    ///
    /// - Throws: ``IntakeError`` with code ``IntakeError/Code/invalidConfiguration`` naming the bad value.
    public func validate() throws(IntakeError) {
        func bad(_ message: String) -> IntakeError {
            IntakeError(.invalidConfiguration, stage: .configure, message)
        }
        if languages.isEmpty { throw bad("at least one OCR language is needed") }
        for language in languages
        where language.isEmpty || !language.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            throw bad("OCR language '\(language)' is not a Tesseract language code (such as eng, deu, chi_sim)")
        }
        if !(50...1200).contains(renderDPI) { throw bad("render dpi \(renderDPI) is outside 50…1200") }
        if !(50...1200).contains(assumedImageDPI) {
            throw bad("assumed image dpi \(assumedImageDPI) is outside 50…1200")
        }
        if !(maxImageMegapixels > 0) { throw bad("max image megapixels must be positive") }
        if maxFileBytes <= 0 { throw bad("max file bytes must be positive") }
        if textLayer.minCharacters < 0 { throw bad("text layer minimum characters must not be negative") }
        if !(0...1).contains(textLayer.maxUnmappedRatio) { throw bad("text layer unmapped ratio must be within 0…1") }
    }
}

/// The rule that decides whether a PDF page's text layer is usable or the page is OCRed.
///
/// A page's text layer is **usable** when it has at least ``minCharacters`` non-whitespace
/// characters and at most ``maxUnmappedRatio`` of them are *unmapped*: U+FFFD (the replacement
/// character Poppler emits for glyphs without a Unicode mapping), private-use code points, or
/// control characters. Otherwise the page is rendered and OCRed, and the record says which test failed.
public struct TextLayerRule: Sendable, Hashable, Codable {
    /// The fewest non-whitespace characters a usable text layer has (default 20). A scanned page
    /// often carries a stray text object (a page number, a scanner stamp); 20 characters is less
    /// than one line of body text.
    public var minCharacters: Int
    /// The largest share of unmapped characters in a usable text layer (default 0.1).
    public var maxUnmappedRatio: Double

    /// Creates the rule with the documented defaults.
    public init(minCharacters: Int = 20, maxUnmappedRatio: Double = 0.1) {
        self.minCharacters = minCharacters
        self.maxUnmappedRatio = maxUnmappedRatio
    }

    /// The figures behind the decision for one page's text.
    public struct Measurement: Sendable, Hashable {
        /// Non-whitespace characters (Unicode scalars).
        public var characters: Int
        /// Characters that are U+FFFD, private-use, or control characters.
        public var unmapped: Int
        /// `unmapped / characters`, 0 for an empty text.
        public var unmappedRatio: Double { characters == 0 ? 0 : Double(unmapped) / Double(characters) }
    }

    /// Counts the characters of `text` that the rule looks at.
    public static func measure(_ text: String) -> Measurement {
        var characters = 0
        var unmapped = 0
        for scalar in text.unicodeScalars where !scalar.properties.isWhitespace {
            characters += 1
            switch scalar.value {
            case 0xFFFD, 0xE000...0xF8FF, 0xF0000...0x10FFFF, 0x00...0x1F, 0x7F...0x9F:
                unmapped += 1
            default:
                break
            }
        }
        return Measurement(characters: characters, unmapped: unmapped)
    }

    /// Decides how a page with this text layer is read.
    ///
    /// - Returns: `nil` when the text layer is usable, else the reason to OCR the page.
    public func ocrReason(for measurement: Measurement) -> PageReason? {
        if measurement.characters < minCharacters { return .tooFewCharacters }
        if measurement.unmappedRatio > maxUnmappedRatio { return .unmappedGlyphs }
        return nil
    }
}
