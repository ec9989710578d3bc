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

    /// How Tesseract finds the text on a page (its page segmentation mode).
    public enum PageLayout: String, Sendable, Hashable, Codable, CaseIterable {
        /// Columns, blocks and reading order found by layout analysis (Tesseract's PSM 3, the
        /// default of its command line and of OCRmyPDF).
        case auto
        /// The page read as one block of lines (PSM 6, the C API's own default): about a tenth
        /// less CPU, but it runs side-by-side columns together line by line, and it loses layout
        /// analysis's paragraph breaks and its filtering of specks and rules.
        case singleBlock = "single-block"

        /// Tesseract's `PageSegMode` value.
        public var tesseractMode: Int {
            switch self {
            case .auto: 3
            case .singleBlock: 6
            }
        }
    }

    /// Tesseract language codes, joined with `+` for the engine (default `["eng"]`).
    public var languages: [String]
    /// Where the `*.traineddata` files are; `nil` looks in `TESSDATA_PREFIX`, then Debian's locations.
    public var tessdataPath: String?
    /// The resolution PDF pages are rendered at for OCR (default 300).
    public var renderDPI: Int
    /// The resolution assumed for a page image whose file states none that can be believed and
    /// whose text cannot be measured; `nil` (the default) lets Tesseract estimate it.
    public var assumedImageDPI: Int?
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
    /// The memory one worker's page may take, in MiB (default 384): a PDF page is rendered at the
    /// resolution this allows (``pageLimit``), and a decoded image over it is made smaller before
    /// it is read, both recorded (`size_limit` in the page's preprocessing) and warned about.
    /// With 2 workers the whole process stays under about 2 × this plus 150 MB for the
    /// libraries and models.
    public var memoryBudgetMiB: Int
    /// The password for encrypted PDFs, if any.
    public var password: String?
    /// How page images are prepared for Tesseract.
    public var preprocessing: PreprocessingOptions
    /// How Tesseract finds the text on a page (default ``PageLayout/auto``).
    public var layout: PageLayout
    /// The most CPU time Tesseract may spend recognising one page, in seconds (default 60; 0: no
    /// limit). CPU time, not wall-clock time, so a loaded machine never cuts a good page short
    /// (a page takes 0.2–5 s on the real-scan development set). Its progress monitor stops the
    /// page there and the words read so far are kept, with a warning.
    /// Tesseract consults the monitor between words, not during layout analysis: a page is kept
    /// bounded there by never being handed over inflated (``PageScale``).
    public var pageTimeoutSeconds: Double
    /// The longest one document's pages may take, in wall-clock seconds from its first page
    /// (default 1800; 0: no limit). A page still being read or still to be read then is not:
    /// the document fails with `timeout`.
    public var documentTimeoutSeconds: Double

    /// Creates options; every parameter has the documented default.
    public init(
        languages: [String] = ["eng"],
        tessdataPath: String? = nil,
        renderDPI: Int = 300,
        assumedImageDPI: Int? = nil,
        textLayer: TextLayerRule = TextLayerRule(),
        ocrMode: OCRMode = .auto,
        maxImageMegapixels: Double = 250,
        maxFileBytes: Int = 512 << 20,
        memoryBudgetMiB: Int = 384,
        password: String? = nil,
        preprocessing: PreprocessingOptions = PreprocessingOptions(),
        layout: PageLayout = .auto,
        pageTimeoutSeconds: Double = 60,
        documentTimeoutSeconds: Double = 1800
    ) {
        self.languages = languages
        self.tessdataPath = tessdataPath
        self.renderDPI = renderDPI
        self.assumedImageDPI = assumedImageDPI
        self.textLayer = textLayer
        self.ocrMode = ocrMode
        self.maxImageMegapixels = maxImageMegapixels
        self.maxFileBytes = maxFileBytes
        self.memoryBudgetMiB = memoryBudgetMiB
        self.password = password
        self.preprocessing = preprocessing
        self.layout = layout
        self.pageTimeoutSeconds = pageTimeoutSeconds
        self.documentTimeoutSeconds = documentTimeoutSeconds
    }

    /// The largest image in pixels.
    public var maxImagePixels: Int { Int(maxImageMegapixels * 1_000_000) }

    /// Resident bytes a page takes per pixel of its 8-bit image, from its render to the end of
    /// its recognition: the render's cairo band (bounded by ``renderBandPixels``), the gray render
    /// and its Leptonica copy, then the reader's copies, Tesseract's own copy, its thresholded and
    /// binary images and its layout analysis. Measured with 1 worker on OCRmyPDF's
    /// `hugemono.pdf` (an 8,400 pt page): with a 384 MiB budget it renders at 70 dpi (66.7 MP)
    /// and the process peaks at 471 MB, 354 MB over the 117 MB of a small page; with 768 MiB,
    /// 98 dpi and 517 MB over. Both stay under their budget.
    public static let residentBytesPerPixel = 6

    /// The most pixels a PDF page is drawn onto at once: a quarter of the memory budget in cairo's
    /// 4 bytes a pixel (24 MP for 384 MiB; a 300 dpi A3 page is 17 MP). A bigger page is rendered
    /// in bands. Measured on OCRmyPDF's `hugemono.pdf` (a 35,000-pixel-square CCITT scan on an
    /// 8,400 pt page, rendered at 70 dpi, 1 worker): one pass 8.7 s and a 698 MB peak, bands of
    /// 32 MP 24 s and 564 MB, 16 MP 40 s and 501 MB, since Poppler decodes the scan once a band.
    public var renderBandPixels: Int { (memoryBudgetMiB << 20) / 16 }

    /// The largest page image, in pixels, and the limit that sets it: the memory budget or the
    /// image limit, whichever is lower.
    public var pageLimit: (pixels: Int, limit: SizeLimit) {
        let budgetPixels = (memoryBudgetMiB << 20) / Self.residentBytesPerPixel
        return budgetPixels < maxImagePixels ? (budgetPixels, .memoryBudget) : (maxImagePixels, .maxMegapixels)
    }

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
        if let assumedImageDPI, !(50...1200).contains(assumedImageDPI) {
            throw bad("assumed image dpi \(assumedImageDPI) is outside 50…1200")
        }
        if !(maxImageMegapixels > 0) { throw bad("max image megapixels must be positive") }
        if maxFileBytes <= 0 { throw bad("max file bytes must be positive") }
        if !(64...65_536).contains(memoryBudgetMiB) {
            throw bad("memory budget \(memoryBudgetMiB) MiB is outside 64…65536")
        }
        if textLayer.minCharacters < 0 { throw bad("text layer minimum characters must not be negative") }
        if !(0...1).contains(textLayer.maxUnmappedRatio) { throw bad("text layer unmapped ratio must be within 0…1") }
        if !(0...1).contains(textLayer.maxGlyphCodeRatio) {
            throw bad("text layer glyph code ratio must be within 0…1")
        }
        if !(0...1).contains(textLayer.minDictionaryRatio) {
            throw bad("text layer dictionary word ratio must be within 0…1")
        }
        if !(0...1000).contains(preprocessing.rotateThreshold) {
            throw bad("rotation confidence threshold must be within 0…1000")
        }
        if !(0...45).contains(preprocessing.minDeskewAngle) { throw bad("minimum deskew angle must be within 0…45") }
        let text = preprocessing.textHeight
        if !(2...400).contains(text.target) || text.minimum > text.target || text.maximum < text.target {
            throw bad("text height range needs minimum ≤ target ≤ maximum, target within 2…400 px")
        }
        if pageTimeoutSeconds < 0 { throw bad("page timeout must not be negative") }
        if documentTimeoutSeconds < 0 { throw bad("document timeout must not be negative") }
    }
}

