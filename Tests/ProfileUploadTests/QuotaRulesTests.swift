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
            if QuotaRules.decide(state, now: clock) == .probe { state.probedAt = clock }
            let latency = Double(generator.next() % 500) / 1_000
            if serverWouldTake {
                server.append(clock)
                state.successes = (state.successes + [clock + latency]).sorted()
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
        // With two new updates, a window after the 429 the third goes as a probe of the learned
        // rule; once probed, the rule holds the next one back, for the window at most.
        var later = state
        later.successes += [122.5, 122.6]
        #expect(QuotaRules.decide(later, now: 123) == .probe)
        later.probedAt = 123
        let wait = QuotaRules.wait(later, now: 123.5)
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

    /// Updates the store never sees (the website, another store): its readings can be too strict,
    /// and then a probe goes through once per window, so a refusal the server would not make
    /// lasts at most that long.
    @Test(arguments: [(2, 20.0), (3, 300.0), (2, 86_400.0)])
    func unseenUpdates(limit: Int, window: Double) {
        var generator = SplitMix64(seed: UInt64(limit) &* 31 &+ UInt64(window))
        var server: [Double] = []
        var state = QuotaRules.AccountState(
            configuredLimit: nil, throttledAt: nil, blockedUntil: nil, successes: [], pending: [])
        var clock = 1_000_000.0
        var wronglyRefusedSince: Double?
        var longestWrongRefusal = 0.0
        for _ in 0..<600 {
            clock += generator.next() % 4 == 0 ? Double(generator.next() % UInt64(window)) : Double(generator.next() % 3) + 0.1
            // Now and then someone updates the account elsewhere.
            if generator.next() % 7 == 0, server.filter({ $0 > clock - window }).count < limit { server.append(clock) }
            clock += 0.1
            let serverWouldTake = server.filter { $0 > clock - window }.count < limit
            let decision = QuotaRules.decide(state, now: clock)
            if case .wait = decision {
                if serverWouldTake, state.blockedUntil.map({ clock >= $0 }) ?? true {
                    wronglyRefusedSince = wronglyRefusedSince ?? clock
                    longestWrongRefusal = max(longestWrongRefusal, clock - wronglyRefusedSince!)
                } else {
                    wronglyRefusedSince = nil
                }
                continue
            }
            wronglyRefusedSince = nil
            if decision == .probe { state.probedAt = clock }
            if serverWouldTake {
                server.append(clock)
                state.successes.append(clock + 0.05)
            } else {
                let counted = server.filter { $0 > clock - window }.sorted()
                state.throttledAt = clock + 0.05
                state.blockedUntil = clock + 0.05 + (counted[counted.count - limit] + window - clock).rounded(.up)
            }
        }
        #expect(longestWrongRefusal <= window + QuotaRules.tolerance, "a wrong refusal lasted \(longestWrongRefusal) s")
    }

    @Test("a request sent without an answer may be the update the server counted")
    func unanswered() {
        // The server took updates at 10 (its answer lost) and 11; a 429 at 12 says 18 s: 2 per 20 s.
        let state = QuotaRules.AccountState(
            configuredLimit: nil, throttledAt: 12, blockedUntil: 30, successes: [11], pending: [], uncertain: [10])
        #expect(QuotaRules.readings(state, now: 31).contains(QuotaRules.Reading(limit: 2, window: 20)))
        #expect(QuotaRules.decide(state, now: 31) == .free)
    }

    @Test("a wait of centuries from the server neither traps nor is taken as said")
    func hugeWaits() {
        #expect(QuotaMessage.retryAfter(header: "9223372036854775807", now: Date()) == QuotaRules.longestWait)
        #expect(QuotaMessage.retryAfter(header: "99999999999999999999999", now: Date()) == QuotaRules.longestWait)
        #expect(QuotaMessage.retryAfter(text: "Expected available in 9223372036854775807 hours.") == QuotaRules.longestWait)
        let state = QuotaRules.AccountState(
            configuredLimit: nil, throttledAt: 0, blockedUntil: 1e300, successes: [], pending: [])
        #expect(QuotaRules.wait(state, now: 10) == QuotaRules.longestWait)
    }
}
