/// How a page's text was obtained.
public enum TextSource: String, Sendable, Hashable, Codable {
    /// From the PDF's text layer (Poppler).
    case native
    /// Recognised from the page image (Tesseract).
    case ocr
}

/// Why a page's text came from where it did.
public enum PageReason: String, Sendable, Hashable, Codable {
    /// The PDF page's text layer passed ``TextLayerRule``.
    case textLayer = "text_layer"
    /// The text layer had fewer characters than ``TextLayerRule/minCharacters``.
    case tooFewCharacters = "too_few_characters"
    /// Too many of the text layer's characters had no Unicode mapping.
    case unmappedGlyphs = "unmapped_glyphs"
    /// Too many of the text layer's words were glyph numbers ("/31 /8 /18").
    case glyphCodes = "glyph_codes"
    /// Too few of the text layer's words were in the dictionary (a wrong OCR layer).
    case fewDictionaryWords = "few_dictionary_words"
    /// The text layer, in a language or script the dictionary does not cover, is not plausible
    /// text: too few letters, or letters of several scripts at random.
    case implausibleText = "implausible_text"
    /// OCR was forced for every page (`ocr = force`).
    case ocrForced = "ocr_forced"
    /// The text layer failed the rule but OCR is off (`ocr = never`): what text there is, is kept.
    case ocrDisabled = "ocr_disabled"
    /// The document is an image: every page is OCRed.
    case image
}

/// Where the resolution Tesseract was told for a page came from (``PageScale``).
public enum ResolutionSource: String, Sendable, Hashable, Codable {
    /// The image file states it, and the page size and text agree with it.
    case stated
    /// Estimated from the height of the page's text (the file states none, or one that the page
    /// size or the text contradicts).
    case estimated
    /// Nothing to go by (no believable statement, no measurable text): ``ExtractionOptions/assumedImageDPI``
    /// when set, else none, and Tesseract estimates it from the text lines it finds.
    case assumed
    /// A PDF page rendered at this resolution.
    case render
}

/// Why a page image was made smaller than its render resolution or its file asked for.
public enum SizeLimit: String, Codable, Sendable {
    /// ``ExtractionOptions/memoryBudgetMiB``.
    case memoryBudget = "memory_budget"
    /// ``ExtractionOptions/maxImageMegapixels``.
    case maxMegapixels = "max_megapixels"
}

/// Milliseconds spent on one page, per step (absent steps are `nil`).
public struct PageTimings: Sendable, Hashable, Codable {
    /// Taking the PDF text layer.
    public var textMs: Double?
    /// Rendering the PDF page, or decoding the image.
    public var rasterMs: Double?
    /// Preparing the image for OCR (resampling, orientation, deskew, denoising).
    public var preprocessMs: Double?
    /// Tesseract recognition.
    public var ocrMs: Double?

    /// Creates timings.
    public init(textMs: Double? = nil, rasterMs: Double? = nil, preprocessMs: Double? = nil, ocrMs: Double? = nil) {
        self.textMs = textMs
        self.rasterMs = rasterMs
        self.preprocessMs = preprocessMs
        self.ocrMs = ocrMs
    }

    enum CodingKeys: String, CodingKey {
        case textMs = "text_ms"
        case rasterMs = "raster_ms"
        case preprocessMs = "preprocess_ms"
        case ocrMs = "ocr_ms"
    }
}

/// What was done to an OCRed page's image before recognition (steps turned off are absent).
public struct PagePreprocessing: Sendable, Hashable, Codable {
    /// The clockwise turn Tesseract's OSD found the page to have (0, 90, 180, 270); absent when
    /// orientation detection is off or found too little text.
    public var orientation: Int?
    /// OSD's confidence in ``orientation``.
    public var orientationConfidence: Double?
    /// The turn undone before recognition: ``orientation`` when its confidence reached the
    /// threshold, else 0.
    public var rotated: Int?
    /// The skew Leptonica found, in degrees (positive: the text runs uphill, counter-clockwise).
    public var skewAngle: Double?
    /// Whether the page was straightened by ``skewAngle``.
    public var deskewed: Bool?
    /// The page's resolution before it was resampled (absent when it was not, or no resolution
    /// was known).
    public var resampledFromDPI: Int?
    /// The factor the page image was resampled by (absent when it was not).
    public var resampleFactor: Double?
    /// The resolution the image file states, believed or not (absent when it states none).
    public var statedDPI: Int?
    /// The median height of the page's glyphs in pixels, as the page came (before resampling);
    /// absent when too few glyphs were found (``TextMeasurement``).
    public var textHeight: Double?
    /// The gray level the page was measured at when it was not the fixed one (130): faint print
    /// that fell apart into dots there, measured again at the page's Otsu threshold.
    public var measuringThreshold: Int?
    /// The specks (components under an eighth of the text height) per glyph: the figure the
    /// denoise decision looks at, with ``speckCoverage``.
    public var specksPerGlyph: Double?
    /// The share of the page's grid cells holding a speck.
    public var speckCoverage: Double?
    /// The limit that made the page image smaller than asked for (absent when none did): a PDF
    /// page rendered below ``ExtractionOptions/renderDPI``, or an image file's page scaled down
    /// after decoding.
    public var sizeLimit: SizeLimit?
    /// The resolution the page was to be rendered at, when ``sizeLimit`` lowered it.
    public var requestedDPI: Int?
    /// The factor an image file's page was scaled by to fit ``sizeLimit``.
    public var sizeLimitFactor: Double?
    /// Whether a colour or bilevel image was turned into 8-bit gray.
    public var grayscaled: Bool
    /// Whether the median filter ran.
    public var denoised: Bool
    /// How many underlines carrying text were whitened (``UnderlineRule``); absent when the step is off.
    public var underlinesRemoved: Int?
    /// Tesseract's binarization.
    public var binarization: String

