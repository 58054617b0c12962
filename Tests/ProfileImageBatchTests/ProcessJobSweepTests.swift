import Foundation
import ProfileImage
import Testing

@testable import ProfileImageBatch

@Suite("Queue jobs: leftovers of an earlier attempt, paths as one job")
struct ProcessJobSweepTests {
    @Test("a retry deletes its own temporary files only, never another job's with a similar name")
    func sweepsOnlyItsOwn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pik-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let prefix = AtomicFile.temporaryPrefix
        let own = [prefix + "123-4-ada.image.jpg", prefix + "77-1-ada.cropped_image.png"]
        let others = [
            prefix + "123-5-x-ada.image.jpg",  // the job of x-ada, in progress
            prefix + "123-6-team-ada.cropped_image.jpg",
            prefix + "9-9-ada.image.jpg.old",
            prefix + "ada.image.jpg",
            prefix + "1-a-ada.image.jpg",
            "ada.image.jpg",  // a finished output
            "x-ada.image.jpg",
        ]
        for name in own + others {
            #expect(FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data()))
        }
        let job = ProcessJob(
            input: "/photos/ada.jpg", stem: "ada", outputDirectory: folder.path,
            settings: PipelineSettings(ProfileImagePipeline.Configuration(), crop: nil))
        job.sweepLeftovers()
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        #expect(left == Set(others))
    }

    @Test(
        "`.`, `..` and repeated slashes resolve as text",
        arguments: [
            ("/a/./b//c/", "/a/b/c"), ("/a/b/../c", "/a/c"), ("/../a", "/a"), ("/", "/"), ("/a/b/..", "/a"),
        ])
    func absolutePaths(path: String, expected: String) {
        #expect(ProcessJob.absolute(path) == expected)
    }

    @Test("a relative path is taken from the current folder")
    func relativePaths() {
        let here = ProcessJob.absolute(FileManager.default.currentDirectoryPath)
        #expect(ProcessJob.absolute("photos") == here + "/photos")
        #expect(ProcessJob.absolute("./photos/../photos/") == here + "/photos")
    }
}
