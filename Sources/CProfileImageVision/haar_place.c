#include "haar_internal.h"

// Where a rectangle's four corners are from the window's top-left entry: in an integral image
// `pitch` entries a row, or (`plane_size` > 0) in its two parity planes, `pitch` = the half-row.
static void place_rect(const pik_haar_rect *rect, int32_t pitch, size_t plane_size, int32_t corners[4]) {
    const int32_t xs[4] = {rect->x, rect->x + rect->width, rect->x, rect->x + rect->width};
    const int32_t ys[4] = {rect->y, rect->y, rect->y + rect->height, rect->y + rect->height};
    for (int32_t k = 0; k < 4; k++) {
        corners[k] = plane_size ? (int32_t)((size_t)(xs[k] & 1) * plane_size) + ys[k] * pitch + (xs[k] >> 1)
                                : ys[k] * pitch + xs[k];
    }
}

void pik_haar_place_features(const pik_haar_cascade *c, int32_t pitch, placed_feature *placed) {
    for (int32_t f = 0; f < c->feature_total; f++) {
        const pik_haar_feature *feature = &c->features[f];
        for (int32_t r = 0; r < 3; r++) {
            place_rect(&feature->rects[r < feature->count ? r : 0], pitch, 0, placed[f].corners[r]);
            placed[f].weights[r] = r < feature->count ? feature->rects[r].weight : 0;
        }
    }
}

void pik_haar_place_norm(const pik_haar_cascade *c, int32_t pitch, int32_t norm[4]) {
    const pik_haar_rect inner = {1, 1, c->window_width - 2, c->window_height - 2, 1};
    place_rect(&inner, pitch, 0, norm);
}

void pik_haar_place_stumps(const pik_haar_cascade *c, int32_t first, int32_t limit, int32_t pitch, size_t plane_size,
                           placed_stump *stumps) {
    const int32_t half = (pitch + 1) / 2;
    for (int32_t t = first; t < limit; t++) {
        const pik_haar_tree *tree = &c->trees[t];
        const pik_haar_node *node = &c->nodes[tree->first_node];
        const pik_haar_feature *feature = &c->features[node->feature];
        for (int32_t r = 0; r < 3; r++) {
            place_rect(&feature->rects[r < feature->count ? r : 0], plane_size ? half : pitch, plane_size,
                       stumps[t].corners[r]);
            stumps[t].weights[r] = r < feature->count ? feature->rects[r].weight : 0;
        }
        stumps[t].threshold = node->threshold;
        stumps[t].below = c->leaves[tree->first_leaf - node->left];
        stumps[t].above = c->leaves[tree->first_leaf - node->right];
    }
}

void pik_haar_split_by_parity(const int32_t *sum, int32_t pitch, int32_t rows, int32_t *planes, size_t plane_size) {
    const int32_t half = (pitch + 1) / 2;
    for (int32_t y = 0; y < rows; y++) {
        const int32_t *row = sum + (size_t)y * pitch;
        int32_t *even = planes + (size_t)y * half, *odd = planes + plane_size + (size_t)y * half;
        for (int32_t j = 0; j < half; j++) {
            even[j] = row[2 * j];
            odd[j] = 2 * j + 1 < pitch ? row[2 * j + 1] : 0;
        }
    }
}
