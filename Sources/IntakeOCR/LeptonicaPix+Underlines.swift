internal import CLeptonica
import IntakeCore

extension LeptonicaPix {
    /// The 8-bit gray page with the underlines text touches whitened (``UnderlineRule``), and how
    /// many there were; `nil` when there were none (or Leptonica refused a step).
    ///
    /// On the bilevel page: the long thin horizontal runs are the rules (filled areas and the
    /// vertical rules are set apart), the components that hold a rule minus all rules are what
    /// touches them, and of those only glyph-sized pieces count. Each rule is measured and
    /// judged on its own. `bilevel`, when given, is this image's ``bilevel()`` already made.
    func removingUnderlines(textHeight: Double, bilevel: LeptonicaPix? = nil) -> (image: LeptonicaPix, count: Int)? {
        guard depth == 8, textHeight >= 1, let bin = bilevel ?? self.bilevel() else { return nil }
        let length = Int32(UnderlineRule.length(textHeight: textHeight))
        let thickness = Int32(UnderlineRule.thickness(textHeight: textHeight))
        guard let rules = owned(pixOpenBrick(nil, bin.pointer, length, 1)), !rules.isEmpty,
            let filled = owned(pixOpenBrick(nil, rules.pointer, 1, thickness)),
            pixSubtract(rules.pointer, rules.pointer, filled.pointer) != nil, !rules.isEmpty,
            let vertical = owned(pixOpenBrick(nil, bin.pointer, 1, length)),
            let allRules = owned(pixOr(nil, rules.pointer, vertical.pointer)),
            pixOr(allRules.pointer, allRules.pointer, filled.pointer) != nil,
            let nearRules = owned(pixDilateBrick(nil, allRules.pointer, 3, 3)),
            let holding = owned(pixSeedfillBinary(nil, rules.pointer, bin.pointer, 8)),
            let touching = owned(pixSubtract(nil, holding.pointer, nearRules.pointer)),
            let pieces = touching.glyphSizedPieces(textHeight: textHeight)
        else { return nil }

        var pixa: UnsafeMutablePointer<PIXA>?
        guard let boxes = pixConnComp(rules.pointer, &pixa, 8) else { return nil }
        var ownedBoxes: UnsafeMutablePointer<BOXA>? = boxes
        defer {
            boxaDestroy(&ownedBoxes)
            pixaDestroy(&pixa)
        }
        let count = boxaGetCount(boxes)
        guard let indicator = numaCreate(count) else { return nil }
        var ownedIndicator: UnsafeMutablePointer<NUMA>? = indicator
        defer { numaDestroy(&ownedIndicator) }
        var removed = 0
        var x: Int32 = 0
        var y: Int32 = 0
        var w: Int32 = 0
        var h: Int32 = 0
        let band = Int32(textHeight.rounded(.up))
        for index in 0..<count {
            var underline = false
            if boxaGetBoxGeometry(boxes, index, &x, &y, &w, &h) == 0 {
                let touched = pieces.region(x: x, y: y - 3, width: w, height: h + 6)
                let around = bin.region(x: x, y: y - band, width: w, height: h + 2 * band)
                let ends = [x - band, x + w - band].map {
                    vertical.region(x: max(0, $0), y: y - band, width: 2 * band, height: h + 2 * band)
                }
                let rule = UnderlineRule.Rule(
                    width: Int(w),
                    pieces: touched?.componentCount ?? 0,
                    touchedColumns: touched?.occupiedColumns ?? 0,
                    darkness: around?.blackFraction ?? 1,
                    framed: ends.contains { $0.map { !$0.isEmpty } ?? false }
                )
                underline = UnderlineRule.isUnderline(rule, textHeight: textHeight)
            }
            numaAddNumber(indicator, underline ? 1 : 0)
            if underline { removed += 1 }
        }
        guard removed > 0,
            let chosen = pixaSelectWithIndicator(pixa, indicator, nil).map(OwnedPixa.init),
            let mask = owned(pixaDisplay(chosen.pointer, pixGetWidth(pointer), pixGetHeight(pointer))),
            let widened = owned(pixDilateBrick(nil, mask.pointer, 1, 3)),
            let result = owned(pixCopy(nil, pointer)),
            pixSetMasked(result.pointer, widened.pointer, 255) == 0
        else { return nil }
        return (result, removed)
    }

    /// Components of a bilevel image at least ``UnderlineRule/minPiece`` text heights high or
    /// wide and at most ``UnderlineRule/maxPieceWidth`` × ``UnderlineRule/maxPieceHeight``.
    private func glyphSizedPieces(textHeight: Double) -> LeptonicaPix? {
        let smallest = Int32(max(2, UnderlineRule.minPiece * textHeight))
        guard
            let big = owned(
                pixSelectBySize(pointer, smallest, smallest, 8, Int32(L_SELECT_IF_EITHER), Int32(L_SELECT_IF_GTE), nil)
            )
        else { return nil }
        return owned(
            pixSelectBySize(
                big.pointer,
                Int32(UnderlineRule.maxPieceWidth * textHeight),
                Int32(UnderlineRule.maxPieceHeight * textHeight),
                8,
                Int32(L_SELECT_IF_BOTH),
                Int32(L_SELECT_IF_LTE),
                nil
            )
        )
    }

    /// The part of the image inside the rectangle (clipped to the image), `nil` when none is.
    private func region(x: Int32, y: Int32, width: Int32, height: Int32) -> LeptonicaPix? {
        let top = max(0, y)
        let bottom = min(pixGetHeight(pointer), y + height)
        guard bottom > top, width > 0, let box = boxCreate(x, top, width, bottom - top) else { return nil }
        var owned: UnsafeMutablePointer<BOX>? = box
        defer { boxDestroy(&owned) }
        return self.owned(pixClipRectangle(pointer, box, nil))
    }

    private var isEmpty: Bool {
        var empty: Int32 = 1
        pixZero(pointer, &empty)
        return empty != 0
    }

    private var componentCount: Int {
        var count: Int32 = 0
        pixCountConnComp(pointer, 8, &count)
        return Int(count)
    }

    /// Columns holding at least one black pixel.
    private var occupiedColumns: Int {
        guard let counts = pixCountPixelsByColumn(pointer) else { return 0 }
        var owned: UnsafeMutablePointer<NUMA>? = counts
        defer { numaDestroy(&owned) }
        var occupied = 0
        var value: Int32 = 0
        for column in 0..<numaGetCount(counts) where numaGetIValue(counts, column, &value) == 0 && value > 0 {
            occupied += 1
        }
        return occupied
    }

    private var blackFraction: Double {
        var fraction: Float = 0
        pixForegroundFraction(pointer, &fraction)
        return Double(fraction)
    }
}

/// The one owner of a Leptonica `PIXA`.
private final class OwnedPixa {
    let pointer: UnsafeMutablePointer<PIXA>
    init(_ pointer: UnsafeMutablePointer<PIXA>) { self.pointer = pointer }
    deinit {
        var pixa: UnsafeMutablePointer<PIXA>? = pointer
        pixaDestroy(&pixa)
    }
}