/// The rule that decides whether a PDF page's text layer is usable or the page is OCRed.
///
/// A page's text layer is **usable** when it has at least ``minCharacters`` non-whitespace
/// characters; at most ``maxUnmappedRatio`` of them are *unmapped* (U+FFFD, the replacement
/// character Poppler emits for glyphs without a Unicode mapping, private-use code points, or
/// control characters); at most ``maxGlyphCodeRatio`` of its words are *glyph codes* ("/31",
/// "/g18", "(cid:7)": a font's glyph numbers written out because it has no Unicode map); and, when
/// it has at least ``minDictionaryWords`` words of letters, at least ``minDictionaryRatio`` of those
/// are in the OCR languages' dictionaries (an earlier scanner's wrong OCR layer fails this).
/// Otherwise the page is rendered and OCRed, and the record says which test failed.
public struct TextLayerRule: Sendable, Hashable, Codable {
    /// The fewest non-whitespace characters a usable text layer has (default 20). A scanned page
    /// often carries a stray text object (a page number, a scanner stamp); 20 characters is less
    /// than one line of body text.
    public var minCharacters: Int
    /// The largest share of unmapped characters in a usable text layer (default 0.1).
    public var maxUnmappedRatio: Double
    /// The largest share of words that are glyph codes (default 0.2).
    public var maxGlyphCodeRatio: Double
    /// The smallest share of letter words found in the dictionary (default 0.6; 0 turns the test off).
    /// Real text pages of the benchmark corpus score 0.84–1.0 (median 0.99).
    public var minDictionaryRatio: Double
    /// The dictionary test applies to pages with at least this many letter words (default 20).
    public var minDictionaryWords: Int

