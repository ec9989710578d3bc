import Foundation
import Glibc
import IntakeCore
import IntakePipeline
import IntakePosix
import Logging
import SystemPackage

/// Claiming ready files, starting jobs on idle workers, and deciding against the ledger what a
/// file whose bytes are read becomes.
extension WatchService {
    /// Claims ready files while the queue is short, and starts queued jobs on idle workers.
    func pump() {
        guard !isStopping, recovered else { return }
        lookAtDueCandidates()
        while queue.count < claimAhead, !ready.isEmpty {
            claim(ready.removeFirst())
        }
        // No new work while records cannot be written, nor while more wait than there are workers.
        while writeRetryAt == nil, heldWrites.count <= workers.count, !queue.isEmpty,
            let worker = idleWorkers.popLast()
        {
            start(queue.removeFirst(), on: worker)
        }
    }

    /// Claims a file by an atomic rename into processing/.
    func claim(_ relative: String) {
        let source = Folders.join(folders.inbox, relative)
        do {
            let path = try FileMoves.move(source, to: Folders.join(folders.processing, relative))
            queue.append(Job(relative: relative, path: path))
        } catch .noSuchFileOrDirectory {
            logger.debug("file went away before it was claimed", metadata: ["file": "\(relative)"])
        } catch {
            logger.error("cannot claim file; will retry", metadata: ["file": "\(relative)", "error": "\(error)"])
            var candidate = Candidate(quiet: config.settleSeconds)
            candidate.nextLook = .now + .seconds(max(config.retryBackoffSeconds, 1))
            candidates[relative] = candidate
        }
    }

    func start(_ job: Job, on index: Int) {
        var job = job
        job.started = .now
        jobSerial += 1
        job.serial = jobSerial
        inFlight[job.path] = job
        // Starts are counted only where a crash can be the document's (in-process reading).
        do {
            if config.isolation == .none { try ledger.markStarted(job.path) }
        } catch {
            logger.warning(
                "cannot note the start in the ledger",
                metadata: ["file": "\(job.relative)", "error": "\(error)"]
            )
        }
        let worker = workers[index]
        let generation = self.generation
        let continuation = self.continuation
        let recordedPath = Folders.join(folders.inbox, job.relative)
        Task {
            let outcome = await worker.read(path: job.path, recordedPath: recordedPath)
            continuation.yield(.read(job, worker: index, generation: generation, outcome))
        }
    }

    /// The job left the pipeline (filed, handed back, or queued for a retry). Files with the
    /// same content that waited for it go back to the head of the queue, to be decided against
    /// the ledger as it now stands.
    func finished(_ job: Job) {
        let id = inFlight[job.path]?.id ?? job.id
        inFlight[job.path] = nil
        if config.isolation == .none { try? ledger.markFinished(job.path) }
        if let id, extracting[id] == job.path {
            extracting[id] = nil
            if let waiting = waitingOnContent.removeValue(forKey: id) {
                queue.insert(contentsOf: waiting, at: 0)
            }
        }
    }

    func didRead(_ job: Job, worker index: Int, generation workerGeneration: Int, _ outcome: ReadOutcome) {
        guard isCurrent(job) else {
            release(index, workerGeneration)
            return
        }
        switch outcome {
        case .failed(let document):
            release(index, workerGeneration)
            if case .error(let record) = document.line, record.error.code == IntakeError.Code.notFound.description,
                access(job.path, F_OK) != 0
            {
                // The claimed file is gone: with a shared inbox, another host took it back after
                // this one's lease lapsed. Nothing to record here; it is that host's now.
                finished(job)
                logger.info("a claimed file went away before it was read", metadata: ["file": "\(job.relative)"])
            } else if case .error(let record) = document.line, Self.isTransient(record.error),
                job.attempt < config.maxAttempts
            {
                finished(job)
                retry(job, reason: record.error.reason)
            } else {
                write(job, document)
            }
        case .read(let file):
            // The same bytes are being extracted under another name: settle this one after it.
            if let other = extracting[file.id], other != job.path {
                release(index, workerGeneration)
                finished(job)
                var waiting = job
                waiting.id = file.id
                waitingOnContent[file.id, default: []].append(waiting)
                logger.debug(
                    "same content in progress under another name; waiting for it",
                    metadata: ["file": "\(job.relative)", "id": "\(file.id.hex)"]
                )
                return
            }
            guard ledger.answersLater else {
                decideAndExtract(job, file, worker: index, generation: workerGeneration)
                return
            }
            // Most files are new content, which the rules extract at revision 1: send the take
            // (an insert that fails on an existing entry) and go on; `acquired` continues.
            extracting[file.id] = job.path
            inFlight[job.path]?.id = file.id
            let continuation = self.continuation
            ledger.acquireNew(id: file.id, name: job.relative) { result in
                continuation.yield(.acquired(job, worker: index, generation: workerGeneration, file, result))
            }
        }
    }

    /// The answer to a take of new content sent by ``didRead(_:worker:generation:_:)``.
    func acquired(
        _ job: Job,
        worker index: Int,
        generation workerGeneration: Int,
        _ file: DocumentBytes,
        _ result: Result<Bool, LedgerError>
    ) {
        guard isCurrent(job) else {
            release(index, workerGeneration)
            return
        }
        switch result {
        case .success(true):
            extract(job, file, revision: 1, worker: index, generation: workerGeneration)
        case .success(false):
            // Known content: look at its entry and decide.
            decideAndExtract(job, file, worker: index, generation: workerGeneration)
        case .failure(let error):
            ledgerUnreadable(job, worker: index, generation: workerGeneration, error)
        }
    }

