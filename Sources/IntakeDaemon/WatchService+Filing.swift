import Foundation
import Glibc
import IntakeCore
import IntakeOCR
import IntakePipeline
import IntakePosix
import IntakeText
import Logging
import NIOConcurrencyHelpers
import SystemPackage

/// Writing records (ledger, line, ledger) and filing inputs in done/ or failed/ with their notes.
extension WatchService {
    // MARK: - Writing and filing

    /// Appends the record (ledger first, then the line, then the ledger again), then files the
    /// input. Records are written one at a time, in the order they come; while one waits for
    /// the shared ledger's step 1, or the output or ledger cannot be written, the others wait
    /// in ``heldWrites``.
    func write(_ job: Job, _ document: ProcessedDocument) {
        guard isCurrent(job) else { return }
        heldWrites.append((job, document))
        writeHeld()
    }

    /// After a failure, when the retry is due: the held records, in order.
    func retryHeldWrites() {
        writeRetryAt = nil
        writeHeld()
    }

    /// Writes the held records in order; stops at one whose step 1 is on its way, or at one that
    /// fails (a retry is then scheduled).
    func writeHeld() {
        while !isBeginningWrite, writeRetryAt == nil, let (job, document) = heldWrites.first {
            guard isCurrent(job) else {
                heldWrites.removeFirst()
                continue
            }
            if ledger.answersLater, let id = document.line.id {
                // Step 1 is sent; `writeBegun` writes the line when it is answered.
                do {
                    try output.rotateIfNeeded(before: document.json.count)
                } catch {
                    holdAfterFailure(job, error)
                    return
                }
                isBeginningWrite = true
                let continuation = self.continuation
                ledger.beginWrite(
                    id: id,
                    name: job.relative,
                    revision: document.line.revision,
                    output: output.path,
                    offset: output.size
                ) { result in
                    continuation.yield(.writeBegun(job, result))
                }
                return
            }
            guard append(job, document, begun: false) else { return }
            heldWrites.removeFirst()
        }
    }

    /// The shared ledger's answer to step 1 of the first held record.
    func writeBegun(_ job: Job, _ result: Result<Void, LedgerError>) {
        isBeginningWrite = false
        // Dropped meanwhile (this host was fenced): its line is not written.
        guard let first = heldWrites.first, first.job.path == job.path, first.job.serial == job.serial,
            isCurrent(job)
        else {
            writeHeld()
            return
        }
        switch result {
        case .success:
            if append(job, first.document, begun: true) { heldWrites.removeFirst() }
        case .failure(let error):
            if lostClaim(job, error) { heldWrites.removeFirst() } else { holdAfterFailure(job, error) }
        }
        writeHeld()
    }

    /// Another host took the document over (this host's lease lapsed): nothing is written here;
    /// the file (if still here) goes back to the inbox to be decided again. False for any other
    /// error.
    func lostClaim(_ job: Job, _ error: any Error) -> Bool {
        guard case LedgerError.lostClaim = error else { return false }
        logger.warning(
            "another host took this document over; its record is not written here",
            metadata: ["file": "\(job.relative)", "id": "\(inFlight[job.path]?.id?.hex ?? "-")"]
        )
        preparedChunks[job.path] = nil
        handBack([job], reason: "taken over by another host")
        finished(job)
        return true
    }

    /// The output or the ledger cannot be written: the record stays held, and is tried again
    /// after a back-off.
    func holdAfterFailure(_ job: Job, _ error: any Error) {
        writeRetryDelay = min(max(writeRetryDelay * 2, config.retryBackoffSeconds, 1), 60)
        writeRetryAt = .now + .seconds(writeRetryDelay)
        health.update { $0.outputWritable = false }
        logger.error(
            "cannot write the output; holding the record and retrying",
            metadata: ["file": "\(job.relative)", "error": "\(error)", "in_s": "\(writeRetryDelay)"]
        )
    }

