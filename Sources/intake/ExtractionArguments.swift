public import ArgumentParser
import IntakeCore

/// The command-line options that set ``ExtractionOptions``.
struct ExtractionArguments: ParsableArguments {
    @Option(name: [.short, .long], help: "OCR languages, joined with '+' (e.g. eng+deu).")
    var languages: String = "eng"

    @Option(help: "Folder holding Tesseract's *.traineddata (default: $TESSDATA_PREFIX, then Debian's).")
    var tessdata: String?

    @Option(help: "When to OCR PDF pages: auto (when the text layer is unusable), force, never.")
    var ocr: ExtractionOptions.OCRMode = .auto

    @Option(help: "Resolution for rendering PDF pages to OCR.")
    var dpi: Int = 300

    @Option(
        help:
            "Resolution to assume for a page image whose file states none that can be believed and whose text cannot be measured (default: none, Tesseract estimates)."
    )
    var assumeDpi: Int?

    @Option(help: "Stop recognising a page after this many seconds of CPU time, keeping the words read (0: no limit).")
    var pageTimeout: Double = ExtractionOptions().pageTimeoutSeconds

    @Option(help: "Fail a document whose pages take longer than this many seconds (0: no limit).")
    var documentTimeout: Double = ExtractionOptions().documentTimeoutSeconds

    @Option(help: "Fail a document with more pages than this, before reading any (too_many_pages; 0: no limit).")
    var maxPages: Int = ExtractionOptions().maxPages

    @Option(help: "A PDF page's text layer needs at least this many non-space characters.")
    var minChars: Int = TextLayerRule().minCharacters

    @Option(help: "A PDF page's text layer may have at most this share of unmapped glyphs (0-1).")
    var maxUnmappedRatio: Double = TextLayerRule().maxUnmappedRatio

    @Option(help: "A PDF page's text layer may have at most this share of glyph-code words (/31 /g8; 0-1).")
    var maxGlyphCodeRatio: Double = TextLayerRule().maxGlyphCodeRatio

    @Option(help: "A PDF page's text layer needs at least this share of dictionary words (0-1; 0: no test).")
    var minDictionaryRatio: Double = TextLayerRule().minDictionaryRatio

    @Flag(inversion: .prefixedNo, help: "Turn pages upright (0/90/180/270) by Tesseract's orientation detection.")
    var rotate = PreprocessingOptions().rotate

    @Option(help: "The orientation confidence a turn needs.")
    var rotateThreshold: Double = PreprocessingOptions().rotateThreshold

    @Flag(inversion: .prefixedNo, help: "Straighten skewed pages (Leptonica).")
    var deskew = PreprocessingOptions().deskew

    @Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "Resample page images whose text (median glyph) is under \(PreprocessingOptions().textHeight.minimum) or over \(PreprocessingOptions().textHeight.maximum) px high to \(PreprocessingOptions().textHeight.target) px."
        )
    )
    var resample = PreprocessingOptions().resample

    @Option(help: "Smooth page images with a 3x3 median filter before OCR: auto (speckled pages), always, never.")
    var denoise: PreprocessingOptions.Denoise = PreprocessingOptions().denoise

    @Flag(inversion: .prefixedNo, help: "Whiten underlines that text touches (form fields) before OCR.")
    var removeUnderlines = PreprocessingOptions().removeUnderlines

    @Option(
        help:
            "Page layout for OCR: auto (columns and reading order, Tesseract's PSM 3, with form labels joined to their values, and a fax it is unsure of read again as sparse text when that is surer), columns (PSM 3 as Tesseract reads it), single-block (PSM 6, faster) or sparse (PSM 11, every line found, read row by row, columns of prose one after the other: for faxed forms)."
    )
    var layout: ExtractionOptions.PageLayout = .auto

    @Option(help: "Tesseract's binarization: otsu, adaptive-otsu, sauvola.")
    var binarization: PreprocessingOptions.Binarization = PreprocessingOptions().binarization

    @Option(help: "Refuse images (and shrink page renders) over this many megapixels.")
    var maxMegapixels: Double = 250

    @Option(
        help:
            "The memory one worker's page may take, in MiB: bigger pages are rendered at a lower resolution (in bands), bigger images scaled down."
    )
    var memoryBudget: Int = ExtractionOptions().memoryBudgetMiB

    @Option(help: "Refuse files over this many MiB.")
    var maxFileMib: Int = 512

    @Option(help: "Password for encrypted PDFs.")
    var password: String?

    var options: ExtractionOptions {
        ExtractionOptions(
            languages: languages.split(whereSeparator: { $0 == "+" || $0 == "," }).map(String.init),
            tessdataPath: tessdata,
            renderDPI: dpi,
            assumedImageDPI: assumeDpi,
            textLayer: TextLayerRule(
                minCharacters: minChars,
                maxUnmappedRatio: maxUnmappedRatio,
                maxGlyphCodeRatio: maxGlyphCodeRatio,
                minDictionaryRatio: minDictionaryRatio
            ),
            ocrMode: ocr,
            maxImageMegapixels: maxMegapixels,
            maxFileBytes: maxFileMib << 20,
            memoryBudgetMiB: memoryBudget,
            password: password,
            preprocessing: PreprocessingOptions(
                rotate: rotate,
                rotateThreshold: rotateThreshold,
                deskew: deskew,
                resample: resample,
                denoise: denoise,
                removeUnderlines: removeUnderlines,
                binarization: binarization
            ),
            layout: layout,
            pageTimeoutSeconds: pageTimeout,
            documentTimeoutSeconds: documentTimeout,
            maxPages: maxPages
        )
    }
}

extension ExtractionOptions.OCRMode: ExpressibleByArgument {}
extension PreprocessingOptions.Binarization: ExpressibleByArgument {}
extension PreprocessingOptions.Denoise: ExpressibleByArgument {}
extension ExtractionOptions.PageLayout: ExpressibleByArgument {}