    /// Creates a description of nothing done yet.
    public init(binarization: String) {
        self.grayscaled = false
        self.denoised = false
        self.binarization = binarization
    }

    enum CodingKeys: String, CodingKey {
        case orientation
        case orientationConfidence = "orientation_confidence"
        case rotated
        case skewAngle = "skew_angle"
        case deskewed
        case resampledFromDPI = "resampled_from_dpi"
        case resampleFactor = "resample_factor"
        case statedDPI = "stated_dpi"
        case textHeight = "text_height"
        case measuringThreshold = "measuring_threshold"
        case specksPerGlyph = "specks_per_glyph"
        case speckCoverage = "speck_coverage"
        case sizeLimit = "size_limit"
        case requestedDPI = "requested_dpi"
        case sizeLimitFactor = "size_limit_factor"
        case grayscaled
        case denoised
        case underlinesRemoved = "underlines_removed"
        case binarization
    }
}

/// One page of an extracted document: its text and how it was obtained.
public struct ExtractedPage: Sendable, Hashable, Codable {
    /// The page number, from 1.
    public var number: Int
    /// Whether the text came from the text layer or from OCR.
    public var textSource: TextSource
    /// Why.
    public var reason: PageReason
    /// Non-whitespace characters in ``text``.
    public var characters: Int
    /// PDF pages: non-whitespace characters the text layer had (the figure behind the decision).
    public var textLayerCharacters: Int?
    /// PDF pages: the share of the text layer's characters with no Unicode mapping.
    public var unmappedRatio: Double?
    /// PDF pages: the share of the text layer's words that are glyph codes.
    public var glyphCodeRatio: Double?
    /// PDF pages whose text layer was looked up: the share of its letter words in the dictionary.
    public var dictionaryRatio: Double?
    /// OCRed pages: mean word confidence, 0–100.
    public var ocrConfidence: Double?
    /// Words in ``text`` (OCRed pages: words Tesseract found).
    public var wordCount: Int
    /// PDF pages: width in points; images: width in pixels.
    public var width: Double
    /// PDF pages: height in points; images: height in pixels.
    public var height: Double
    /// OCRed pages: the resolution the image was recognised at.
    public var dpi: Int?
    /// OCRed pages: where ``dpi`` came from.
    public var dpiSource: ResolutionSource?
    /// OCRed pages: what was done to the image before recognition.
    public var preprocessing: PagePreprocessing?
    /// The language of ``text`` (ISO 639-1, or `und`; ``TextLanguage``).
    public var language: String
    /// The script of ``text`` (ISO 15924, `Zyyy` without letters).
    public var script: String
    /// The page's text as extracted, before any normalisation.
    public var text: String
    /// How many form labels an OCRed page's text has on one line with their values, where
    /// layout analysis had read them as columns or a sparse reading was read row by row
    /// (``FormReadingOrder``); absent when none.
    public var formLabelsJoined: Int?
    /// How many blocks of an OCRed page layout analysis read across the gutter of two columns
    /// of running text, which its text reads column by column (``ColumnGutter``); absent when none.
    public var columnsSplit: Int?
    /// OCRed pages read with layout analysis: the share of the words in paragraphs, under
    /// ``RowReading/maxProseShare`` of which the lines were read in rows (``RowReading``); on a
    /// sheet of small text read as sparse text first and kept, that share of the words layout
    /// analysis segmented before reading, which sent it there.
    public var proseShare: Double?
    /// How many marks of rules and specks (`|`, `_`, `~`, `=` read as words, and words of a
    /// character or two or of signs only that Tesseract was unsure of) were removed from an OCRed page's text
    /// (``StrayMarks``); absent when none.
    public var strayMarksRemoved: Int?
    /// OCRed pages: the layout whose reading ``text`` is (``ExtractionOptions/layout``, or
    /// `sparse` where `auto` read the page again and kept that reading, ``LayoutRule``).
    public var layout: ExtractionOptions.PageLayout?
    /// OCRed pages `auto` read twice: each reading's mean word confidence, by layout (the
    /// figures ``LayoutRule`` decided on).
    public var layoutConfidences: [String: Double]?
    /// OCRed pages `auto` read twice: the share of the page's glyphs inside each reading's words,
    /// by layout (``ReadingCoverage``, the other figure ``LayoutRule`` decided on).
    public var layoutCoverage: [String: Double]?
    /// Time spent on the page.
    public var timings: PageTimings