    /// Appends one record and files its input (`begun`: step 1 is already done). Returns false
    /// (and schedules a retry) when the output or the ledger cannot be written.
    func append(_ job: Job, _ document: ProcessedDocument, begun: Bool) -> Bool {
        let id = document.line.id
        let isDocument: Bool
        if case .document = document.line { isDocument = true } else { isDocument = false }
        var chunkCount: Int?
        do {
            if !begun {
                try output.rotateIfNeeded(before: document.json.count)
                if let id {
                    try ledger.beginWrite(
                        id: id,
                        name: job.relative,
                        revision: document.line.revision,
                        output: output.path,
                        offset: output.size
                    )
                }
            }
            // A document's chunks go before its record (deletions of chunks its new revision no
            // longer has, then its chunks): written again after a crash, they replace
            // themselves by id. The ledger's count changes only when the record is finished.
            if let chunkOutput, case .document(let record) = document.line {
                let prepared = try preparedChunks[job.path] ?? prepareChunks(record)
                preparedChunks[job.path] = prepared
                try chunkOutput.rotateIfNeeded(before: prepared.lines.reduce(0) { $0 + $1.count + 1 })
                try chunkOutput.append(lines: prepared.lines)
                chunkCount = prepared.count
            }
            let writing = ContinuousClock.now
            try output.append(document.json)
            metrics.stage("write", .now - writing)
        } catch {
            if lostClaim(job, error) { return true }
            holdAfterFailure(job, error)
            return false
        }
        writeRetryDelay = 0
        preparedChunks[job.path] = nil
        health.update { $0.outputWritable = true }
        finished(job)
        let destination = isDocument ? doneDestination(job.relative) : Folders.join(folders.failed, job.relative)
        if let id {
            let finish = LedgerFinish(
                id: id,
                revision: document.line.revision,
                outcome: isDocument ? .done : .failed,
                location: destination,
                chunks: chunkCount,
                record: shared?.recordTable != nil ? document.json : nil
            )
            // The line is written and the entry says `writing`: if step 3 fails, it is sent again
            // (or recovery finds the line after a restart). A shared ledger's answer is not
            // waited for; the input is filed meanwhile.
            if ledger.answersLater {
                finishesInFlight.send(finish, to: ledger, logger: logger)
            } else {
                do {
                    try finish.run(on: ledger)
                } catch {
                    logger.error(
                        "cannot update the ledger; will retry",
                        metadata: ["file": "\(job.relative)", "error": "\(error)"]
                    )
                    pendingFinishes.append(finish)
                }
            }
        }
        let milliseconds = Int((ContinuousClock.now - job.started) / .milliseconds(1))
        let location: String?
        switch document.line {
        case .document(let record):
            location = file(job, to: destination)
            totals.done += 1
            let ocr = record.pages.filter { $0.textSource == .ocr }.count
            metrics.document("done")
            metrics.pages(native: record.pages.count - ocr, ocr: ocr)
            metrics.stage("read", milliseconds: record.timings.readMs)
            metrics.stage("extract", milliseconds: record.timings.extractMs)
            metrics.stage("total", .now - job.started)
            logger.info(
                "document done",
                metadata: [
                    "file": "\(job.relative)", "id": "\(record.id.hex)", "revision": "\(record.revision)",
                    "pages": "\(record.pages.count)", "native": "\(record.pages.count - ocr)", "ocr": "\(ocr)",
                    "ms": "\(milliseconds)",
                ]
            )
        case .error(let record):
            location = fail(job, error: record.error, id: record.id, revision: record.revision)
            totals.failed += 1
            metrics.failure(code: record.error.code)
            logger.warning(
                "document failed",
                metadata: [
                    "file": "\(job.relative)", "id": "\(record.id?.hex ?? "-")",
                    "stage": "\(record.error.stage.rawValue)",
                    "code": "\(record.error.code)", "reason": "\(record.error.reason)", "ms": "\(milliseconds)",
                ]
            )
        }
        // The ledger was told the intended place; a taken name or a failed move changes it.
        if let id, location != destination { try? ledger.move(id: id, to: location) }
        return true
    }

