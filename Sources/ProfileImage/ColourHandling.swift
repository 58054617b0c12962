/// What the pipeline did about the input's colours: the profile it found and what became of it.
public struct ColourHandling: Sendable, Hashable {
    /// What was done.
    public var action: Action

    /// `text` without control characters (C0, DEL, C1): a note may quote bytes of the file, and
    /// reports and terminals show notes.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) }))
    }
    /// The input profile's description (its `desc` tag), when it has a profile.
    public var profile: String?
    /// Why a profile was not used, in Little CMS's words or ours; `nil` when it was.
    public var note: String?

    /// Creates a record.
    public init(action: Action, profile: String? = nil, note: String? = nil) {
        self.action = action
        self.profile = profile
        self.note = note
    }

    /// What the pipeline did about the colours.
    public enum Action: String, Sendable, Hashable {
        /// No profile: the pixels were taken as sRGB (CMYK by the naive formula).
        case untagged
        /// The profile was sRGB already: nothing to convert.
        case alreadySRGB
        /// The pixels were converted from the profile to sRGB; the outputs carry no profile.
        case convertedToSRGB
        /// Nothing converted; the profile was carried over, as it describes the output
        /// (``ICCProfilePolicy/keep`` with an RGB or grey profile).
        case kept
        /// Nothing converted, no profile embedded (``ICCProfilePolicy/drop``, or
        /// ``ICCProfilePolicy/keep`` with a CMYK profile, which cannot describe the output).
        case dropped
        /// The profile could not be used (see ``ColourHandling/note``): the pixels were taken
        /// as sRGB and the outputs carry no profile.
        case ignored
    }
}