    /// Creates the rule with the documented defaults.
    public init(
        minCharacters: Int = 20,
        maxUnmappedRatio: Double = 0.1,
        maxGlyphCodeRatio: Double = 0.2,
        minDictionaryRatio: Double = 0.6,
        minDictionaryWords: Int = 20
    ) {
        self.minCharacters = minCharacters
        self.maxUnmappedRatio = maxUnmappedRatio
        self.maxGlyphCodeRatio = maxGlyphCodeRatio
        self.minDictionaryRatio = minDictionaryRatio
        self.minDictionaryWords = minDictionaryWords
    }

    /// The figures behind the decision for one page's text.
    public struct Measurement: Sendable, Hashable {
        /// Non-whitespace characters (Unicode scalars).
        public var characters: Int
        /// Characters that are U+FFFD, private-use, or control characters.
        public var unmapped: Int
        /// Whitespace-separated words.
        public var words: Int = 0
        /// Words that are glyph codes ("/31", "/g18", "(cid:7)").
        public var glyphCodes: Int = 0
        /// Words of letters only (outer punctuation stripped; none with inner hyphens, apostrophes
        /// or digits), two letters or more, the first ``TextLayerRule/letterWordLimit``: the words
        /// the dictionary test looks up.
        public var letterWords: [String] = []
        /// `unmapped / characters`, 0 for an empty text.
        public var unmappedRatio: Double { characters == 0 ? 0 : Double(unmapped) / Double(characters) }
        /// `glyphCodes / words`, 0 for an empty text.
        public var glyphCodeRatio: Double { words == 0 ? 0 : Double(glyphCodes) / Double(words) }
    }

