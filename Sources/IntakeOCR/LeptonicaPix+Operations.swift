internal import CIntakeImage
internal import CLeptonica
import Foundation

/// The Leptonica operations page preprocessing uses. Each returns a new image (the caller's to
/// own) or `nil` when Leptonica refuses (it returns NULL on allocation failure or bad input);
/// the preprocessor then keeps the image it had.
extension LeptonicaPix {
    /// Takes ownership of a `PIX` an operation on this image returned (`nil` when it returned
    /// NULL), with this image's resolution.
    func owned(_ pointer: UnsafeMutablePointer<PIX>?) -> LeptonicaPix? {
        guard let pointer else { return nil }
        // Not every operation copies the resolution; Tesseract and the steps after need it.
        pixCopyResolution(pointer, self.pointer)
        return LeptonicaPix(owning: pointer)
    }

    /// Whether the image is 8-bit gray without a colour map.
    var isPlainGray: Bool { depth == 8 && pixGetColormap(pointer) == nil }

    /// The image as 8-bit gray (colour by luminance, bilevel and colour-mapped expanded).
    func grayscaled() -> LeptonicaPix? {
        // cmapflag 0: a colour map is removed to gray.
        owned(pixConvertTo8(pointer, 0))
    }

    /// The image scaled by `factor` (8-bit gray: linear interpolation up, area mapping down).
    func scaled(by factor: Double) -> LeptonicaPix? {
        guard let result = owned(pixScale(pointer, Float(factor), Float(factor))) else { return nil }
        let dpi = Int((Double(xResolution) * factor).rounded())
        result.setResolution(dpi)
        return result
    }

    /// Scaled to `width` × `height` pixels (each side by its own factor), the resolution by the
    /// width's factor.
    func scaled(toWidth width: Int, height: Int) -> LeptonicaPix? {
        guard let result = owned(pixScaleToSize(pointer, Int32(width), Int32(height))) else { return nil }
        result.setResolution(Int((Double(xResolution) * Double(width) / Double(self.width)).rounded()))
        return result
    }

    /// Twice the size, each pixel repeated (no interpolation: edges stay as sharp as they came).
    func doubledByReplication() -> LeptonicaPix? {
        guard let result = owned(pixExpandReplicate(pointer, 2)) else { return nil }
        result.setResolution(xResolution * 2)
        return result
    }

    /// Half the size, by area mapping (fast and smooth; for orientation and skew detection).
    func halved() -> LeptonicaPix? {
        guard let result = owned(pixScaleAreaMap2(pointer)) else { return nil }
        result.setResolution(xResolution / 2)
        return result
    }

    /// The middle `fraction` of the image's width and height.
    func centre(_ fraction: Double) -> LeptonicaPix? {
        let w = Int32(Double(width) * fraction)
        let h = Int32(Double(height) * fraction)
        guard w > 0, h > 0, let box = boxCreate((Int32(width) - w) / 2, (Int32(height) - h) / 2, w, h) else {
            return nil
        }
        var owned: UnsafeMutablePointer<BOX>? = box
        defer { boxDestroy(&owned) }
        return self.owned(pixClipRectangle(pointer, box, nil))
    }

    /// The image turned clockwise by `quadrants` × 90°.
    func rotatedOrthogonally(_ quadrants: Int) -> LeptonicaPix? {
        owned(pixRotateOrth(pointer, Int32(quadrants)))
    }

    /// The image turned by `degrees` (positive: clockwise) about its centre, the size kept, the
    /// corners brought in white. Area mapping: slower than shear, but it keeps strokes smooth.
    func rotated(degrees: Double) -> LeptonicaPix? {
        let radians = Float(degrees * .pi / 180)
        return owned(pixRotate(pointer, radians, Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_WHITE), 0, 0))
    }

    /// The gray level pages are measured at: pixels darker are black.
    static let measuringThreshold = 130

    /// A bilevel copy (pixels darker than `threshold` of 255 are black), for measuring the page.
    func bilevel(threshold: Int = measuringThreshold) -> LeptonicaPix? {
        depth == 1 ? self : owned(pixConvertTo1(pointer, Int32(threshold)))
    }

    /// The gray level that splits this 8-bit image's histogram into ink and paper by Otsu's
    /// method (Leptonica's `pixSplitDistributionFgBg`): pixels darker are ink. `nil` for other
    /// depths, or when the two classes' means are less than ``minInkContrast`` apart (a blank
    /// page's paper grain, not ink).
    func otsuThreshold() -> Int? {
        guard depth == 8 else { return nil }
        var threshold: Int32 = 0
        var ink: Int32 = 0
        var paper: Int32 = 0
        // Sampling every factor-th pixel of every factor-th line: about a million pixels.
        let factor = max(1, Int((Double(width) * Double(height) / 1_000_000).squareRoot()))
        guard pixSplitDistributionFgBg(pointer, 0, Int32(factor), &threshold, &ink, &paper, nil) == 0,
            paper - ink >= Self.minInkContrast
        else { return nil }
        // "thresh: threshold between fg and bg": levels up to it are ink.
        return Int(threshold) + 1
    }

    /// Ink and paper differ by at least this many gray levels (faint thermal print: about 55).
    static let minInkContrast: Int32 = 32

    /// The bounding boxes of the 8-connected black components of a bilevel image.
    func componentBoxes() -> [(x: Int, y: Int, width: Int, height: Int)] {
        guard depth == 1, let boxes = pixConnCompBB(pointer, 8) else { return [] }
        // pixConnCompBB: "Return: boxa, or NULL on error"; the caller owns it (boxaDestroy).
        var owned: UnsafeMutablePointer<BOXA>? = boxes
        defer { boxaDestroy(&owned) }
        let count = boxaGetCount(boxes)
        var result: [(x: Int, y: Int, width: Int, height: Int)] = []
        result.reserveCapacity(Int(count))
        var x: Int32 = 0
        var y: Int32 = 0
        var w: Int32 = 0
        var h: Int32 = 0
        for index in 0..<count where boxaGetBoxGeometry(boxes, index, &x, &y, &w, &h) == 0 {
            result.append((Int(x), Int(y), Int(w), Int(h)))
        }
        return result
    }

    /// The skew of the text lines of a bilevel image, in degrees, with Leptonica's confidence (a
    /// ratio of the best line-alignment score to the worst; under about 3 it is a guess). `nil`
    /// when none is found. Swept over ±7°, then refined by bisection (`pixFindSkew`).
    func skew() -> (angle: Double, confidence: Double)? {
        var angle: Float = 0
        var confidence: Float = 0
        guard depth == 1, pixFindSkew(pointer, &angle, &confidence) == 0 else { return nil }
        return (Double(angle), Double(confidence))
    }

    /// The 8-bit gray image through a 3 × 3 median filter (salt-and-pepper and scanner noise go,
    /// strokes stay sharp).
    func medianFiltered() -> LeptonicaPix? {
        owned(CIntakeImage_median3x3(pointer))
    }

}
