import ProfileImage

/// Results by unguessable id, in memory, for a limited time and up to a limited count: the
/// oldest go first, so a flood of uploads cannot grow it without bound. Results are never read
/// from a path a request names; an id that is not one of these is simply not found.
actor ResultStore {
    private var results: [ResultID: AvatarResult] = [:]
    private var order: [ResultID] = []
    private var bytes = 0
    private let lifetime: Duration
    private let maxResults: Int
    private let maxBytes: Int

    /// Keeps each result for `lifetime`, and at most `maxResults` of them holding `maxBytes`.
    init(lifetime: Duration, maxResults: Int, maxBytes: Int) {
        self.lifetime = lifetime
        self.maxResults = max(1, maxResults)
        self.maxBytes = max(1, maxBytes)
    }

    /// Keeps `image` and `croppedImage` under a new id.
    func keep(image: EncodedImage, croppedImage: EncodedImage) -> ResultID {
        let now = ContinuousClock.now
        removeExpired(now: now)
        let result = AvatarResult(image: image, croppedImage: croppedImage, expires: now + lifetime)
        while !order.isEmpty, order.count >= maxResults || bytes + result.size > maxBytes { removeOldest() }
        var id = ResultID()
        while results[id] != nil { id = ResultID() }
        results[id] = result
        order.append(id)
        bytes += result.size
        return id
    }

    /// The result under `id`, unless it expired or was never made.
    func result(_ id: ResultID) -> AvatarResult? {
        removeExpired(now: .now)
        return results[id]
    }

    /// Results held now.
    var count: Int { results.count }

    private func removeExpired(now: ContinuousClock.Instant) {
        while let first = order.first, let result = results[first], result.expires <= now { removeOldest() }
    }

    private func removeOldest() {
        let id = order.removeFirst()
        bytes -= results.removeValue(forKey: id)?.size ?? 0
    }
}