    /// Counts the characters and words of `text` that the rule looks at, in one pass over its
    /// Unicode scalars (a text layer can be long; grapheme-by-grapheme iteration is far slower).
    public static func measure(_ text: String) -> Measurement {
        var measurement = Measurement(characters: 0, unmapped: 0)
        let scalars = text.unicodeScalars
        // The current word is tracked by index, never copied: a String is built only for a
        // possible glyph code and for a letter word the dictionary test will look up.
        var wordStart: String.Index?
        var firstLetter: String.Index?
        var afterLastLetter = scalars.startIndex
        var letters = 0
        var gapAfterLetter = false
        var lettersSplit = false
        func endWord(at end: String.Index) {
            guard let start = wordStart else { return }
            wordStart = nil
            measurement.words += 1
            if "/(cgGu".unicodeScalars.contains(scalars[start]), isGlyphCode(String(scalars[start..<end])) {
                measurement.glyphCodes += 1
            } else if measurement.letterWords.count < letterWordLimit, let firstLetter, !lettersSplit, letters >= 2 {
                measurement.letterWords.append(String(scalars[firstLetter..<afterLastLetter]))
            }
        }
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            defer { index = next }
            if UnicodeClass.isWhitespace(scalar) {
                endWord(at: index)
                continue
            }
            if wordStart == nil {
                wordStart = index
                firstLetter = nil
                letters = 0
                gapAfterLetter = false
                lettersSplit = false
            }
            measurement.characters += 1
            switch scalar.value {
            case 0xFFFD, 0xE000...0xF8FF, 0xF0000...0x10FFFF, 0x00...0x1F, 0x7F...0x9F:
                measurement.unmapped += 1
            default:
                break
            }
            if UnicodeClass.isAlphabetic(scalar) {
                if firstLetter == nil {
                    firstLetter = index
                } else if gapAfterLetter {
                    lettersSplit = true
                }
                letters += 1
                afterLastLetter = next
            } else if firstLetter != nil {
                gapAfterLetter = true
            }
        }
        endWord(at: scalars.endIndex)
        return measurement
    }

    /// The most letter words a measurement keeps: as many as the dictionary test looks up.
    public static let letterWordLimit = 200

    /// Non-whitespace characters (Unicode scalars) of `text` and its whitespace-separated words.
    public static func count(_ text: String) -> (characters: Int, words: Int) {
        var characters = 0
        var words = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            if UnicodeClass.isWhitespace(scalar) {
                inWord = false
            } else {
                characters += 1
                if !inWord { words += 1 }
                inWord = true
            }
        }
        return (characters, words)
    }

    /// Whether `word` is a glyph number written out: "/31", "/g31", "/G31", "/uni0041", "cid:31",
    /// "(cid:31)", "g31" after a slash-less extractor. A plain number ("2026") is not.
    static func isGlyphCode(_ word: String) -> Bool {
        var rest = Substring(word)
        if rest.hasPrefix("(") && rest.hasSuffix(")") { rest = rest.dropFirst().dropLast() }
        let slashed = rest.hasPrefix("/")
        if slashed { rest = rest.dropFirst() }
        if rest.hasPrefix("cid:") {
            rest = rest.dropFirst(4)
        } else if rest.hasPrefix("uni") && rest.count == 7 {
            return rest.dropFirst(3).allSatisfy(\.isHexDigit)
        } else if let first = rest.first, first == "g" || first == "G" {
            rest = rest.dropFirst()
        } else if !slashed {
            return false
        }
        return !rest.isEmpty && rest.count <= 5 && rest.allSatisfy(\.isASCII) && rest.allSatisfy(\.isNumber)
    }

    /// Decides how a page with this text layer is read, before the dictionary test.
    ///
    /// - Returns: `nil` when the text layer passes, else the reason to OCR the page.
    public func ocrReason(for measurement: Measurement) -> PageReason? {
        if measurement.characters < minCharacters { return .tooFewCharacters }
        if measurement.unmappedRatio > maxUnmappedRatio { return .unmappedGlyphs }
        if measurement.glyphCodeRatio > maxGlyphCodeRatio { return .glyphCodes }
        return nil
    }

    /// How a text layer that passed the character and word tests is judged further.
    public enum Check: Sendable, Hashable {
        /// By the dictionary of the OCR languages: the layer is in their language (or in their
        /// script and in no language told apart, as an earlier scanner's garbled OCR is).
        case dictionary
        /// By its characters: the layer is in a language or script the dictionary does not
        /// cover, whose words it cannot judge (``ocrReason(plausibility:)``).
        case plausibility
        /// Not at all (the dictionary test is off, or the page has too few words).
        case none
    }

    /// How a page with this text layer, in `language`, is judged when the dictionary is that of
    /// `dictionaryLanguage` (ISO 639-1; `nil` for a Tesseract language without a code here,
    /// whose dictionary is used as before).
    public func check(
        _ measurement: Measurement,
        language: TextLanguage,
        dictionaryLanguage: String?
    ) -> Check {
        guard minDictionaryRatio > 0, measurement.letterWords.count >= minDictionaryWords else {
            return language.language == "und" && language.script != "Latn" && language.script != "Zyyy"
                ? .plausibility : .none
        }
        guard let dictionaryLanguage else { return .dictionary }
        if language.language == dictionaryLanguage { return .dictionary }
        if language.language == "und", language.script == Self.script(ofLanguage: dictionaryLanguage) {
            return .dictionary
        }
        return .plausibility
    }

    /// The script a language of the dictionary table is written in.
    static func script(ofLanguage code: String) -> String {
        switch code {
        case "ru", "uk": "Cyrl"
        case "ar", "fa": "Arab"
        case "zh": "Hani"
        case "ja": "Jpan"
        case "ko": "Kore"
        case "el": "Grek"
        case "he": "Hebr"
        case "th": "Thai"
        case "hi": "Deva"
        default: "Latn"
        }
    }

    /// The smallest share of non-space characters that are letters in a text layer judged by
    /// its characters: glyph garbage is mostly punctuation, digits and symbols.
    public static let minLetterShare = 0.5
    /// The smallest share of its letters in its main script: a layer of mis-mapped glyphs
    /// mixes scripts at random; a real page in any language keeps to one (names and acronyms
    /// in Latin letters on a Chinese or Russian page stay well under a quarter).
    public static let minScriptShare = 0.6

    /// The character-based test for a text layer in a language or script the dictionary does
    /// not cover: `nil` when the layer is plausible text.
    public func ocrReason(plausibility language: TextLanguage) -> PageReason? {
        language.letterShare >= Self.minLetterShare && language.scriptShare >= Self.minScriptShare
            ? nil : .implausibleText
    }

    /// The dictionary test: `nil` when enough of the page's letter words are known.
    ///
    /// - Parameter ratio: The share of the page's letter words found in the dictionary.
    public func ocrReason(dictionaryRatio ratio: Double) -> PageReason? {
        ratio < minDictionaryRatio ? .fewDictionaryWords : nil
    }
}

