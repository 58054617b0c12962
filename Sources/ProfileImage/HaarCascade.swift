import CProfileImageVision
import Foundation
import Synchronization

/// A Viola-Jones object detector as OpenCV trains and stores it: the stages of boosted Haar
/// features of an OpenCV cascade XML file (the format of `opencv_traincascade`, such as Debian's
/// `opencv-data` ships under `/usr/share/opencv4/haarcascades`). Evaluated by this package's own
/// C kernel; OpenCV itself is not linked.
public struct HaarCascade: Sendable {
    /// Where Debian and Ubuntu's `opencv-data` installs the frontal-face cascade.
    public static let defaultFacePath = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"

    /// How many stages a window must pass.
    public var stageCount: Int { stages.count }
    /// How many Haar features the stages use.
    public var featureCount: Int { features.count }

    let windowWidth: Int32
    let windowHeight: Int32
    var stages: [pik_haar_stage] = []
    var trees: [pik_haar_tree] = []
    var nodes: [pik_haar_node] = []
    var leaves: [Float] = []
    var features: [pik_haar_feature] = []

    /// Reads a cascade file.
    /// - Throws: ``ProfileImageError/Code/invalidOption`` naming the file when it cannot be read
    ///   or is not an OpenCV Haar cascade of the `opencv_traincascade` format.
    public init(contentsOf path: String) throws {
        // Read at most a little more than the largest cascade there is (2.7 MB): a device or a
        // huge file is refused without being read whole.
        let limit = 64 << 20
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.read(upToCount: limit + 1) else {
            throw ProfileImageError.usage(
                .invalidOption,
                "Cannot read the face cascade \(path) (on Debian or Ubuntu: apt-get install opencv-data)")
        }
        try? handle.close()
        guard data.count <= limit else {
            throw ProfileImageError.usage(.invalidOption, "\(path) is larger than 64 MB: not a Haar cascade")
        }
        do {
            self = try HaarCascade(parsing: [UInt8](data))
        } catch let error as ProfileImageError {
            throw ProfileImageError.usage(.invalidOption, "\(path): \(error.message)")
        }
    }

    /// Parses the text of a cascade file.
    /// - Throws: ``ProfileImageError/Code/invalidOption`` when it is not a Haar cascade of the
    ///   `opencv_traincascade` format (the older `haartraining` format and LBP cascades included).
    public init(parsing text: [UInt8]) throws {
        var reader = CascadeXMLReader(text)
        let document = try reader.document()
        func fail(_ message: String) -> ProfileImageError { ProfileImageError.usage(.invalidOption, message) }
        guard let cascade = document.child("cascade") else { throw fail("not an OpenCV cascade (no <cascade>)") }
        guard cascade.child("featureType")?.value == "HAAR" else { throw fail("not a Haar cascade") }
        guard let width = cascade.child("width").flatMap({ Int32($0.value) }),
            let height = cascade.child("height").flatMap({ Int32($0.value) }), (3...1000).contains(width),
            (3...1000).contains(height)
        else { throw fail("no window size") }
        windowWidth = width
        windowHeight = height
        // OpenCV lowers every stage threshold by this much when it reads one.
        let thresholdEpsilon: Float = 1e-5
        for stage in cascade.child("stages")?.children ?? [] {
            guard let threshold = stage.child("stageThreshold").flatMap({ Float($0.value) }),
                let classifiers = stage.child("weakClassifiers")
            else { throw fail("a stage without threshold or classifiers") }
            let firstTree = Int32(trees.count)
            for classifier in classifiers.children {
                let numbers = classifier.child("internalNodes")?.numbers ?? []
                let leafValues = (classifier.child("leafValues")?.numbers ?? []).map { Float($0) }
                guard !numbers.isEmpty, numbers.count % 4 == 0, leafValues.count == numbers.count / 4 + 1 else {
                    throw fail("a weak classifier whose nodes and leaves do not match")
                }
                trees.append(
                    pik_haar_tree(
                        first_node: Int32(nodes.count), node_count: Int32(numbers.count / 4),
                        first_leaf: Int32(leaves.count)))
                for start in stride(from: 0, to: numbers.count, by: 4) {
                    guard let left = Int32(exactly: numbers[start]), let right = Int32(exactly: numbers[start + 1]),
                        let feature = Int32(exactly: numbers[start + 2])
                    else { throw fail("a node with a fractional index") }
                    nodes.append(pik_haar_node(feature: feature, threshold: Float(numbers[start + 3]), left: left, right: right))
                }
                leaves += leafValues
            }
            stages.append(
                pik_haar_stage(
                    first_tree: firstTree, tree_count: Int32(trees.count) - firstTree,
                    threshold: threshold - thresholdEpsilon))
        }
        for feature in cascade.child("features")?.children ?? [] {
            if let tilted = feature.child("tilted"), tilted.value != "0" {
                throw fail("tilted features (an extended Haar set) are not supported")
            }
            let rects = feature.child("rects")?.children.map(\.numbers) ?? []
            guard (1...3).contains(rects.count), rects.allSatisfy({ $0.count == 5 }) else {
                throw fail("a feature without one to three rectangles of x y w h weight")
            }
            var made = pik_haar_feature()
            made.count = Int32(rects.count)
            let converted = try rects.map { r -> pik_haar_rect in
                guard let x = Int32(exactly: r[0]), let y = Int32(exactly: r[1]), let w = Int32(exactly: r[2]),
                    let h = Int32(exactly: r[3])
                else { throw fail("a rectangle with fractional coordinates") }
                return pik_haar_rect(x: x, y: y, width: w, height: h, weight: Float(r[4]))
            }
            let empty = pik_haar_rect()
            made.rects = (converted[0], converted.count > 1 ? converted[1] : empty, converted.count > 2 ? converted[2] : empty)
            features.append(made)
        }
        guard !stages.isEmpty, !features.isEmpty else { throw fail("no stages or no features") }
        // The kernel checks every index once more; a cascade it refuses is refused here.
        let probe = [UInt8](repeating: 0, count: Int(width * height))
        guard detect(in: probe, width: Int(width), height: Int(height), minNeighbours: 0) != nil else {
            throw fail("a node, tree or rectangle out of range")
        }
    }

