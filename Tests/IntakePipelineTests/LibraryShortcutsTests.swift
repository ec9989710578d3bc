import CIntakeImage
import CLeptonica
import Foundation
import Glibc
import IntakeCore
import IntakePipeline
import IntakeTestSupport
import Testing

@testable import IntakeOCR

/// The shortcuts of LibraryShortcuts.c: Leptonica's, libpng's and libgomp's functions that
/// Tesseract calls, replaced by versions that must give the same results.
@Suite(.serialized)
struct LibraryShortcutsTests {
    /// Whether two bilevel images have the same pixels (Leptonica's `pixEqual`).
    private func same(_ a: UnsafeMutablePointer<PIX>, _ b: UnsafeMutablePointer<PIX>) -> Bool {
        var equal: Int32 = 0
        return pixEqual(a, b, &equal) == 0 && equal == 1
    }

    /// Ours against Leptonica's own on `image`; nil when they agree, else the case.
    private func compare(_ image: UnsafeMutablePointer<PIX>, _ hsize: Int32, _ vsize: Int32) -> String? {
        var ours = CIntakeImage_openBrick(image, hsize, vsize)
        var theirs = CIntakeImage_leptonicaOpenBrick(nil, image, hsize, vsize)
        defer {
            pixDestroy(&ours)
            pixDestroy(&theirs)
        }
        guard let ours, let theirs else { return "no image for \(hsize) × \(vsize)" }
        return same(ours, theirs)
            ? nil : "\(pixGetWidth(image)) × \(pixGetHeight(image)) image, \(hsize) × \(vsize) brick"
    }

