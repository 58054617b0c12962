// CProfileImageVision: the loops behind the crop strategies, in C for speed. A Viola-Jones
// detector that evaluates an OpenCV Haar cascade (parsed in Swift) the way OpenCV's
// CascadeClassifier does, and an attention map in the spirit of libvips' smartcrop. Pure
// functions of their inputs: no global state, deterministic on every CPU.

#ifndef C_PROFILE_IMAGE_VISION_H
#define C_PROFILE_IMAGE_VISION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One weighted rectangle of a Haar feature, in the cascade's window (e.g. 24x24).
typedef struct {
    int32_t x, y, width, height;
    float weight;
} pik_haar_rect;

/// A Haar feature: two or three weighted rectangles (`count`).
typedef struct {
    pik_haar_rect rects[3];
    int32_t count;
} pik_haar_feature;

/// A node of a weak classifier's tree: feature value below `threshold` goes `left`, else
/// `right`; a child above 0 is a node of the same tree, 0 or below is leaf number `-child`.
typedef struct {
    int32_t feature;
    float threshold;
    int32_t left, right;
} pik_haar_node;

/// A weak classifier: `node_count` nodes from `first_node`, `node_count + 1` leaves from `first_leaf`.
typedef struct {
    int32_t first_node, node_count, first_leaf;
} pik_haar_tree;

/// A stage: the sum of its trees' leaves must reach `threshold` for a window to go on.
typedef struct {
    int32_t first_tree, tree_count;
    float threshold;
} pik_haar_stage;

/// A whole cascade, as flat arrays.
typedef struct {
    int32_t window_width, window_height;
    const pik_haar_stage *stages;
    int32_t stage_count;
    const pik_haar_tree *trees;
    const pik_haar_node *nodes;
    const float *leaves;
    const pik_haar_feature *features;
    /// Sizes of the arrays, so that every index is checked once before use.
    int32_t tree_total, node_total, leaf_total, feature_total;
} pik_haar_cascade;

/// One detection after grouping: the averaged rectangle and how many raw windows agreed.
typedef struct {
    int32_t x, y, width, height, neighbours;
} pik_face;

/// Finds objects (faces, for a face cascade) in a greyscale picture, as OpenCV's
/// `detectMultiScale` does: a pyramid scaled by `scale_factor` (e.g. 1.1; squared once windows
/// are twice the cascade's size, where OpenCV keeps `scale_factor`), every window whose
/// standard deviation is above 10 run through the stages, hits grouped as `groupRectangles`
/// with eps 0.2 keeping groups of more than `min_neighbours`, and small groups inside larger ones
/// dropped. Windows smaller than `min_size` are not tried. With `vectorise` the first stages
/// run sixteen windows at a time with AVX-512 or eight with AVX2 where the CPU has it (the same
/// results: tests compare both paths). Writes up to `capacity` detections and returns how many
/// there were in all, or -1 when out of memory or given a cascade with out-of-range indices or
/// stages that do not hold its trees one after another, in order.
int pik_haar_detect(const pik_haar_cascade *cascade, const uint8_t *grey, int32_t width, int32_t height,
                    size_t stride, double scale_factor, int32_t min_neighbours, int32_t min_size, int32_t vectorise,
                    pik_face *faces, int32_t capacity);

/// Averages `factor` x `factor` blocks of interleaved 8-bit pixels (1, 3 or 4 channels; the
/// last block of a row or column takes what is left) into `output`, `out_width` =
/// ceil(width / factor) pixels a row, `channels` bytes each, rows packed.
void pik_box_shrink(const uint8_t *input, int32_t width, int32_t height, size_t stride, int32_t channels,
                    int32_t factor, uint8_t *output);

/// Rec. 601 luma of interleaved RGB or RGBX pixels (`channels` 3 or 4; 1 copies).
void pik_luma(const uint8_t *input, int32_t pixel_count, int32_t channels, uint8_t *output);

/// The most interesting `side` x `side` square of an RGB or grey picture (rows packed,
/// `channels` 3 or 1 bytes a pixel), in the spirit of libvips' attention crop: each pixel scores
/// for its edges (Sobel magnitude of luma), for skin tones and for saturated colour (neither in
/// grey); the square with the highest total wins, the one nearest the centre among equals.
/// Writes its top-left corner; returns 0, or -1 when out of memory, for other channel counts,
/// or when `side` does not fit.
int pik_attention_square(const uint8_t *pixels, int32_t width, int32_t height, int32_t channels, int32_t side,
                         int32_t *x, int32_t *y);

#ifdef __cplusplus
}
#endif

#endif