/// How a page image is prepared for Tesseract. Each step is recorded per page (``PagePreprocessing``).
public struct PreprocessingOptions: Sendable, Hashable, Codable {
    /// The text heights Tesseract reads well, in pixels of median glyph height (see
    /// ``TextMeasurement/textHeight``): a page whose text is outside the range is resampled so
    /// that it is ``target`` high.
    public struct TextHeight: Sendable, Hashable, Codable {
        /// Text smaller than this is upsampled (default 6 px: about 9 pt type at 70 dpi). On the
        /// real-scan development set, upsampling faxes and small print with 6–9 px text to two or
        /// three times their size raised the tesseract CLI's error on 8 pages of 12: its LSTM
        /// scales each line itself.
        public var minimum: Int
        /// Text larger than this is downsampled (default 40 px: 10 pt type at about 480 dpi):
        /// far more pixels than the recogniser needs, and layout analysis time grows with them.
        public var maximum: Int
        /// The height resampled text gets (default 24 px: 10 pt type at 300 dpi).
        public var target: Int

        /// Creates the documented defaults.
        public init(minimum: Int = 6, maximum: Int = 40, target: Int = 24) {
            self.minimum = minimum
            self.maximum = maximum
            self.target = target
        }
    }

    /// When the gray page is smoothed before OCR.
    public enum Denoise: String, Sendable, Hashable, Codable, CaseIterable {
        /// When ``DenoiseRule`` finds noise over the whole sheet and text tall enough to keep
        /// its strokes through the filter.
        case auto
        /// Every page.
        case always
        /// No page.
        case never
    }

    /// How Tesseract turns the gray page into black and white (its `thresholding_method`).
    public enum Binarization: String, Sendable, Hashable, Codable, CaseIterable {
        /// Tesseract's global Otsu threshold (its default).
        case otsu
        /// Leptonica's tiled, adaptive Otsu.
        case adaptiveOtsu = "adaptive-otsu"
        /// Sauvola's local threshold.
        case sauvola

        /// Tesseract's value for `thresholding_method`.
        public var tesseractMethod: Int {
            switch self {
            case .otsu: 0
            case .adaptiveOtsu: 1
            case .sauvola: 2
            }
        }
    }

    /// Detect the page's orientation (0/90/180/270) with Tesseract's OSD and turn it upright (default on).
    public var rotate: Bool
    /// The OSD confidence a turn needs (default 5; as OCRmyPDF's `--rotate-pages-threshold`).
    /// Under it the page is read as it is and the record keeps the guess.
    public var rotateThreshold: Double
    /// Find the skew angle with Leptonica and straighten the page (default on).
    public var deskew: Bool
    /// Smaller angles are recorded but not corrected (default 1°). Tesseract follows a slight
    /// skew itself: on the real-scan development set, straightening the receipts and forms
    /// found 0.1–1° off (an area-mapped rotation, which softens low-resolution strokes) raised
    /// their error from 32 % to 36 %, and no page of it was read better for it.
    public var minDeskewAngle: Double
    /// Resample pages whose text is outside ``textHeight`` (default on).
    public var resample: Bool
    /// The text heights read without resampling.
    public var textHeight: TextHeight
    /// When to smooth the gray page with a 3 × 3 median filter before OCR (default
    /// ``Denoise/auto``): on pages sprinkled with noise it cut the error rate several times, on
    /// clean real scans it only ever raised it (``DenoiseRule``).
    public var denoise: Denoise
    /// Tesseract's binarization (default ``Binarization/otsu``).
    public var binarization: Binarization

    /// Creates options; every parameter has the documented default.
    public init(
        rotate: Bool = true,
        rotateThreshold: Double = 5,
        deskew: Bool = true,
        minDeskewAngle: Double = 1,
        resample: Bool = true,
        textHeight: TextHeight = TextHeight(),
        denoise: Denoise = .auto,
        binarization: Binarization = .otsu
    ) {
        self.rotate = rotate
        self.rotateThreshold = rotateThreshold
        self.deskew = deskew
        self.minDeskewAngle = minDeskewAngle
        self.resample = resample
        self.textHeight = textHeight
        self.denoise = denoise
        self.binarization = binarization
    }
}

extension SizeLimit {
    /// The limit in words, with its configured value (for warnings).
    public func describe(_ options: ExtractionOptions) -> String {
        switch self {
        case .memoryBudget: "the memory budget (extraction.memory_budget_mib = \(options.memoryBudgetMiB))"
        case .maxMegapixels: "the image limit (extraction.max_megapixels = \(options.maxImageMegapixels))"
        }
    }
}
