import ProfileImage

extension ProfileImageProcessor {
    /// Worker threads for a batch of `jobs` files at a time: the batch runner already bounds how
    /// many are in flight, so nobody waits here and nothing is refused; what the threads give is
    /// that reading, decoding, encoding and fsync never hold one of Swift's cooperative threads.
    static func forBatch(jobs: Int) -> ProfileImageProcessor {
        ProfileImageProcessor(
            configuration: .init(
                threads: jobs, maxConcurrentJobs: jobs, maxPixelsInFlight: .max, admissionTimeout: nil, maxWaiting: .max))
    }
}
