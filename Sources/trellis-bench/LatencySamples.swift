// Every latency sample of a run, and the percentiles read from them.

/// Latencies in nanoseconds, all kept (a run of a minute at 20,000 turns/s is 10 MB), sorted
/// once when summarised.
struct LatencySamples {
    private(set) var nanoseconds: [UInt64] = []

    init(capacity: Int = 0) { nanoseconds.reserveCapacity(capacity) }

    mutating func record(_ value: UInt64) { nanoseconds.append(value) }
    mutating func removeAll() { nanoseconds.removeAll(keepingCapacity: true) }
    var count: Int { nanoseconds.count }

    /// The summary in microseconds: nearest-rank percentiles.
    func summary() -> LatencySummary {
        guard !nanoseconds.isEmpty else { return LatencySummary(count: 0, mean: 0, p50: 0, p99: 0, p999: 0, max: 0) }
        let sorted = nanoseconds.sorted()
        func rank(_ fraction: Double) -> Double {
            let index = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
            return Double(sorted[min(sorted.count - 1, max(0, index))]) / 1000
        }
        let total = sorted.reduce(0.0) { $0 + Double($1) }
        return LatencySummary(count: sorted.count, mean: total / Double(sorted.count) / 1000,
                              p50: rank(0.5), p99: rank(0.99), p999: rank(0.999), max: Double(sorted[sorted.count - 1]) / 1000)
    }
}

/// Percentiles in microseconds.
struct LatencySummary {
    let count: Int
    let mean: Double
    let p50: Double
    let p99: Double
    let p999: Double
    let max: Double
}
