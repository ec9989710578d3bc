/// Milliseconds since `start`, to 0.1 ms: the unit of every timing in a record.
public func milliseconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    return (ms * 10).rounded() / 10
}
