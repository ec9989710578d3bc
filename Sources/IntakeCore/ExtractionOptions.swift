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
        /// default of its command line and of OCRmyPDF), with a form's labels put back on one
        /// line with their values where layout analysis read them as columns (``FormReadingOrder``).
        /// A fax (text under 12 px high) Tesseract is unsure of is read again as ``sparse`` text,
        /// and that reading kept when Tesseract is surer of it (``LayoutRule``).
        case auto
        /// Layout analysis's reading order as Tesseract gives it (PSM 3), labels and values apart.
        case columns
        /// The page read as one block of lines (PSM 6, the C API's own default): about a tenth
        /// less CPU, but it runs side-by-side columns together line by line, and it loses layout
        /// analysis's paragraph breaks and its filtering of specks and rules.
        case singleBlock = "single-block"
        /// As much text as can be found, line by line, without layout analysis's columns
        /// (Tesseract's PSM 11, "sparse text"), text under 12 px high read at twice its size, the
        /// lines then read row by row, top to bottom, columns of running text one after the other
        /// (``FormReadingOrder/sparse(_:)``). For an inbox of forms and faxes: on
        /// low-resolution faxed forms layout analysis drops fields as noise and scatters the
        /// rest, and this reads about a third fewer characters wrong; on receipts it reads
        /// markedly worse (docs/run.md).
        case sparse

        /// Tesseract's `PageSegMode` value.
        public var tesseractMode: Int {
            switch self {
            case .auto, .columns: 3
            case .singleBlock: 6
            case .sparse: 11
            }
        }

        /// Whether a page whose text is under 12 px high (a fax) is read at twice its size,
        /// pixels repeated.
        public var doublesSmallText: Bool { self == .sparse }

        /// How the lines of this layout's reading are put in order.
        public var lineOrder: LineOrder {
            switch self {
            case .auto: .formLabels
            case .sparse: .rows
            case .columns, .singleBlock: .tesseract
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
    /// The memory one worker's page may take, in MiB (default 192, 32 megapixels: a 300 dpi page up
    /// to A2): a PDF page is rendered at the resolution this allows (``pageLimit``), and a decoded
    /// image over it is made smaller before it is read, both recorded (`size_limit` in the page's
    /// preprocessing) and warned about. Each worker process holds its own libraries and models
    /// (about 120 MB with OCR), and a huge page takes about 2.5 × this at its peak: with 2 workers
    /// OCRmyPDF's hostile PDFs peak at 968 MB for all processes together (384: 1,082 MB).
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
    /// The most pages a document may have (default 5000; 0: no limit): a PDF with more, or a
    /// TIFF reaching more frames, fails with `too_many_pages` before its pages are read.
    public var maxPages: Int

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
        memoryBudgetMiB: Int = 192,
        password: String? = nil,
        preprocessing: PreprocessingOptions = PreprocessingOptions(),
        layout: PageLayout = .auto,
        pageTimeoutSeconds: Double = 60,
        documentTimeoutSeconds: Double = 1800,
        maxPages: Int = 5000
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
        self.maxPages = maxPages
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
        if maxPages < 0 { throw bad("max pages must not be negative") }
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
    /// Whiten the horizontal rules that text touches, as on form fields typed or written on a
    /// line (default on; ``UnderlineRule``). Tesseract loses the words of a line fused with its
    /// underline; rules that frame tables or separate columns are kept.
    public var removeUnderlines: Bool
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
        removeUnderlines: Bool = true,
        binarization: Binarization = .otsu
    ) {
        self.rotate = rotate
        self.rotateThreshold = rotateThreshold
        self.deskew = deskew
        self.minDeskewAngle = minDeskewAngle
        self.resample = resample
        self.textHeight = textHeight
        self.denoise = denoise
        self.removeUnderlines = removeUnderlines
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
