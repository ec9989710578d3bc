import IntakeFuzzDriver
import IntakeFuzzing

/// The posting parser on each input, as UTF-8 text (invalid bytes replaced), pages split at
/// form feeds (scripts/fuzz.sh parser).
@_cdecl("ParserFuzzer_main")
func parserFuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzDriver.run(argc, argv) { data, size in
        FuzzEntry.parse(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
}
