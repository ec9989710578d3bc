import ArgumentParser
import Foundation
import Glibc
import IntakeCore
import IntakeOCR
import IntakePipeline
import IntakePosix
import Logging

extension IntakeCommand {
    /// `intake worker`: the child process `intake run` and `intake watch` read documents in.
    ///
    /// It reads ``WorkerProtocol`` frames on its standard input and answers each on its standard
    /// output; anything else that would go to standard output (a library's message) goes to
    /// standard error. It ends at end of input, or when its parent is gone.
    struct Worker: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read documents for a supervising intake process (started by intake run and intake watch).",
            shouldDisplay: false
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: "Data-segment limit in MiB (RLIMIT_DATA): allocations past it fail.")
        var dataLimitMib: Int?

        func run() async throws {
            let logger = global.bootstrapLogging()
            // The protocol keeps its own copies of fds 0 and 1; fd 1 then points at stderr.
            let input = dup(0)
            let output = dup(1)
            let null = open("/dev/null", O_RDONLY)
            dup2(null, 0)
            close(null)
            dup2(2, 1)
            if let dataLimitMib {
                var limit = rlimit(rlim_cur: rlim_t(dataLimitMib) << 20, rlim_max: rlim_t(dataLimitMib) << 20)
                setrlimit(__rlimit_resource_t(RLIMIT_DATA.rawValue), &limit)
            }
            // Of this worker and its supervisor, the kernel's OOM killer should take the worker.
            try? "500".write(toFile: "/proc/self/oom_score_adj", atomically: false, encoding: .ascii)
            Self.leaveWithParent()
            LibraryDiagnostics.preloadTesseract()
            LibraryDiagnostics.route(to: logger)
            var session = WorkerSession(logger: logger)
            while let (header, payload) = Self.readFrame(input) {
                guard let request = try? JSONDecoder().decode(WorkerProtocol.Request.self, from: Data(header)) else {
                    logger.error("unreadable request; the worker stops")
                    throw ExitCode(65)
                }
                guard let answer = await session.handle(request, payload) else { continue }
                guard Self.writeAll(output, answer) else { return }
            }
        }

        /// Ends this process when its parent is gone (it was killed): a document in hand would
        /// otherwise be read to its end for nobody.
        static func leaveWithParent() {
            let parent = getppid()
            Thread.detachNewThread {
                while getppid() == parent { sleep(1) }
                _exit(0)
            }
        }

        static func readFrame(_ descriptor: Int32) -> (header: [UInt8], payload: [UInt8])? {
            guard let lengths = readExactly(descriptor, 8) else { return nil }
            let header = Int(lengths[0..<4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            let payload = Int(lengths[4..<8].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            guard header + payload <= WorkerProtocol.FrameReader.maxFrameBytes,
                let headerBytes = readExactly(descriptor, header), let payloadBytes = readExactly(descriptor, payload)
            else { return nil }
            return (headerBytes, payloadBytes)
        }

        static func readExactly(_ descriptor: Int32, _ count: Int) -> [UInt8]? {
            var bytes = [UInt8](repeating: 0, count: count)
            var offset = 0
            while offset < count {
                let read = bytes.withUnsafeMutableBytes {
                    Glibc.read(descriptor, $0.baseAddress! + offset, count - offset)
                }
                if read < 0 && errno == EINTR { continue }
                guard read > 0 else { return nil }
                offset += read
            }
            return bytes
        }

        static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { return false }
                    offset += written
                }
                return true
            }
        }
    }
}

/// One worker process's state: its extractor, made when the configuration arrives.
struct WorkerSession {
    let logger: Logger
    private var worker: ExtractionWorker?
    private var options = ExtractionOptions()
    private let fault = WorkerFault(environment: ProcessInfo.processInfo.environment)

    init(logger: Logger) {
        self.logger = logger
    }

    /// The answer frame to `request`; `nil` for the configuration, which has none.
    mutating func handle(_ request: WorkerProtocol.Request, _ payload: [UInt8]) async -> [UInt8]? {
        switch request.kind {
        case .configure:
            guard let configuration = try? JSONDecoder().decode(WorkerProtocol.Configuration.self, from: Data(payload))
            else { return nil }
            options = configuration.extraction
            // One engine: one worker process per core does the parallel work.
            worker = ExtractionWorker(
                index: 0,
                options: options,
                pool: OCRPool(size: 1, options: options),
                parserOptions: configuration.parserOptions,
                logger: logger
            )
            return nil
        case .check:
            let verdict = StructureCheck.check(bytes: payload, options: options)
            switch verdict {
            case .complete: return WorkerProtocol.frame(header: WorkerProtocol.Response(kind: "complete"))
            case .incomplete(let reason):
                return WorkerProtocol.frame(header: WorkerProtocol.Response(kind: "incomplete", reason: reason))
            }
        case .extract:
            let worker = self.worker ?? ExtractionWorker(index: 0, options: options, logger: logger)
            self.worker = worker
            let source = request.source ?? SourceInfo(path: "", fileName: "")
            fault.strike(name: source.fileName)
            let file = DocumentBytes(
                bytes: payload,
                id: request.id.flatMap(ContentHash.init(hex:)) ?? ContentHash(of: payload),
                source: source,
                readMs: request.readMs ?? 0
            )
            let document = await worker.extract(file, revision: request.revision ?? 1)
            let kind = if case .document = document.line { "document" } else { "error" }
            return WorkerProtocol.frame(header: WorkerProtocol.Response(kind: kind), payload: document.json)
        }
    }
}

/// A test hook: `INTAKE_TEST_WORKER_FAULT=ACTION:MARK[,ACTION:MARK…]` makes a worker misbehave on
/// every document whose file name contains MARK, so that tests can see the supervisor cope.
/// ACTION is `kill` (SIGKILL itself), `segv` (SIGSEGV), `hang` (sleep forever) or `hog` (allocate
/// and touch memory until stopped). Unset, it does nothing.
struct WorkerFault {
    var faults: [(action: String, mark: String)] = []

    init(environment: [String: String]) {
        for entry in (environment["INTAKE_TEST_WORKER_FAULT"] ?? "").split(separator: ",") {
            guard let colon = entry.firstIndex(of: ":"), entry.index(after: colon) < entry.endIndex else { continue }
            faults.append((String(entry[..<colon]), String(entry[entry.index(after: colon)...])))
        }
    }

    func strike(name: String) {
        guard let action = faults.first(where: { name.contains($0.mark) })?.action else { return }
        switch action {
        case "kill": raise(SIGKILL)
        case "segv":
            // As a library's fault would end it: no handler (Swift's backtracer) in between.
            signal(SIGSEGV, SIG_DFL)
            raise(SIGSEGV)
        case "hang": while true { sleep(60) }
        case "hog":
            var blocks: [UnsafeMutableRawPointer] = []
            while true {
                let block = malloc(16 << 20)!
                memset(block, 1, 16 << 20)
                blocks.append(block)
                usleep(20_000)
            }
        default: return
        }
    }
}
