import ProfileImage

/// Results by unguessable id, in memory, for a limited time and up to a limited count: the
/// oldest go first, so a flood of uploads cannot grow it without bound. Results are never read
/// from a path a request names; an id that is not one of these is simply not found.
public actor ResultStore {
    private var results: [ResultID: AvatarResult] = [:]
    private var order: [ResultID] = []
    private let lifetime: Duration
    private let maxResults: Int

    /// Keeps each result for `lifetime`, and at most `maxResults` of them.
    public init(lifetime: Duration, maxResults: Int) {
        self.lifetime = lifetime
        self.maxResults = max(1, maxResults)
    }

    /// Keeps `image` and `croppedImage` under a new id.
    public func keep(image: EncodedImage, croppedImage: EncodedImage) -> ResultID {
        let now = ContinuousClock.now
        removeExpired(now: now)
        while order.count >= maxResults { results[order.removeFirst()] = nil }
        var id = ResultID()
        while results[id] != nil { id = ResultID() }
        results[id] = AvatarResult(image: image, croppedImage: croppedImage, expires: now + lifetime)
        order.append(id)
        return id
    }

    /// The result under `id`, unless it expired or was never made.
    public func result(_ id: ResultID) -> AvatarResult? {
        removeExpired(now: .now)
        return results[id]
    }

    /// Results held now.
    public var count: Int { results.count }

    private func removeExpired(now: ContinuousClock.Instant) {
        while let first = order.first, let result = results[first], result.expires <= now {
            results[first] = nil
            order.removeFirst()
        }
    }
}
