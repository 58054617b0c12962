import ArgumentParser
import Foundation
import ProfileImage
import ProfileQuotaSQLite
import ProfileImageBatch
import ProfileUpload
import ProfileUploadAsyncHTTPClient

/// `profile-image upload`: make both files from a photo and send them to the profile API.
struct UploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Make image and cropped_image from a photo and upload them to the profile API.",
        discussion: """
            Sends POST <endpoint>/user/profile/profile-image/ (or --upload-path) as multipart/form-data \
            with the two files, authenticated as --auth says (default: headers apikey and \
            Authorization: Bearer). Credentials come from PROFILE_API_KEY and PROFILE_ACCESS_TOKEN (or \
            --credentials FILE holding those lines; only the ones --auth sends are needed) and are \
            never printed. \
            The photo is validated and processed first: a corrupt file costs no request and no quota. \
            The quota store (--quota-store) remembers the daily limit and any wait the server announced; \
            while an account is blocked, nothing is sent. Connection failures and 503 are retried \
            with backoff; an upload answered 502 or 504 (a gateway that passed it on) is not sent \
            again and counts against the quota; 400, 401 and 429 are never retried.

            EXAMPLES
              export PROFILE_API_KEY=... PROFILE_ACCESS_TOKEN=...
              profile-image upload me.jpg --endpoint https://api.example.com/api/v1
              profile-image upload me.jpg --endpoint http://127.0.0.1:8080/api/v1 \\
                --crop 120,40,800,800 --json

            \(ExitStatus.help)
            """
    )

    @Argument(help: ArgumentHelp("The photo (JPEG, PNG, WebP, HEIC, AVIF, GIF, TIFF or BMP).", valueName: "image"))
    var image: String

    @OptionGroup var api: APIArguments
    @OptionGroup var pipeline: PipelineArguments

    @Flag(help: "Print the outcome as one JSON object.")
    var json = false

    func run() async throws {
        let credentials = try api.loadCredentials()
        let uploader = PhotoUploader(
            pipeline: ProfileImagePipeline(configuration: pipeline.configuration), crop: pipeline.cropRectangle)
        let record = try await QuotaStoreErrors.reporting {
            try await api.quotaStore.location().withStore { quotaStore in
                try await AsyncHTTPClientTransport.withTransport(connectTimeout: api.connectDuration) { transport in
                    let client = ProfileAPIClient(
                        configuration: api.configuration(credentials), transport: transport, quotaStore: quotaStore)
                    return await uploader.upload(image, with: client)
                }
            }
        }
        let line = json ? record.jsonLine : record.textLine
        if record.status == .uploaded {
            print(line)
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
            if json { print(line) }
        }
        if record.status != .uploaded { throw ExitCode(ExitStatus.of(record.status)) }
    }
}