    @Test func openingMatchesLeptonicaOnRandomImages() throws {
        var random = SeededGenerator(state: 2026)
        var failures: [String] = []
        for trial in 0..<1200 {
            let width = Int32.random(in: 1...300, using: &random)
            let height = Int32.random(in: 1...160, using: &random)
            let owner = LeptonicaPix(owning: try #require(pixCreate(width, height, 1)))
            let image = owner.pointer
            // Words of random bits, thinned (AND) or thickened (OR) for densities from 1/8 to 7/8;
            // odd trials also set bits past the width, which neither result may read as pixels.
            let words = Int(pixGetWpl(image))
            let data = try #require(pixGetData(image))
            let thinning = Int.random(in: -2...2, using: &random)
            let lastBits = trial % 2 == 1 ? UInt32.max : UInt32.max << (UInt32(words * 32) - UInt32(width))
            for index in 0..<(words * Int(height)) {
                var word = UInt32.random(in: 0...UInt32.max, using: &random)
                for _ in 0..<abs(thinning) {
                    let other = UInt32.random(in: 0...UInt32.max, using: &random)
                    word = thinning < 0 ? word & other : word | other
                }
                data[index] = index % words == words - 1 ? word & lastBits : word
            }
            var hsize = Int32.random(in: 1...90, using: &random)
            var vsize = Int32.random(in: 1...90, using: &random)
            switch trial % 3 {
            case 0: hsize = 1
            case 1: vsize = 1
            default: break
            }
            if let failure = compare(image, hsize, vsize) { failures.append(failure) }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    @Test func openingMatchesLeptonicaOnAPageWithTesseractsLineBricks() throws {
        let bytes = try Fixtures.bytes("scan-clean.png")
        let page = LeptonicaPix(
            owning: try #require(bytes.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) })
        )
        let bilevel = LeptonicaPix(owning: try #require(pixConvertTo1(page.pointer, 128)))
        // Tesseract's rule-line search at 300 dpi: a quarter inch each way, and its closing sizes.
        for (hsize, vsize) in [(1, 75), (75, 1), (1, 37), (37, 1), (3, 3), (33, 47)] as [(Int32, Int32)] {
            #expect(compare(bilevel.pointer, hsize, vsize) == nil)
        }
    }

    @Test func theLibrariesCallTheShortcuts() {
        #expect(CIntakeImage_shortcutsInstalled() == 1)
        #expect(CIntakeImage_shortcutsEnabled() == 1)
    }

    /// Leptonica's PNG writer, as Tesseract uses it for each line image.
    private func roundTrip(_ image: UnsafeMutablePointer<PIX>) throws -> (size: Int, same: Bool) {
        var data: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        try #require(pixWriteMem(&data, &size, image, Int32(IFF_PNG)) == 0)
        defer { lept_free(data) }
        let back = LeptonicaPix(owning: try #require(pixReadMem(data, size)))
        return (size, same(image, back.pointer))
    }

    @Test func pngLinesAreStoredLosslessly() throws {
        let bytes = try Fixtures.bytes("scan-clean.png")
        let page = LeptonicaPix(
            owning: try #require(bytes.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) })
        )
        var box: UnsafeMutablePointer<BOX>? = boxCreate(150, 200, 1600, 60)
        defer { boxDestroy(&box) }
        let clipped = LeptonicaPix(owning: try #require(pixClipRectangle(page.pointer, box, nil)))
        let line = clipped.pointer
        let raw = clipped.width * clipped.height

        let before = CIntakeImage_shortcutUses(CIntakeImageShortcutPNG)
        let stored = try roundTrip(line)
        #expect(stored.same)
        #expect(stored.size >= raw)
        #expect(CIntakeImage_shortcutUses(CIntakeImageShortcutPNG) > before)

        CIntakeImage_setShortcutsEnabled(0)
        defer { CIntakeImage_setShortcutsEnabled(1) }
        let compressed = try roundTrip(line)
        #expect(compressed.same)
        #expect(compressed.size < raw / 2)
    }

    /// Runs `count` sections through `GOMP_parallel_sections` as compiled OpenMP code does, and
    /// returns the section numbers handed out and whether each ran on the calling thread.
    private func sections(_ count: UInt32) -> [(section: UInt32, here: Bool)] {
        final class Log {
            var entries: [(UInt32, Bool)] = []
            let caller = pthread_self()
        }
        let log = Log()
        let body: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pointer in
            let log = Unmanaged<Log>.fromOpaque(pointer!).takeUnretainedValue()
            var section = GOMP_sections_next()
            while section != 0 {
                log.entries.append((section, pthread_equal(pthread_self(), log.caller) != 0))
                section = GOMP_sections_next()
            }
            GOMP_sections_end_nowait()
        }
        withExtendedLifetime(log) {
            GOMP_parallel_sections(body, Unmanaged.passUnretained(log).toOpaque(), 4, count, 0)
        }
        return log.entries
    }

    @Test(.enabled(if: TestEnvironment.hasTessdata && ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"] == "1"))
    func openMPSectionsRunInOrderOnTheCallingThread() throws {
        // libgomp comes with libtesseract.
        _ = TesseractEngine.tesseractVersion
        #expect(CIntakeImage_runsSectionsInline() == 1)
        let inline = sections(4)
        #expect(inline.map(\.section) == [1, 2, 3, 4])
        #expect(inline.allSatisfy { $0.here })

        // libgomp's own team of one hands out the same sections.
        CIntakeImage_setShortcutsEnabled(0)
        defer { CIntakeImage_setShortcutsEnabled(1) }
        #expect(CIntakeImage_runsSectionsInline() == 0)
        #expect(sections(4).map(\.section) == [1, 2, 3, 4])
    }

    @Test(.enabled(if: TestEnvironment.hasTessdata && TestEnvironment.hasOSD))
    func tesseractReadsThePageTheSameWithAndWithoutThem() async throws {
        let extractor = DocumentExtractor(options: ExtractionOptions())
        let bytes = try Fixtures.bytes("scan-clean.png")
        let openings = CIntakeImage_shortcutUses(CIntakeImageShortcutOpenBrick)
        let lines = CIntakeImage_shortcutUses(CIntakeImageShortcutPNG)
        let with = try await extractor.extract(bytes: bytes, name: "with.png")
        #expect(CIntakeImage_shortcutUses(CIntakeImageShortcutOpenBrick) > openings)
        #expect(CIntakeImage_shortcutUses(CIntakeImageShortcutPNG) > lines)
        if ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"] == "1" {
            #expect(CIntakeImage_shortcutUses(CIntakeImageShortcutSections) == 1)
        }

        CIntakeImage_setShortcutsEnabled(0)
        defer { CIntakeImage_setShortcutsEnabled(1) }
        let without = try await extractor.extract(bytes: bytes, name: "without.png")
        let text = try #require(with.pages.first?.text)
        #expect(text.count > 500)
        #expect(with.pages.map(\.text) == without.pages.map(\.text))
        #expect(with.pages.map(\.preprocessing) == without.pages.map(\.preprocessing))
    }
}
