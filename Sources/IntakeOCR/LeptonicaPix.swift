internal import CLeptonica
import IntakeCore

/// The one owner of a Leptonica `PIX`.
final class LeptonicaPix {
    private(set) var pointer: UnsafeMutablePointer<PIX>

    /// Takes ownership of a `PIX` returned by a Leptonica constructor ("returns pix, or NULL on error"
    /// and the caller owns the result).
    init(owning pointer: UnsafeMutablePointer<PIX>) {
        self.pointer = pointer
    }

    deinit {
        // pixDestroy "decrements the ref count and, if 0, destroys the pix"; it sets our pointer to NULL.
        var pix: UnsafeMutablePointer<PIX>? = pointer
        pixDestroy(&pix)
    }

    var width: Int { Int(pixGetWidth(pointer)) }
    var height: Int { Int(pixGetHeight(pointer)) }
    var depth: Int { Int(pixGetDepth(pointer)) }
    var xResolution: Int { Int(pixGetXRes(pointer)) }

    func setResolution(_ dpi: Int) {
        pixSetResolution(pointer, Int32(dpi), Int32(dpi))
    }

    /// Copies an 8-bit gray ``RasterImage`` into a new `PIX`.
    convenience init(_ image: RasterImage) throws(IntakeError) {
        guard let pix = pixCreate(Int32(image.width), Int32(image.height), 8) else {
            throw IntakeError(
                .ocrFailed,
                stage: .ocr,
                "Leptonica could not allocate a \(image.width) × \(image.height) image"
            )
        }
        self.init(owning: pix)
        let words = Int(pixGetWpl(pix))
        let data = pixGetData(pix)!
        image.pixels.withUnsafeBufferPointer { source in
            for y in 0..<image.height {
                CLeptonica_setLineBytes(
                    data + y * words,
                    source.baseAddress! + y * image.bytesPerRow,
                    Int32(image.width)
                )
            }
        }
        setResolution(image.dpi)
    }
}

@available(*, unavailable)
extension LeptonicaPix: Sendable {}
