import Foundation
import Glibc
import IntakePipeline
import IntakePosix
import Logging
import Metrics

/// Readiness, and with a shared (PostgreSQL) ledger the host's lease: registration and
/// recovery once PostgreSQL answers, renewal, taking back the files of hosts whose lease
/// lapsed, and what a host does when it finds itself fenced.
extension WatchService {
    /// Recovery is done: files may be claimed.
    func markRecovered() {
        recovered = true
        health.update { $0.recovered = true }
        renewingSince = .now
        lastRenewal = .now
    }

    /// systemd's READY=1 and the start-up log line, once recovery is done.
    func announceReady() {
        notify("READY=1\nSTATUS=\(statusText())\nMAINPID=\(getpid())")
        logger.info(
            "intake is watching",
            metadata: [
                "inbox": "\(folders.inbox)", "output": "\(output.path)", "workers": "\(workers.count)",
                "waiting": "\(candidates.count)", "recovered": "\(queue.count)",
                "host": "\(shared?.host ?? "-")",
            ]
        )
    }

    /// Registers with the shared ledger (a new epoch) and recovers; when PostgreSQL does not
    /// answer, says so and is called again from the tick.
    func recoverShared() {
        guard let shared else { return }
        lastRecoveryAttempt = .now
        do {
            let epoch = try shared.prepare()
            try recover()
            markRecovered()
            logger.info("registered with the shared ledger", metadata: ["host": "\(shared.host)", "epoch": "\(epoch)"])
        } catch {
            health.update { $0.ledgerReachable = false }
            logger.warning("waiting for the shared ledger", metadata: ["error": "\(error)"])
        }
    }

    /// The shared ledger's part of the tick: recovery while it waits, the lease, the files of
    /// dead hosts, and finishes that could not be written.
    func sharedTick(_ now: ContinuousClock.Instant) {
        if !recovered {
            if shared != nil, lastRecoveryAttempt.map({ now - $0 >= .seconds(1) }) ?? true {
                recoverShared()
                if recovered, case .daemon = mode { announceReady() }
            }
            return
        }
        retryPendingFinishes()
        guard let shared else { return }
        let lease = config.leaseSeconds
        if now - lastRenewal >= .seconds(lease / 3) {
            lastRenewal = now
            do {
                let renewed = try shared.renew()
                health.update { $0.ledgerReachable = true }
                if renewed {
                    metrics.leaseRenewal("ok")
                    if renewingSince == nil { renewingSince = now }
                } else {
                    metrics.leaseRenewal("fenced")
                    fenced()
                }
            } catch {
                metrics.leaseRenewal("error")
                health.update { $0.ledgerReachable = false }
                renewingSince = nil
                logger.warning("cannot renew the lease", metadata: ["error": "\(error)"])
            }
        }
        // Take nothing over before this host has itself held its lease for a whole lease
        // period: after a pause or an outage of PostgreSQL every lease looks lapsed at first.
        if now - lastTakeoverCheck >= .seconds(min(1, lease / 3)), let since = renewingSince,
            now - since >= .seconds(lease)
        {
            lastTakeoverCheck = now
            do {
                for host in try shared.fenceLapsedHosts() { takeBack(from: host) }
            } catch {
                logger.warning("cannot look for hosts whose lease lapsed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Moves the files a dead host had claimed back into the inbox, where any host takes them.
    func takeBack(from host: String) {
        let folder = Folders.join(folders.processingRoot, host)
        let found = FolderWalker(ignore: IgnoreRules(patterns: []), recursive: true).walk(folder).entries
        guard !found.isEmpty else { return }
        var moved = 0
        for entry in found {
            let relative = FileMoves.unnumbered(entry.relative)
            do {
                _ = try FileMoves.move(Folders.join(folder, entry.relative), to: Folders.join(folders.inbox, relative))
                moved += 1
            } catch {
                // Another host took it first, or the host came back and filed it.
                logger.debug("not taken back", metadata: ["file": "\(entry.relative)", "error": "\(error)"])
            }
        }
        if moved > 0 {
            metrics.hostsTakenOver.increment()
            metrics.filesTakenBack.increment(by: moved)
            logger.warning(
                "took back the files of a host whose lease lapsed",
                metadata: ["host": "\(host)", "files": "\(moved)"]
            )
        }
    }

    /// Another host found this one's lease lapsed (it was paused, or cut off from PostgreSQL)
    /// and took its files back: whatever it holds is no longer its own. Results still to come
    /// are dropped, files still here go back to the inbox, and it registers again.
    func fenced() {
        guard let shared else { return }
        logger.error(
            "this host's lease lapsed and another host took its files; dropping what it held",
            metadata: ["in_flight": "\(inFlight.count)", "queued": "\(queue.count)"]
        )
        handBack(
            queue + retries.map(\.job) + waitingOnContent.values.joined() + Array(inFlight.values),
            reason: "lease lapsed"
        )
        queue.removeAll()
        retries.removeAll()
        waitingOnContent.removeAll()
        inFlight.removeAll()
        extracting.removeAll()
        heldWrites.removeAll()
        preparedChunks.removeAll()
        renewingSince = nil
        do {
            let epoch = try shared.register()
            renewingSince = .now
            logger.info("registered again", metadata: ["host": "\(shared.host)", "epoch": "\(epoch)"])
        } catch {
            logger.warning("cannot register again yet", metadata: ["error": "\(error)"])
        }
    }

    /// Finishes the ledger entries whose lines were written while the ledger was unreachable.
    func retryPendingFinishes() {
        pendingFinishes += finishesInFlight.takeFailed()
        while let finish = pendingFinishes.first {
            do {
                try finish.run(on: ledger)
            } catch {
                return
            }
            pendingFinishes.removeFirst()
        }
    }

    /// Gives the lease up at a clean stop, so that other hosts need not wait for it to lapse.
    func resign() {
        guard let shared, recovered else { return }
        // A statement answers after those sent before it: once this one has, every step 3 sent
        // has been answered, and those that failed are sent again here.
        try? shared.ping()
        retryPendingFinishes()
        try? shared.resign()
    }

    /// Updates the gauges (every tick).
    func updateGauges() {
        metrics.queueDepth.record(candidates.count + ready.count + queue.count + retries.count)
        metrics.inFlight.record(inFlight.count)
        metrics.ready.record(health.readiness.ready ? 1 : 0)
    }
}
