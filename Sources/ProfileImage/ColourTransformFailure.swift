/// Why a profile could not become a transform.
struct ColourTransformFailure: Error {
    let reason: String
}
