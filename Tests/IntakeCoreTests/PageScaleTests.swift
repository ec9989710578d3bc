import IntakeCore
import Testing

/// The resolution and resampling decision, on measurements made up of boxes.
struct PageScaleTests {
    /// `count` glyph boxes `height` px high in rows over a `width` × `pageHeight` page, and
    /// `specks` one-pixel specks spread over the whole page.
    func measure(
        glyphHeight height: Int,
        count: Int = 400,
        specks: Int = 0,
        width: Int = 2400,
        pageHeight: Int = 3200
    ) -> TextMeasurement {
        var boxes: [(x: Int, y: Int, width: Int, height: Int)] = (0..<count).map {
            (x: 100 + ($0 % 40) * 50, y: 100 + ($0 / 40) * 3 * height, width: height * 2 / 3, height: height)
        }
        boxes += (0..<specks).map { (x: ($0 * 97) % width, y: ($0 * 131) % pageHeight, width: 1, height: 1) }
        return TextMeasurement(boxes: boxes, width: width, height: pageHeight)
    }

    func decide(stated: Int?, _ text: TextMeasurement, width: Int = 2400, height: Int = 3200) -> PageScale {
        PageScale.decide(
            stated: stated,
            rendered: nil,
            width: width,
            height: height,
            text: text,
            options: PreprocessingOptions(),
            assumed: nil,
            maxPixels: 250_000_000
        )
    }

    @Test func medianGlyphHeightIsTheTextHeight() {
        let text = measure(glyphHeight: 24)
        #expect(text.textHeight == 24)
        #expect(text.glyphs == 400)
        #expect(measure(glyphHeight: 24, count: 10).textHeight == nil)
    }

    @Test func aStatedResolutionTheTextAgreesWithIsBelieved() {
        let scale = decide(stated: 300, measure(glyphHeight: 24))
        #expect(scale == PageScale(dpi: 300, source: .stated, factor: 1))
    }

    @Test(arguments: [72, 96])
    func aStatedResolutionTheTextContradictsIsReplacedByTheEstimate(_ stated: Int) {
        let scale = decide(stated: stated, measure(glyphHeight: 24))
        #expect(scale.source == .estimated)
        #expect(scale.dpi == 288)
        #expect(scale.factor == 1)
        #expect(scale.doubt?.contains("states \(stated) dpi") == true)
    }

    @Test func aPageWiderThanAPosterIsNotBelievedEvenWithoutText() {
        let blank = measure(glyphHeight: 24, count: 0)
        #expect(decide(stated: 72, blank, width: 6000, height: 8000).source == .assumed)
        #expect(decide(stated: 72, blank, width: 6000, height: 8000).dpi == nil)
        #expect(decide(stated: 300, blank).source == .stated)
        #expect(decide(stated: nil, blank).source == .assumed)
    }

    @Test func onlyTextOutsideTheRangeIsResampled() {
        #expect(decide(stated: 300, measure(glyphHeight: 12)).factor == 1)
        let large = decide(stated: nil, measure(glyphHeight: 60))
        #expect(abs(large.factor - 0.4) < 0.001)
        #expect(large.dpi == Int((720 * 0.4).rounded()))
        let tiny = decide(stated: nil, measure(glyphHeight: 4))
        #expect(tiny.factor == PageScale.maxUpsampling)
    }

    @Test func noiseOverTheWholeSheetIsNoisyAndDotsInOnePlaceAreNot() {
        #expect(!DenoiseRule.isNoisy(measure(glyphHeight: 24)))
        #expect(DenoiseRule.isNoisy(measure(glyphHeight: 24, specks: 4000)))
        // The same specks on small print: the filter would take its strokes.
        #expect(!DenoiseRule.isNoisy(measure(glyphHeight: 9, specks: 4000)))
        var clustered = measure(glyphHeight: 24)
        clustered = TextMeasurement(
            boxes: (0..<400).map { (x: 100 + ($0 % 40) * 50, y: 100 + ($0 / 40) * 72, width: 16, height: 24) }
                + (0..<4000).map { (x: ($0 % 60) * 5, y: ($0 / 60) * 5, width: 1, height: 1) },
            width: 2400,
            height: 3200
        )
        #expect(clustered.specks == 4000)
        #expect(!DenoiseRule.isNoisy(clustered))
    }

    @Test func anUnderlineIsALineTextTouchesAlongAWord() {
        let height = 8.0
        let field = UnderlineRule.Rule(width: 400, pieces: 30, touchedColumns: 180, darkness: 0.25)
        #expect(UnderlineRule.isUnderline(field, textHeight: height))
        // The same rule with a vertical rule at one end: a box's or a table row's edge.
        var edge = field
        edge.framed = true
        #expect(!UnderlineRule.isUnderline(edge, textHeight: height))
        // A table border that three cell borders and a blot touch, along a few pixels.
        let border = UnderlineRule.Rule(width: 1449, pieces: 5, touchedColumns: 15, darkness: 0.1)
        #expect(!UnderlineRule.isUnderline(border, textHeight: 20))
        // Two glyphs on a line, or a word's worth touched by only two pieces.
        #expect(
            !UnderlineRule.isUnderline(
                .init(width: 400, pieces: 2, touchedColumns: 180, darkness: 0.2),
                textHeight: height
            )
        )
        #expect(
            !UnderlineRule.isUnderline(
                .init(width: 400, pieces: 30, touchedColumns: 20, darkness: 0.2),
                textHeight: height
            )
        )
        // A line inside a logo: black all around it.
        #expect(
            !UnderlineRule.isUnderline(
                .init(width: 227, pieces: 4, touchedColumns: 127, darkness: 0.77),
                textHeight: 29
            )
        )
        #expect(UnderlineRule.length(textHeight: height) == 32)
        #expect(UnderlineRule.thickness(textHeight: height) == 4)
        #expect(UnderlineRule.thickness(textHeight: 2) == 3)
    }
}
