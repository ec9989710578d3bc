import Foundation
public import IntakeCore

/// Finds Tesseract's language data.
public enum Tessdata {
    /// Where Debian, Ubuntu and most distributions put `tessdata`, newest first.
    public static let wellKnownFolders = [
        "/usr/share/tesseract-ocr/5/tessdata",
        "/usr/share/tesseract-ocr/4.00/tessdata",
        "/usr/share/tessdata",
        "/usr/local/share/tessdata",
    ]

    /// The `tessdata` folder: `explicit` when given, else `$TESSDATA_PREFIX`, else the first
    /// of ``wellKnownFolders`` that exists.
    ///
    /// - Throws: ``IntakeError`` `language_missing` when no folder is found.
    public static func locate(explicit: String?) throws(IntakeError) -> String {
        if let explicit {
            return explicit
        }
        if let prefix = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"], !prefix.isEmpty {
            // Tesseract accepts TESSDATA_PREFIX as the tessdata folder itself or as its parent.
            let nested = (prefix as NSString).appendingPathComponent("tessdata")
            if !FileManager.default.fileExists(atPath: (prefix as NSString).appendingPathComponent("eng.traineddata")),
                FileManager.default.fileExists(atPath: nested)
            {
                return nested
            }
            return prefix
        }
        for folder in wellKnownFolders where FileManager.default.fileExists(atPath: folder) {
            return folder
        }
        throw IntakeError(
            .languageMissing,
            stage: .configure,
            "no Tesseract language data found: set TESSDATA_PREFIX or install tesseract-ocr-eng (looked in \(wellKnownFolders.joined(separator: ", ")))"
        )
    }

    /// The languages whose `LANG.traineddata` is in `folder`, sorted.
    public static func availableLanguages(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".traineddata") }.map { String($0.dropLast(".traineddata".count)) }.sorted()
    }

    /// Checks that every language in `languages` has a model in `folder`.
    ///
    /// - Throws: ``IntakeError`` `language_missing` naming the missing languages, the folder,
    ///   what is there, and the Debian package to install.
    public static func requireLanguages(_ languages: [String], in folder: String) throws(IntakeError) {
        let available = Set(availableLanguages(in: folder))
        let missing = languages.filter { !available.contains($0) }
        guard missing.isEmpty else {
            let packages = missing.map { "tesseract-ocr-\($0.replacingOccurrences(of: "_", with: "-"))" }
            throw IntakeError(
                .languageMissing,
                stage: .configure,
                "OCR language \(missing.joined(separator: ", ")) is not installed in \(folder) (available: \(available.sorted().joined(separator: ", "))); install \(packages.joined(separator: " ")) or set TESSDATA_PREFIX"
            )
        }
    }
}
