/// Which format the outputs are written in.
public enum OutputFormat: String, Sendable, Hashable, CaseIterable {
    /// PNG when the input has real transparency (some alpha below 255), JPEG otherwise.
    case auto
    /// Always JPEG; transparency is flattened onto the background colour.
    case jpeg
    /// Always PNG (lossless, larger).
    case png

    func resolved(hasTransparency: Bool) -> ImageFormat {
        switch self {
        case .auto: hasTransparency ? .png : .jpeg
        case .jpeg: .jpeg
        case .png: .png
        }
    }
}
