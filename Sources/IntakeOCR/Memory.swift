internal import CIntakeImage
internal import CIntakeLinux
import Foundation
import Glibc

/// Gives freed page buffers back to the system when the process holds more than it needs.
///
/// A page leaves tens of MB of freed buffers in its thread's malloc arena, and glibc keeps them
/// for reuse; with several engines the arenas add up. Measured over the benchmark's page images
/// with 2 engines: peak 398 MB when left alone, 311 MB with `malloc_trim` after every page — but
/// trimming every page cost a few per cent of throughput (it locks every arena, and the next page
/// faults the memory back in), and a fixed 1 MiB mmap threshold cost 15 %. So the pool trims only
/// when the resident size passes a budget, and so does a worker after rendering a PDF page (a
/// 35 MB colour surface).
///
/// Page images are prefaulted (``prefaultPageImages()``): measured over the benchmark's 8 clean
/// page images with 2 engines, that halved system time (2.0 s to 0.9 s, the same as two
/// tesseract processes) and took about 8 % off the wall time.
public enum Memory {
    private static let prefaulting: Void = CIntakeImage_prefaultPixMemory()

    /// Has Leptonica allocate image data in one go instead of a page fault at a time (once per
    /// process; idempotent). Two engines in one process share one address space, so every fault
    /// that replaces a mapped page interrupts the other core for a TLB shootdown; two tesseract
    /// processes never pay that.
    static func prefaultPageImages() {
        _ = prefaulting
    }

    /// Resident bytes (from `/proc/self/statm`), or `nil` when it cannot be read.
    static func residentBytes() -> Int? {
        // "size resident shared text lib data dt", in pages.
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The budget for a pool of `engines`: about 100 MB for the libraries and the first model,
    /// 50 MB for each engine's model and page. Over it, every page ends with a trim; under it,
    /// none does.
    public static func budget(engines: Int) -> Int {
        (100 + 50 * engines) << 20
    }

    /// Returns free memory to the system if the process holds more than `budget` bytes.
    public static func trimIfOver(_ budget: Int) {
        guard let resident = residentBytes(), resident > budget else { return }
        _ = CIntakeLinux_malloc_trim()
    }
}