    /// Decides against the ledger and, when a record is due, extracts.
    func decideAndExtract(_ job: Job, _ file: DocumentBytes, worker index: Int, generation workerGeneration: Int) {
        let revision: Int
        do {
            guard let next = try decide(job, file) else {
                release(index, workerGeneration)
                return
            }
            revision = next
        } catch {
            ledgerUnreadable(job, worker: index, generation: workerGeneration, error)
            return
        }
        extract(job, file, revision: revision, worker: index, generation: workerGeneration)
    }

    func ledgerUnreadable(_ job: Job, worker index: Int, generation workerGeneration: Int, _ error: LedgerError) {
        release(index, workerGeneration)
        finished(job)
        logger.error(
            "the ledger cannot be read; will retry",
            metadata: ["file": "\(job.relative)", "error": "\(error)"]
        )
        retry(job, reason: "\(error)", countsAsAttempt: false)
    }

    /// Extracts `file` at `revision` on the worker that read it.
    func extract(_ job: Job, _ file: DocumentBytes, revision: Int, worker index: Int, generation workerGeneration: Int)
    {
        guard workerGeneration == generation else {
            // The configuration was reloaded while it was read: extract with the new options.
            finished(job)
            queue.insert(job, at: 0)
            return
        }
        extracting[file.id] = job.path
        inFlight[job.path]?.id = file.id
        let worker = workers[index]
        let continuation = self.continuation
        Task {
            let document = await worker.extract(file, revision: revision)
            continuation.yield(.processed(job, worker: index, generation: workerGeneration, document))
        }
    }

    /// What to do with a file whose bytes are read: the revision to write, or `nil` when it
    /// needs no new record now (a duplicate, a record written before a crash, or the same
    /// content held by another host: then it waits and is decided again).
    func decide(_ job: Job, _ file: DocumentBytes) throws(LedgerError) -> Int? {
        // Another host may change the entry between the look and the take: look again then.
        for _ in 0..<3 {
            let entry = try ledger.entry(file.id)
            let decision = LedgerDecision.decide(
                entry,
                recovered: job.recovered,
                reprocessDuplicates: config.duplicates == .reprocess,
                host: shared?.host,
                finishing: finishesInFlight.isUnfinished(file.id) || pendingFinishes.contains { $0.id == file.id }
            )
            var revision: Int
            switch decision {
            case .extract(let next):
                revision = next
            case .lookForLine:
                // This host was writing it when it stopped: is the line in the output?
                guard let entry else { return 1 }
                if let written = writtenLine(entry) {
                    try finishWritten(entry, written)
                    var settled = entry
                    settled.outcome = written.outcome
                    settleExisting(job, settled)
                    return nil
                }
                revision = entry.revision
            case .settle:
                settleExisting(job, entry!)
                return nil
            case .duplicate:
                duplicate(job, of: entry!)
                return nil
            case .wait:
                revision = 0
            }
            if case .wait = decision { break }
            if try ledger.acquire(id: file.id, name: job.relative, revision: revision, seen: entry) {
                return revision
            }
        }
        // Another host is extracting or writing the same content: decide again in a second.
        finished(job)
        var waiting = job
        waiting.id = file.id
        retries.append((waiting, .now + .seconds(1)))
        logger.debug(
            "same content in progress (on another host, or its record not yet finished in the ledger); waiting for it",
            metadata: ["file": "\(job.relative)", "id": "\(file.id.hex)"]
        )
        return nil
    }

    /// The line a `writing` entry points at, and its outcome, when that line is in the output.
    func writtenLine(_ entry: LedgerEntry) -> (outcome: LedgerEntry.Outcome, line: [UInt8])? {
        guard let path = entry.output, let offset = entry.offset,
            let line = OutputLog.line(at: offset, in: path),
            let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
            object["id"] as? String == entry.id.hex,
            (object["revision"] as? Int ?? 1) == entry.revision
        else { return nil }
        return (object["kind"] as? String == "document" ? .done : .failed, line)
    }

    /// Step 3 for an entry whose line is in the output (written before a crash): the line goes
    /// into the record table as it would have then.
    func finishWritten(
        _ entry: LedgerEntry,
        _ written: (outcome: LedgerEntry.Outcome, line: [UInt8])
    ) throws(LedgerError) {
        try ledger.finish(
            id: entry.id,
            revision: entry.revision,
            outcome: written.outcome,
            location: nil,
            chunks: nil,
            record: shared?.recordTable != nil ? written.line : nil
        )
    }

    static func isTransient(_ error: ErrorDetail) -> Bool {
        guard error.code == IntakeError.Code.unreadable.description else { return false }
        let transient = [
            "EAGAIN", "EBUSY", "EINTR", "ENOMEM", "ENFILE", "EMFILE", "ETXTBSY", "Resource temporarily", "busy",
        ]
        return transient.contains { error.reason.contains($0) }
    }

    func retry(_ job: Job, reason: String, countsAsAttempt: Bool = true) {
        var job = job
        if countsAsAttempt { job.attempt += 1 }
        let delay = min(config.retryBackoffSeconds * Double(1 << min(job.attempt - 1, 10)), 300)
        logger.warning(
            "transient error; will retry",
            metadata: [
                "file": "\(job.relative)", "reason": "\(reason)", "attempt": "\(job.attempt)", "in_s": "\(delay)",
            ]
        )
        retries.append((job, .now + .seconds(delay)))
    }
}
