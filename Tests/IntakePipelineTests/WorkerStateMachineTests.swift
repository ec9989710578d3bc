import IntakePipeline
import IntakePosix
import Testing

/// The supervisor's decisions, without a process: who is blamed for a death, and what is retried.
struct WorkerStateMachineTests {
    /// A machine with a child started and task 7 in hand.
    static func busy() -> WorkerStateMachine {
        var machine = WorkerStateMachine()
        #expect(machine.event(.started) == [])
        #expect(machine.event(.submitted(task: 7)) == [.send(task: 7)])
        return machine
    }

    @Test func anAnswerCompletesTheTaskAndLeavesTheChildIdle() {
        var machine = Self.busy()
        #expect(machine.event(.answered) == [.complete(task: 7)])
        #expect(machine.isIdle)
    }

    @Test func aDeathIsRetriedOnceInANewChildThenFailedWithItsSignal() {
        var machine = Self.busy()
        // First death: a new child, and the task goes to it once it is up.
        #expect(machine.event(.exited(.signaled(11))) == [.start])
        #expect(machine.event(.started) == [.send(task: 7)])
        // Second death: failed, with the signal; another child for the next task.
        #expect(machine.event(.exited(.signaled(9))) == [.fail(task: 7, .died(.signaled(9))), .start])
        #expect(machine.event(.started) == [])
        #expect(machine.isIdle)
    }

    @Test func aRetriedTaskThatIsAnsweredIsDone() {
        var machine = Self.busy()
        _ = machine.event(.exited(.exited(1)))
        _ = machine.event(.started)
        #expect(machine.event(.answered) == [.complete(task: 7)])
    }

    @Test func anIdleChildsDeathBlamesNobody() {
        var machine = WorkerStateMachine()
        _ = machine.event(.started)
        #expect(machine.event(.exited(.signaled(9))) == [.start])
        #expect(machine.event(.started) == [])
        #expect(machine.event(.submitted(task: 1)) == [.send(task: 1)])
    }

    @Test func pastTheDeadlineTheChildIsKilledAndTheTaskFailsAsTimeoutWithoutARetry() {
        var machine = Self.busy()
        #expect(machine.event(.deadlinePassed) == [.kill])
        // An answer racing the kill is not taken: the task is past its limit.
        #expect(machine.event(.answered) == [])
        #expect(machine.event(.exited(.signaled(9))) == [.fail(task: 7, .timeout), .start])
    }

    @Test func overTheMemoryLimitTheChildIsKilledAndTheTaskFailsAsMemoryLimit() {
        var machine = Self.busy()
        #expect(machine.event(.sampled(residentBytes: 100, limit: 200)) == [])
        #expect(machine.event(.sampled(residentBytes: 300, limit: 200)) == [.kill])
        #expect(machine.event(.sampled(residentBytes: 400, limit: 200)) == [])
        #expect(
            machine.event(.exited(.signaled(9))) == [.fail(task: 7, .memoryLimit(residentBytes: 300)), .start]
        )
    }

    @Test func stoppingKillsTheChildFailsTheTaskAndStartsNothing() {
        var machine = Self.busy()
        #expect(machine.event(.stop) == [.kill])
        #expect(machine.event(.exited(.signaled(9))) == [.fail(task: 7, .died(.signaled(9)))])
        #expect(machine.event(.started) == [])
        #expect(machine.event(.submitted(task: 8)) == [])
        var idle = WorkerStateMachine()
        _ = idle.event(.started)
        #expect(idle.event(.stop) == [.kill])
        #expect(idle.state == .stopped)
    }

    @Test func aTaskWaitingForItsSecondChildFailsWhenStopped() {
        var machine = Self.busy()
        _ = machine.event(.exited(.signaled(11)))
        #expect(machine.event(.stop) == [.fail(task: 7, .died(.signaled(9)))])
    }
}
