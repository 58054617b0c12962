import Foundation
import ProfileQuotaPostgres
import ProfileQuotaSQLite
import ProfileUpload
import Testing

/// One behaviour, every store: SQLite and a real PostgreSQL answer each of these the same way.
@Suite("Quota stores: the same decisions in SQLite and PostgreSQL")
struct QuotaStoreConformanceTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a configured limit: granted up to it, then refused until the oldest leaves the day", arguments: StoreKind.allCases)
    func configuredLimit(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let account = StoreKind.account()
            for minute in 0..<3 {
                let now = t0.addingTimeInterval(Double(minute) * 60)
                guard case .granted(let slot) = try await store.reserve(account: account, configuredLimit: 3, now: now) else {
                    Issue.record("slot \(minute) refused"); return
                }
                try await store.finish(slot, outcome: .succeeded, now: now)
            }
            let later = t0.addingTimeInterval(3_600)
            guard case .blocked(let message, let wait) = try await store.reserve(account: account, configuredLimit: 3, now: later)
            else { Issue.record("a fourth update in a day was granted"); return }
            #expect(wait == 86_400 - 3_600)
            #expect(message == QuotaMessage.text(secondsLeft: wait))
            let next = t0.addingTimeInterval(86_400 + 1)
            #expect(try await store.reserve(account: account, configuredLimit: 3, now: next).isGranted)
            let quota = try #require(try await store.status(account: account, now: next))
            #expect(quota.configuredLimit == 3 && quota.limit == 3 && quota.updatesInLast24Hours == 2)
        }
    }

    @Test("a 429: refused for its wait in the server's words; the limit and window learned; free once it has passed", arguments: StoreKind.allCases)
    func throttled(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let account = StoreKind.account()
            for second in [0.0, 1.0] {
                let slot = try #require(try await store.reserve(account: account, configuredLimit: nil, now: t0 + second).reservation)
                try await store.finish(slot, outcome: .succeeded, now: t0 + second)
            }
            let third = try #require(try await store.reserve(account: account, configuredLimit: nil, now: t0 + 2).reservation)
            try await store.finish(third, outcome: .throttled(message: "server says wait", retryAfter: 18), now: t0 + 2)
            guard case .blocked(let message, let wait) = try await store.reserve(account: account, configuredLimit: nil, now: t0 + 5)
            else { Issue.record("granted within the server's wait"); return }
            #expect(wait == 15)
            #expect(message == "Your daily profile update limit exceeded. Expected available in 0 hours 0 minutes and 15 seconds.")
            let quota = try #require(try await store.status(account: account, now: t0 + 5))
            #expect(quota.learnedLimit == 2 && quota.learnedWindow == 20)
            #expect(quota.blockedUntil == t0 + 20)
            #expect(quota.lastServerMessage == "server says wait")
            #expect(try await store.reserve(account: account, configuredLimit: nil, now: t0 + 21).isGranted)
        }
    }

    @Test("released slots are freed; unanswered ones kept as possible updates; dead reservations expire", arguments: StoreKind.allCases)
    func outcomes(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let account = StoreKind.account()
            let released = try #require(try await store.reserve(account: account, configuredLimit: 1, now: t0).reservation)
            #expect(try await store.reserve(account: account, configuredLimit: 1, now: t0).isGranted == false, "pending counts")
            try await store.finish(released, outcome: .released, now: t0)
            let unanswered = try #require(try await store.reserve(account: account, configuredLimit: 1, now: t0 + 1).reservation)
            try await store.finish(unanswered, outcome: .unanswered, now: t0 + 2)
            #expect(!(try await store.reserve(account: account, configuredLimit: 1, now: t0 + 3).isGranted), "it may have counted")

            // A process that died mid-request leaves a reservation that stops counting after 10 minutes.
            let other = StoreKind.account()
            _ = try #require(try await store.reserve(account: other, configuredLimit: 1, now: t0).reservation)
            #expect(!(try await store.reserve(account: other, configuredLimit: 1, now: t0 + 599).isGranted))
            #expect(try await store.reserve(account: other, configuredLimit: 1, now: t0 + 601).isGranted)
        }
    }

    @Test("a success that outlived its reservation still counts; a caller without a limit keeps the stored one", arguments: StoreKind.allCases)
    func lateSuccess(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let account = StoreKind.account()
            let slot = try #require(try await store.reserve(account: account, configuredLimit: 1, now: t0).reservation)
            // Another caller's reservation, long after, sweeps the expired pending one away.
            _ = try await store.reserve(account: account, configuredLimit: nil, now: t0 + 700)
            try await store.finish(slot, outcome: .succeeded, now: t0 + 705)
            #expect(!(try await store.reserve(account: account, configuredLimit: 1, now: t0 + 710).isGranted))
            let quota = try #require(try await store.status(account: account, now: t0 + 710))
            #expect(quota.updatesInLast24Hours == 1)
            #expect(quota.configuredLimit == 1, "a caller without a limit left the configured one in place")
        }
    }

    @Test("a caller that gives no limit is bound by the one another caller stored", arguments: StoreKind.allCases)
    func storedLimitBindsEveryone(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let account = StoreKind.account()
            let slot = try #require(try await store.reserve(account: account, configuredLimit: 1, now: t0).reservation)
            try await store.finish(slot, outcome: .succeeded, now: t0 + 1)
            #expect(!(try await store.reserve(account: account, configuredLimit: nil, now: t0 + 2).isGranted))
            #expect(try await store.reserve(account: account, configuredLimit: 2, now: t0 + 3).isGranted, "a caller's own limit decides")
        }
    }

    @Test("unknown accounts; every account listed; no secret stored", arguments: StoreKind.allCases)
    func listing(kind: StoreKind) async throws {
        try await kind.withStore { store in
            #expect(try await store.status(account: StoreKind.account(), now: t0) == nil)
            let key = ProfileAPICredentials(apiKey: "key-SECRET", accessToken: "token-SECRET").accountKey(baseURL: "http://x/\(UUID())")
            _ = try await store.reserve(account: key, configuredLimit: nil, now: t0)
            let all = try await store.accounts(now: t0)
            #expect(all.contains { $0.account == key })
            #expect(!"\(all)".contains("SECRET"))
        }
    }

    @Test("twenty racing reservations from separate connections: exactly the limit is granted", arguments: StoreKind.allCases)
    func race(kind: StoreKind) async throws {
        let account = StoreKind.account()
        let now = t0
        let location = try kind.newLocation()
        let grants = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                // Four stores, each its own connection pool (or SQLite connection), five callers each.
                group.addTask {
                    try await kind.withStore(at: location) { store in
                        try await withThrowingTaskGroup(of: Int.self) { inner in
                            for _ in 0..<5 {
                                inner.addTask {
                                    try await store.reserve(account: account, configuredLimit: 3, now: now).isGranted ? 1 : 0
                                }
                            }
                            return try await inner.reduce(0, +)
                        }
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(grants == 3)
    }
}

extension QuotaDecision {
    var isGranted: Bool { reservation != nil }
    var reservation: QuotaReservation? {
        if case .granted(let slot) = self { return slot }
        return nil
    }
}
