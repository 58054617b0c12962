import ProfileImage

extension ProfileMetrics: ProcessingObserver {
    /// Records the stage timers of a finished job, by input format (a stage that took no time,
    /// not being done, is not recorded), and counts it processed.
    public func processed(_ timings: StageTimings, source: ImageInfo) {
        guard isRecording else { return }
        let format = [("format", source.format.rawValue)]
        record(Name.decode, timings.decode, format)
        if timings.resample > .zero { record(Name.resample, timings.resample, format) }
        if timings.framing > .zero { record(Name.framing, timings.framing, format) }
        record(Name.encode, timings.encode, format)
        increment(Name.jobs, [("outcome", "processed"), ("code", "")])
    }

    /// Counts a failed or refused job by its code.
    public func failed(_ code: ProfileImageError.Code) {
        increment(Name.jobs, [("outcome", "failed"), ("code", code.rawValue)])
    }
}
