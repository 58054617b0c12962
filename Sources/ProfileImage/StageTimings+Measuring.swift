extension StageTimings {
    /// Runs `work`, adding the time it took to the stage at `stage`.
    mutating func measure<T>(_ stage: WritableKeyPath<StageTimings, Duration>, _ work: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer { self[keyPath: stage] += ContinuousClock.now - start }
        return try work()
    }
}
