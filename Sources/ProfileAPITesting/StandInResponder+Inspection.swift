import Hummingbird

extension StandInResponder {
    /// Where a test in another process (the browser test, say) reads what the stand-in received:
    /// `GET /_stand-in/uploads/last/<field>` answers the named part of the last upload, as sent.
    static let inspectionPrefix = "/_stand-in/uploads/"

    /// The part named by `rest` (`last/image`, `last/cropped_image`), or 404.
    func inspect(_ rest: String) async -> Response {
        let components = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard components.count == 2, components[0] == "last",
            let part = await state.uploads.last?.first(where: { $0.name == components[1] })
        else { return Self.json(404, ["detail": "No such upload part."]) }
        var headers = HTTPFields()
        headers[.contentType] = part.contentType ?? "application/octet-stream"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: part.bytes)))
    }
}
