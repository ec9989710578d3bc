import Foundation

/// Paths of the test fixtures, found from this file's location (as swift-nio's tests do), so
/// every test target shares one `Tests/IntakePipelineTests/Fixtures` folder.
public enum Fixtures {
    /// The fixtures folder.
    public static let folder: String = {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("IntakePipelineTests/Fixtures").path
    }()

    /// The package's root folder.
    public static let packageRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    /// The path of fixture `name`.
    public static func path(_ name: String) -> String {
        (folder as NSString).appendingPathComponent(name)
    }

    /// The contents of fixture `name`.
    public static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    /// The expected text of fixture `name` (`expected/NAME.txt`, name without extension).
    public static func expectedText(_ name: String) throws -> String {
        let base = (name as NSString).deletingPathExtension
        return try String(contentsOfFile: path("expected/\(base).txt"), encoding: .utf8)
    }
}

/// Facts about the machine tests run on.
public enum TestEnvironment {
    /// Whether Tesseract's English model is installed, so OCR tests can run.
    public static let hasTessdata = hasModel("eng")

    /// Whether Tesseract's orientation model (tesseract-ocr-osd) is installed too.
    public static let hasOSD = hasModel("osd")

    /// Whether `NAME.traineddata` is in `TESSDATA_PREFIX` or one of Debian's tessdata folders.
    private static func hasModel(_ name: String) -> Bool {
        let candidates =
            [ProcessInfo.processInfo.environment["TESSDATA_PREFIX"]].compactMap { $0 } + [
                "/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata",
            ]
        return candidates.contains {
            FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("\(name).traineddata"))
        }
    }

    /// The `intake` executable next to the test bundle (`swift build` puts both in one folder).
    public static let intakeBinary: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("intake").path
    }()

    /// The tests' Python, with prometheus-client (scripts/test-venv.sh makes it; the test
    /// command passes it in `$INTAKE_TEST_PYTHON`), else `.venv-test` when it exists.
    public static let testPython: String? = {
        [ProcessInfo.processInfo.environment["INTAKE_TEST_PYTHON"], Fixtures.packageRoot + "/.venv-test/bin/python"]
            .compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
}