    /// The chunk lines of a record: deletions of the chunks its revision no longer has (from
    /// the count the ledger holds for the previous one), then its chunks.
    func prepareChunks(_ record: DocumentRecord) throws(LedgerError) -> (lines: [[UInt8]], count: Int) {
        let chunks = ChunkBuilder(options: config.chunks).chunks(of: record)
        // The ledger's count is set when a record is finished, so before revision 2 it is 0.
        let previous = record.revision > 1 ? try ledger.entry(record.id)?.chunks ?? 0 : 0
        let deleted = (chunks.count..<max(chunks.count, previous)).map {
            DeletedChunk(docID: record.id.hex, index: $0, revision: record.revision)
        }
        return (RecordEncoder.encode(chunks: chunks, deleted: deleted), chunks.count)
    }

    func doneDestination(_ relative: String) -> String {
        switch config.doneLayout {
        case .flat, .delete:
            return Folders.join(folders.done, relative)
        case .yearMonth:
            var time = time(nil)
            var parts = tm()
            localtime_r(&time, &parts)
            let folder = String(format: "%04d/%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1)
            return Folders.join(folders.done, folder + "/" + relative)
        }
    }

    /// Moves a processed file to `destination` (or deletes it), returning where it is.
    func file(_ job: Job, to destination: String) -> String? {
        if config.doneLayout == .delete {
            if unlink(job.path) != 0 && errno != ENOENT {
                logger.error("cannot delete processed file", metadata: ["file": "\(job.path)"])
            }
            return nil
        }
        do {
            return try FileMoves.move(job.path, to: destination)
        } catch {
            logger.error(
                "cannot move file to done/; it stays in processing/",
                metadata: ["file": "\(job.path)", "error": "\(error)"]
            )
            return job.path
        }
    }

    /// Moves a file to failed/ beside its `NAME.error.json`; returns where it is.
    func fail(_ job: Job, error: ErrorDetail, id: ContentHash?, revision: Int) -> String {
        fileFailure(
            from: job.path,
            relative: job.relative,
            note: FailureNote(
                file: Folders.join(folders.inbox, job.relative),
                id: id?.hex,
                revision: revision,
                stage: error.stage.rawValue,
                code: error.code,
                reason: error.reason,
                attempts: job.attempt,
                claimedAt: job.claimedAt,
                failedAt: SQLiteLedger.timestamp()
            )
        )
    }

    /// Moves a file to failed/ and writes its note; returns where the file is.
    @discardableResult
    func fileFailure(from path: String, relative: String, note: FailureNote) -> String {
        do {
            let destination = try FileMoves.move(path, to: Folders.join(folders.failed, relative))
            try FileMoves.writeAtomically(
                note.json,
                to: destination + ".error.json",
                temporaryFolder: folders.temporary
            )
            return destination
        } catch {
            logger.error("cannot move file to failed/", metadata: ["file": "\(path)", "error": "\(error)"])
            return path
        }
    }

    /// Refuses a symlink or a special file: straight to failed/ with the reason.
    ///
    /// - Parameters:
    ///   - relative: Its name relative to the inbox.
    ///   - path: Where it is (default: in the inbox).
    func refuse(_ relative: String, at path: String? = nil, reason: String) {
        logger.warning("refused", metadata: ["file": "\(relative)", "reason": "\(reason)"])
        fileFailure(
            from: path ?? Folders.join(folders.inbox, relative),
            relative: relative,
            note: FailureNote(
                file: Folders.join(folders.inbox, relative),
                id: nil,
                revision: nil,
                stage: IntakeError.Stage.read.rawValue,
                code: IntakeError.Code.notRegularFile.description,
                reason: "\(relative): \(reason)",
                attempts: 1,
                claimedAt: nil,
                failedAt: SQLiteLedger.timestamp()
            )
        )
        totals.failed += 1
    }

    /// A byte-identical file dropped again: filed in done/ with a note, no new record.
    func duplicate(_ job: Job, of entry: LedgerEntry) {
        finished(job)
        totals.duplicates += 1
        metrics.document("duplicate")
        let location = file(job, to: doneDestination(job.relative))
        logger.info(
            "duplicate skipped",
            metadata: ["file": "\(job.relative)", "id": "\(entry.id.hex)", "first": "\(entry.name)"]
        )
        guard let location else { return }
        let note = DuplicateNote(
            file: Folders.join(folders.inbox, job.relative),
            id: entry.id.hex,
            duplicateOf: entry.name,
            revision: entry.revision,
            firstSeen: entry.firstSeen,
            notedAt: SQLiteLedger.timestamp()
        )
        try? FileMoves.writeAtomically(note.json, to: location + ".duplicate.json", temporaryFolder: folders.temporary)
    }

    /// A file whose record was written before a crash: filed without a new record.
    func settleExisting(_ job: Job, _ entry: LedgerEntry) {
        finished(job)
        totals.recovered += 1
        if entry.outcome == .failed {
            fileFailure(
                from: job.path,
                relative: job.relative,
                note: FailureNote(
                    file: Folders.join(folders.inbox, job.relative),
                    id: entry.id.hex,
                    revision: entry.revision,
                    stage: "unknown",
                    code: "see_output",
                    reason: "the error record (id \(entry.id.hex)) was written before a restart; see the output",
                    attempts: entry.attempts,
                    claimedAt: entry.firstSeen,
                    failedAt: entry.updated
                )
            )
        } else {
            let location = file(job, to: doneDestination(job.relative))
            try? ledger.move(id: entry.id, to: location)
        }
        logger.info("recovered after a restart", metadata: ["file": "\(job.relative)", "id": "\(entry.id.hex)"])
    }
}

/// A note written beside a filed input, as pretty JSON with sorted keys.
protocol FiledNote: Encodable {}

extension FiledNote {
    var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8)) + [0x0A]
    }
}

