import CProfileImageVision
import Testing

@Suite("The detector's C entry point refuses cascades it cannot walk")
struct HaarCascadeLayoutTests {
    /// `pik_haar_detect`'s answer for a one-feature, 3x3 cascade of two stumps whose stages
    /// start at `firstTrees` and hold `counts` trees, on a 12x12 picture with some texture.
    static func detect(firstTrees: [Int32], counts: [Int32]) -> Int32 {
        let stages = zip(firstTrees, counts).map { pik_haar_stage(first_tree: $0, tree_count: $1, threshold: -1) }
        let trees = [
            pik_haar_tree(first_node: 0, node_count: 1, first_leaf: 0),
            pik_haar_tree(first_node: 0, node_count: 1, first_leaf: 0),
        ]
        let nodes = [pik_haar_node(feature: 0, threshold: 0, left: 0, right: -1)]
        let leaves: [Float] = [0, 1]
        let rect = pik_haar_rect(x: 0, y: 0, width: 3, height: 3, weight: 1)
        let empty = pik_haar_rect(x: 0, y: 0, width: 0, height: 0, weight: 0)
        let features = [pik_haar_feature(rects: (rect, empty, empty), count: 1)]
        let picture = (0..<144).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        var faces = [pik_face](repeating: pik_face(), count: 4)
        return stages.withUnsafeBufferPointer { stages in
            trees.withUnsafeBufferPointer { trees in
                nodes.withUnsafeBufferPointer { nodes in
                    leaves.withUnsafeBufferPointer { leaves in
                        features.withUnsafeBufferPointer { features in
                            var cascade = pik_haar_cascade(
                                window_width: 3, window_height: 3, stages: stages.baseAddress,
                                stage_count: Int32(stages.count), trees: trees.baseAddress, nodes: nodes.baseAddress,
                                leaves: leaves.baseAddress, features: features.baseAddress, tree_total: 2, node_total: 1,
                                leaf_total: 2, feature_total: 1)
                            return picture.withUnsafeBufferPointer { pixels in
                                pik_haar_detect(&cascade, pixels.baseAddress, 12, 12, 12, 1.1, 0, 0, 1, &faces, 4)
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("stages holding the trees in order are walked")
    func inOrder() {
        #expect(Self.detect(firstTrees: [0, 1], counts: [1, 1]) >= 0)
        #expect(Self.detect(firstTrees: [0], counts: [2]) >= 0)
    }

    @Test(
        "stages out of order, overlapping, leaving a gap or leaving trees out are refused",
        arguments: [([1, 0], [1, 1]), ([0, 0], [1, 1]), ([0, 2], [1, 0]), ([0], [1]), ([1], [1])] as [([Int32], [Int32])])
    func outOfOrder(firstTrees: [Int32], counts: [Int32]) {
        #expect(Self.detect(firstTrees: firstTrees, counts: counts) == -1)
    }
}
