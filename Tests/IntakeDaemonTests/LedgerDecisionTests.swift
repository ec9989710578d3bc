import IntakeCore
import Testing

@testable import IntakeDaemon

/// The ledger's rules for a document whose bytes are read, without I/O.
struct LedgerDecisionTests {
    func entry(_ outcome: LedgerEntry.Outcome, host: String?, alive: Bool = true) -> LedgerEntry {
        LedgerEntry(
            id: ContentHash(of: Array("a posting".utf8)),
            name: "a.pdf",
            revision: 2,
            attempts: 1,
            outcome: outcome,
            firstSeen: "2026-12-07T00:00:00Z",
            updated: "2026-12-07T00:00:00Z",
            host: host,
            holderAlive: alive
        )
    }

    /// An entry this host left `writing` is a crash's: its line is looked for. But while this
    /// host's own step 3 for it is on its way (a shared ledger answers later, and a
    /// byte-identical copy that waited on the first is decided again as soon as the first is
    /// written), the copy waits, and is then decided a duplicate, not "recovered".
    @Test(arguments: ["host-a", nil] as [String?])
    func aCopyWaitsWhileThisHostsRecordIsBeingFinished(_ host: String?) {
        let writing = entry(.writing, host: host)
        #expect(
            LedgerDecision.decide(writing, recovered: false, reprocessDuplicates: false, host: host) == .lookForLine
        )
        #expect(
            LedgerDecision.decide(writing, recovered: false, reprocessDuplicates: false, host: host, finishing: true)
                == .wait
        )
        #expect(
            LedgerDecision.decide(entry(.done, host: host), recovered: false, reprocessDuplicates: false, host: host)
                == .duplicate
        )
    }

    @Test func anotherHostsWritingIsWaitedOnWhileItLives() {
        #expect(
            LedgerDecision.decide(entry(.writing, host: "b"), recovered: false, reprocessDuplicates: false, host: "a")
                == .wait
        )
        #expect(
            LedgerDecision.decide(
                entry(.writing, host: "b", alive: false),
                recovered: false,
                reprocessDuplicates: false,
                host: "a"
            ) == .extract(revision: 3)
        )
    }
}