/// What `NAME.duplicate.json` beside a duplicate in done/ says.
struct DuplicateNote: FiledNote {
    var file: String
    var id: String
    var duplicateOf: String
    var revision: Int
    var firstSeen: String
    var notedAt: String
    var note = "byte-identical to a document already processed; no new record was written"

    enum CodingKeys: String, CodingKey {
        case file, id, revision, note
        case duplicateOf = "duplicate_of"
        case firstSeen = "first_seen"
        case notedAt = "noted_at"
    }
}

/// What `NAME.error.json` beside a file in failed/ says.
struct FailureNote: FiledNote {
    var file: String
    var id: String?
    var revision: Int?
    var stage: String
    var code: String
    var reason: String
    var attempts: Int
    var claimedAt: String?
    var failedAt: String

    enum CodingKeys: String, CodingKey {
        case file, id, revision, stage, code, reason, attempts
        case claimedAt = "claimed_at"
        case failedAt = "failed_at"
    }
}

/// Step 3s sent to a ledger that answers later, until it answers. Those that failed are taken
/// back into ``WatchService/pendingFinishes`` and sent again: a finish changes the entry only
/// while it still says `writing` by this host, so sending one twice is harmless.
final class FinishesInFlight: Sendable {
    private struct State {
        /// How many are sent and not yet answered, by document.
        var sending: [ContentHash: Int] = [:]
        var failed: [LedgerFinish] = []
    }

    private let state = NIOLockedValueBox(State())

    func send(_ finish: LedgerFinish, to ledger: any LedgerStore, logger: Logger) {
        state.withLockedValue { $0.sending[finish.id, default: 0] += 1 }
        ledger.finish(finish) { [self] result in
            if case .failure(let error) = result {
                logger.error(
                    "cannot update the ledger; will retry",
                    metadata: ["id": "\(finish.id.hex)", "error": "\(error)"]
                )
            }
            state.withLockedValue {
                $0.sending[finish.id, default: 1] -= 1
                if $0.sending[finish.id] == 0 { $0.sending[finish.id] = nil }
                if case .failure = result { $0.failed.append(finish) }
            }
        }
    }

    /// Whether a step 3 for `id` is sent and not yet answered, or failed and not yet taken back.
    func isUnfinished(_ id: ContentHash) -> Bool {
        state.withLockedValue { state in state.sending[id] != nil || state.failed.contains { $0.id == id } }
    }

    /// The failed ones, to be sent again.
    func takeFailed() -> [LedgerFinish] {
        state.withLockedValue { state in
            defer { state.failed = [] }
            return state.failed
        }
    }
}
