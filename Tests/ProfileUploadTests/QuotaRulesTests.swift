import Foundation
import Testing

@testable import ProfileUpload

@Suite("Quota rules: learned from the server, never stricter than it")
struct QuotaRulesTests {
    /// A server with `limit` updates per `window` seconds, and one client whose store sees every
    /// update: whatever the traffic, the store never refuses what the server would take.
    @Test(arguments: [(1, 20.0), (2, 20.0), (3, 300.0), (5, 3_600.0), (2, 86_400.0), (4, 86_400.0)])
    func neverStricterThanTheServer(limit: Int, window: Double) {
        var generator = SplitMix64(seed: UInt64(limit) &* 7_919 &+ UInt64(window))
        var server: [Double] = []
        var state = QuotaRules.AccountState(
            configuredLimit: nil, throttledAt: nil, blockedUntil: nil, successes: [], pending: [])
        var clock = 1_000_000.0
        var (sent, refusedLocally, throttled, overRefusals) = (0, 0, 0, 0)
        for _ in 0..<400 {
            // Bursts of quick requests, then pauses of up to two windows.
            let gap = generator.next() % 3 == 0 ? Double(generator.next() % UInt64(window * 2)) : Double(generator.next() % 3)
            clock += gap + 0.1
            let serverWouldTake = server.filter { $0 > clock - window }.count < limit
            if let wait = QuotaRules.wait(state, now: clock) {
                refusedLocally += 1
                // Within the wait a 429 stated, the server's word stands; past it, a refusal must
                // be the server's own rule.
                if state.blockedUntil.map({ clock >= $0 }) ?? true, serverWouldTake { overRefusals += 1 }
                #expect(wait > 0)
                continue
            }
            sent += 1
            let latency = Double(generator.next() % 500) / 1_000
            if serverWouldTake {
                server.append(clock)
                state.successes.append(clock + latency)
            } else {
                throttled += 1
                let oldest = server.filter { $0 > clock - window }.sorted()[server.filter { $0 > clock - window }.count - limit]
                let wait = (oldest + window - clock).rounded(.up)
                state.throttledAt = clock + latency
                state.blockedUntil = clock + latency + wait
            }
        }
        #expect(overRefusals == 0, "refused \(overRefusals) request(s) the server would have taken")
        #expect(throttled > 0 && refusedLocally > throttled, "the store learned: \(throttled) 429s, \(refusedLocally) refusals")
        #expect(sent > limit)
    }

    @Test("the issue's case: 2 per 20 s, a 429 saying 20 s; 22 s later the store lets the upload go")
    func issueCase() {
        let state = QuotaRules.AccountState(
            configuredLimit: nil, throttledAt: 100.4, blockedUntil: 120.4, successes: [100.1, 100.3], pending: [])
        #expect(QuotaRules.wait(state, now: 101) == 20)
        #expect(QuotaRules.wait(state, now: 122.4) == nil)
        #expect(QuotaRules.readings(state, now: 122.4) == [QuotaRules.Reading(limit: 2, window: 120.4 - 100.1)])
        // With the two new updates, the learned rule holds the third back for the window alone.
        var later = state
        later.successes += [122.5, 122.6]
        let wait = QuotaRules.wait(later, now: 123)
        #expect(wait != nil && wait! <= 20)
    }

    @Test("a configured limit counts a rolling day, pending reservations included; a limit of 0 waits a day")
    func configured() {
        let state = QuotaRules.AccountState(
            configuredLimit: 2, throttledAt: nil, blockedUntil: nil, successes: [1_000], pending: [1_010])
        #expect(QuotaRules.wait(state, now: 1_020) == 86_400 - 20)
        #expect(QuotaRules.wait(state, now: 87_401) == nil)
        let none = QuotaRules.AccountState(configuredLimit: 0, throttledAt: nil, blockedUntil: nil, successes: [], pending: [])
        #expect(QuotaRules.wait(none, now: 5) == 86_400)
    }

    @Test("no success recorded before the 429: nothing is learned, only its wait is kept")
    func nothingToLearn() {
        let state = QuotaRules.AccountState(configuredLimit: nil, throttledAt: 50, blockedUntil: 80, successes: [], pending: [])
        #expect(QuotaRules.readings(state, now: 60).isEmpty)
        #expect(QuotaRules.wait(state, now: 60) == 20)
        #expect(QuotaRules.wait(state, now: 80) == nil)
    }
}
