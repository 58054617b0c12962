extension Resampler {
    /// Resamples a picture whose rows arrive top to bottom: `readRows(destination, stride, count)`
    /// must write the next `count` rows, `stride` bytes apart. Only a window of
    /// ``ResampleAxis/taps`` source rows is held (a ring: row `r` lives in slot `r % taps`), so
    /// peak memory is the output plus a few rows instead of the whole decoded picture, and no
    /// large buffer has to be faulted in and zeroed for each file. Rows below the last one the
    /// output reads are left unread for the caller.
    func runStreaming(
        sourceWidth: Int, readRows: (UnsafeMutablePointer<UInt8>, _ stride: Int, _ count: Int) throws -> Void
    ) throws -> [UInt8] {
        let stride = sourceWidth * channels
        let capacity = vertical.taps
        var window = [UInt8](repeating: 0, count: capacity * stride)
        var rowsRead = 0
        return try window.withUnsafeMutableBufferPointer { window in
            // `run` asks for rows in order, never more than `taps` past the lowest row the output
            // row at hand reads, so reading up to row `r` only overwrites rows no longer needed.
            try run { row in
                while rowsRead <= row {
                    let slot = rowsRead % capacity
                    let count = min(row + 1 - rowsRead, capacity - slot)
                    try readRows(window.baseAddress! + slot * stride, stride, count)
                    rowsRead += count
                }
                return UnsafePointer(window.baseAddress! + (row % capacity) * stride)
            }
        }
    }
}
