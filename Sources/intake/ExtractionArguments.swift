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

    @Option(help: "Resolution assumed for images that do not state one.")
    var assumeDpi: Int = 300

    @Option(help: "A PDF page's text layer needs at least this many non-space characters.")
    var minChars: Int = TextLayerRule().minCharacters

    @Option(help: "A PDF page's text layer may have at most this share of unmapped glyphs (0-1).")
    var maxUnmappedRatio: Double = TextLayerRule().maxUnmappedRatio

    @Option(help: "Refuse images (and shrink page renders) over this many megapixels.")
    var maxMegapixels: Double = 250

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
            textLayer: TextLayerRule(minCharacters: minChars, maxUnmappedRatio: maxUnmappedRatio),
            ocrMode: ocr,
            maxImageMegapixels: maxMegapixels,
            maxFileBytes: maxFileMib << 20,
            password: password
        )
    }
}

extension ExtractionOptions.OCRMode: ExpressibleByArgument {}