    /// Runs the detector over a greyscale raster (rows packed); `nil` if the kernel refused the
    /// cascade or ran out of memory.
    func detect(in grey: [UInt8], width: Int, height: Int, minNeighbours: Int, vectorised: Bool = true) -> [pik_face]? {
        stages.withUnsafeBufferPointer { stages in
            trees.withUnsafeBufferPointer { trees in
                nodes.withUnsafeBufferPointer { nodes in
                    leaves.withUnsafeBufferPointer { leaves in
                        features.withUnsafeBufferPointer { features in
                            var cascade = pik_haar_cascade(
                                window_width: windowWidth, window_height: windowHeight, stages: stages.baseAddress,
                                stage_count: Int32(stages.count), trees: trees.baseAddress, nodes: nodes.baseAddress,
                                leaves: leaves.baseAddress, features: features.baseAddress,
                                tree_total: Int32(trees.count), node_total: Int32(nodes.count),
                                leaf_total: Int32(leaves.count), feature_total: Int32(features.count))
                            var faces = [pik_face](repeating: pik_face(), count: 64)
                            let found = pik_haar_detect(
                                &cascade, grey, Int32(width), Int32(height), width, CropFraming.scaleFactor, Int32(minNeighbours),
                                0, vectorised ? 1 : 0, &faces, Int32(faces.count))
                            guard found >= 0 else { return nil }
                            return Array(faces.prefix(Int(found)))
                        }
                    }
                }
            }
        }
    }

    /// What the cascade finds in a greyscale picture, with the parameters ``CropStrategy/face``
    /// uses (pyramid, window steps, more than 4 neighbours), in the picture's pixels; the first
    /// 64 detections.
    /// - Parameter vectorised: `false` runs the portable path instead of the AVX2 one: the same
    ///   results, for tests and fuzzing that compare them.
    /// - Throws: ``ProfileImageError/Code/invalidOption`` for a picture that is not grey or has
    ///   more than 8 million pixels; ``ProfileImageError/Code/resourceLimit`` if memory runs out.
    public func objects(in picture: PixelBuffer, vectorised: Bool = true) throws -> [CropRectangle] {
        guard picture.layout == .gray, picture.width <= 8_000_000, picture.height <= 8_000_000,
            picture.width * picture.height <= 8_000_000
        else {
            throw ProfileImageError.usage(.invalidOption, "The detector takes a grey picture of at most 8 million pixels")
        }
        guard picture.width > 0, picture.height > 0 else { return [] }
        guard
            let found = detect(
                in: picture.bytes, width: picture.width, height: picture.height,
                minNeighbours: CropFraming.minimumNeighbours, vectorised: vectorised)
        else {
            let message = "The face detector could not allocate its working memory"
            throw ProfileImageError(code: .resourceLimit, message: message, reason: message)
        }
        return found.map { CropRectangle(x: Int($0.x), y: Int($0.y), width: Int($0.width), height: Int($0.height)) }
    }

    private static let loaded = Mutex<[String: HaarCascade]>([:])

    /// The cascade at `path`, read once per process (a cascade is a megabyte of XML) and kept.
    /// - Throws: what ``init(contentsOf:)`` throws.
    public static func shared(at path: String) throws -> HaarCascade {
        if let cascade = loaded.withLock({ $0[path] }) { return cascade }
        // Read outside the lock: two threads may both read it, which costs only time.
        let cascade = try HaarCascade(contentsOf: path)
        loaded.withLock { $0[path] = cascade }
        return cascade
    }
}