    /// Creates a page.
    ///
    /// `detected` is ``TextLanguage/detect(_:)`` of `text` when the caller has it already (a
    /// text layer judged by its language); else it is detected here.
    public init(
        number: Int,
        textSource: TextSource,
        reason: PageReason,
        text: String,
        width: Double,
        height: Double,
        textLayerCharacters: Int? = nil,
        unmappedRatio: Double? = nil,
        glyphCodeRatio: Double? = nil,
        dictionaryRatio: Double? = nil,
        ocrConfidence: Double? = nil,
        wordCount: Int? = nil,
        dpi: Int? = nil,
        dpiSource: ResolutionSource? = nil,
        preprocessing: PagePreprocessing? = nil,
        formLabelsJoined: Int? = nil,
        columnsSplit: Int? = nil,
        proseShare: Double? = nil,
        strayMarksRemoved: Int? = nil,
        layout: ExtractionOptions.PageLayout? = nil,
        layoutConfidences: [String: Double]? = nil,
        layoutCoverage: [String: Double]? = nil,
        timings: PageTimings = PageTimings(),
        detected: TextLanguage? = nil
    ) {
        self.number = number
        self.textSource = textSource
        self.reason = reason
        self.text = text
        let counts = TextLayerRule.count(text)
        self.characters = counts.characters
        let detected = detected ?? TextLanguage.detect(text)
        self.language = detected.language
        self.script = detected.script
        // A hostile PDF can state an infinite or NaN page box; JSON has no such numbers.
        self.width = width.isFinite ? width : 0
        self.height = height.isFinite ? height : 0
        self.textLayerCharacters = textLayerCharacters
        self.unmappedRatio = unmappedRatio
        self.glyphCodeRatio = glyphCodeRatio
        self.dictionaryRatio = dictionaryRatio
        self.ocrConfidence = ocrConfidence
        self.wordCount = wordCount ?? counts.words
        self.dpi = dpi
        self.dpiSource = dpiSource
        self.preprocessing = preprocessing
        self.formLabelsJoined = formLabelsJoined.flatMap { $0 > 0 ? $0 : nil }
        self.columnsSplit = columnsSplit.flatMap { $0 > 0 ? $0 : nil }
        self.proseShare = proseShare
        self.strayMarksRemoved = strayMarksRemoved.flatMap { $0 > 0 ? $0 : nil }
        self.layout = layout
        self.layoutConfidences = layoutConfidences
        self.layoutCoverage = layoutCoverage
        self.timings = timings
    }

    enum CodingKeys: String, CodingKey {
        case number
        case textSource = "text_source"
        case reason
        case characters
        case textLayerCharacters = "text_layer_characters"
        case unmappedRatio = "unmapped_ratio"
        case glyphCodeRatio = "glyph_code_ratio"
        case dictionaryRatio = "dictionary_ratio"
        case ocrConfidence = "ocr_confidence"
        case wordCount = "word_count"
        case width
        case height
        case dpi
        case dpiSource = "dpi_source"
        case preprocessing
        case formLabelsJoined = "form_labels_joined"
        case columnsSplit = "columns_split"
        case proseShare = "prose_share"
        case strayMarksRemoved = "stray_marks_removed"
        case layout
        case layoutConfidences = "layout_confidences"
        case layoutCoverage = "layout_coverage"
        case language
        case script
        case text
        case timings
    }
}

/// The result of extracting one document: its pages and anything worth a warning.
public struct ExtractedDocument: Sendable, Hashable {
    /// The detected content type.
    public var mediaType: MediaType
    /// The pages, in order.
    public var pages: [ExtractedPage]
    /// Things the reader of the record should know (assumed resolutions, lowered render
    /// resolutions, pages that failed while others succeeded).
    public var warnings: [String]
    /// The date the document states for itself (a PDF's creation date), if any.
    public var documentDate: CalendarDate?

    /// Creates a result.
    public init(
        mediaType: MediaType,
        pages: [ExtractedPage],
        warnings: [String] = [],
        documentDate: CalendarDate? = nil
    ) {
        self.mediaType = mediaType
        self.pages = pages
        self.warnings = warnings
        self.documentDate = documentDate
    }
}
