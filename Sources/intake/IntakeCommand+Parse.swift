public import ArgumentParser
import Foundation
import IntakeCore
public import IntakeText

extension IntakeCommand {
    /// `intake parse FILE|-`: the posting parser on a text file or standard input.
    struct Parse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Normalise a text file (or standard input) and print the parsed posting as JSON.",
            discussion:
                "Form feeds (U+000C) in the text separate pages. Evidence spans are Unicode-scalar offsets into \"text\"."
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var posting: PostingArguments

        @Argument(help: "A UTF-8 text file, or '-' for standard input.")
        var file: String

        @Option(help: .hidden)
        var repeatCount: Int = 1

        func run() async throws {
            _ = global.bootstrapLogging()
            let data: Data
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: file) else {
                    printError("\(file): cannot read the file")
                    throw ExitCode(66)
                }
                data = contents
            }
            let text = String(decoding: data, as: UTF8.self)
            let parser = try PostingParser(options: posting.options())
            let pages = text.components(separatedBy: "\u{0C}")
            if repeatCount > 1 {
                // `--repeat-count N` (for `make accuracy`): the parse timed N times, the median
                // and the slowest on standard error.
                var times: [Double] = []
                for _ in 0..<repeatCount {
                    let clock = ContinuousClock.now
                    _ = parser.parse(pages: pages)
                    let elapsed = (ContinuousClock.now - clock).components
                    times.append(Double(elapsed.seconds) * 1e3 + Double(elapsed.attoseconds) / 1e15)
                }
                times.sort()
                let line = String(
                    format: "parse: median %.3f ms, max %.3f ms over %d runs\n",
                    times[times.count / 2],
                    times.last!,
                    times.count
                )
                FileHandle.standardError.write(Data(line.utf8))
            }
            let parsed = parser.parse(pages: pages)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let output = try encoder.encode(ParseOutput(text: parsed.text, posting: parsed.posting))
            FileHandle.standardOutput.write(output + Data("\n".utf8))
        }
    }
}

/// What `intake parse` prints.
struct ParseOutput: Encodable {
    var text: String
    var posting: JobPosting
}

/// Options of the posting parser.
struct PostingArguments: ParsableArguments {
    @Option(help: "How to read dates like 4/02/2026: month-first or day-first.")
    var dateOrder: DateParser.NumericOrder = .monthFirst

    @Option(help: "The document's date (YYYY-MM-DD), for relative dates such as 'Posted 3 days ago'.")
    var documentDate: String?

    @Option(help: "A skills file (config/skills.txt format) whose entries are added to the built-in vocabulary.")
    var skills: String?

    func options() throws -> PostingParserOptions {
        var vocabulary = SkillVocabulary.builtIn
        if let skills {
            guard let text = try? String(contentsOfFile: skills, encoding: .utf8) else {
                throw ValidationError("cannot read the skills file \(skills)")
            }
            vocabulary.add(parsing: text)
        }
        var date: CalendarDate?
        if let documentDate {
            let parts = documentDate.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, let parsed = CalendarDate(year: parts[0], month: parts[1], day: parts[2]) else {
                throw ValidationError("--document-date must be a date as YYYY-MM-DD")
            }
            date = parsed
        }
        return PostingParserOptions(numericDateOrder: dateOrder, documentDate: date, skills: vocabulary)
    }
}

extension DateParser.NumericOrder: ExpressibleByArgument {}
