extension Array where Element == UInt8 {
    /// Copies `count` bytes a C library owns; `nil` for a null pointer or no bytes.
    init?(copying pointer: UnsafePointer<UInt8>?, count: Int) {
        guard let pointer, count > 0 else { return nil }
        self.init(UnsafeBufferPointer(start: pointer, count: count))
    }
}
