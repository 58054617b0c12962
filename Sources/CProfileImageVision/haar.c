#include "haar_internal.h"

// The vector and scalar paths must compute the same floats: no fused multiply-adds.
#pragma clang fp contract(off)

#include <math.h>
#include <stdlib.h>
#include <string.h>

// Bilinear resize with OpenCV's pixel-centre convention, in 8-bit fixed point.
static int resize_bilinear(const uint8_t *src, int32_t sw, int32_t sh, size_t stride, uint8_t *dst, int32_t dw,
                           int32_t dh) {
    int32_t *xs = malloc(sizeof(int32_t) * (size_t)dw * 2);
    if (!xs) return -1;
    const double fx = (double)sw / dw, fy = (double)sh / dh;
    for (int32_t x = 0; x < dw; x++) {
        double sx = (x + 0.5) * fx - 0.5;
        if (sx < 0) sx = 0;
        int32_t x0 = (int32_t)sx;
        if (x0 > sw - 1) x0 = sw - 1;
        xs[2 * x] = x0;
        xs[2 * x + 1] = x0 + 1 < sw ? (int32_t)lrint((sx - x0) * 256) : 0;
    }
    for (int32_t y = 0; y < dh; y++) {
        double sy = (y + 0.5) * fy - 0.5;
        if (sy < 0) sy = 0;
        int32_t y0 = (int32_t)sy;
        if (y0 > sh - 1) y0 = sh - 1;
        const int32_t y1 = y0 + 1 < sh ? y0 + 1 : sh - 1;
        const int32_t wy = (int32_t)lrint((sy - y0) * 256);
        const uint8_t *r0 = src + (size_t)y0 * stride, *r1 = src + (size_t)y1 * stride;
        uint8_t *out = dst + (size_t)y * dw;
        for (int32_t x = 0; x < dw; x++) {
            const int32_t x0 = xs[2 * x], wx = xs[2 * x + 1], x1 = wx ? x0 + 1 : x0;
            const int32_t top = r0[x0] * (256 - wx) + r0[x1] * wx;
            const int32_t bottom = r1[x0] * (256 - wx) + r1[x1] * wx;
            out[x] = (uint8_t)((top * (256 - wy) + bottom * wy + 32768) >> 16);
        }
    }
    free(xs);
    return 0;
}

// A feature laid out for one integral-image pitch: the four corner offsets of each rectangle
// from the window's top-left entry, and its weights (unused rectangles weigh 0).
typedef struct {
    int32_t corners[3][4];
    float weights[3];
} placed_feature;

// A stump (a tree of one node, as most cascades are) with its feature placed and its leaves
// inline, laid out in stage order: the detector's hot loop reads these one after another.
typedef struct {
    int32_t corners[3][4];
    float weights[3];
    float threshold, below, above;
} placed_stump;

typedef struct {
    const pik_haar_cascade *cascade;
    const placed_feature *features;
    const placed_stump *stumps;  // every tree's, when every tree is a stump; else NULL
    const int32_t *sum;   // (w + 1) x (h + 1) integral image
    const int64_t *squares;
    int32_t pitch;        // w + 1
    int32_t norm[4];      // corners of the normalisation rectangle (the window less a 1 px border)
} window_context;

static void place(const pik_haar_cascade *c, int32_t pitch, placed_feature *placed, int32_t norm[4]) {
    for (int32_t f = 0; f < c->feature_total; f++) {
        const pik_haar_feature *feature = &c->features[f];
        for (int32_t r = 0; r < 3; r++) {
            const pik_haar_rect *rect = &feature->rects[r < feature->count ? r : 0];
            const int32_t top = rect->y * pitch + rect->x, bottom = (rect->y + rect->height) * pitch + rect->x;
            placed[f].corners[r][0] = top;
            placed[f].corners[r][1] = top + rect->width;
            placed[f].corners[r][2] = bottom;
            placed[f].corners[r][3] = bottom + rect->width;
            placed[f].weights[r] = r < feature->count ? rect->weight : 0;
        }
    }
    const int32_t nw = c->window_width - 2, nh = c->window_height - 2;
    norm[0] = pitch + 1;
    norm[1] = pitch + 1 + nw;
    norm[2] = (nh + 1) * pitch + 1;
    norm[3] = (nh + 1) * pitch + 1 + nw;
}

static inline int32_t corner_sum(const int32_t *p, const int32_t c[4]) { return p[c[3]] - p[c[1]] - p[c[2]] + p[c[0]]; }

static int all_stumps(const pik_haar_cascade *c) {
    for (int32_t t = 0; t < c->tree_total; t++) {
        const pik_haar_tree *tree = &c->trees[t];
        const pik_haar_node *node = &c->nodes[tree->first_node];
        if (tree->node_count != 1 || node->left > 0 || node->right > 0) return 0;
    }
    return 1;
}

static void place_stumps(const pik_haar_cascade *c, const placed_feature *features, placed_stump *stumps) {
    for (int32_t t = 0; t < c->tree_total; t++) {
        const pik_haar_tree *tree = &c->trees[t];
        const pik_haar_node *node = &c->nodes[tree->first_node];
        const placed_feature *f = &features[node->feature];
        memcpy(stumps[t].corners, f->corners, sizeof f->corners);
        memcpy(stumps[t].weights, f->weights, sizeof f->weights);
        stumps[t].threshold = node->threshold;
        stumps[t].below = c->leaves[tree->first_leaf - node->left];
        stumps[t].above = c->leaves[tree->first_leaf - node->right];
    }
}

// The window's normalisation: area times its standard deviation, or 0 for a window too flat to
// hold anything (standard deviation 10 or less), as OpenCV's HaarEvaluator::setWindow has it.
static float window_norm(const window_context *w, int32_t offset) {
    const pik_haar_cascade *c = w->cascade;
    const int32_t *p = w->sum + offset;
    const int64_t *q = w->squares + offset;
    const double area = (double)(c->window_width - 2) * (c->window_height - 2);
    const double total = corner_sum(p, w->norm);
    const double squares = (double)(q[w->norm[3]] - q[w->norm[1]] - q[w->norm[2]] + q[w->norm[0]]);
    double norm = area * squares - total * total;
    if (norm <= 0) return 0;
    norm = sqrt(norm);
    return area >= 0.1 * norm ? 0 : (float)norm;
}

// Stages `first` ..< `last` of the window whose integral entries start at `p`: `last` when it
// passes them all, else -stage of the rejection. `scale` is window_norm's (not 0).
static int run_stages(const window_context *w, const int32_t *p, float scale, int32_t first, int32_t last) {
    const pik_haar_cascade *c = w->cascade;
    // value / norm < threshold, compared as value < threshold * norm: one multiply a node.
    if (w->stumps) {
        for (int32_t s = first; s < last; s++) {
            const pik_haar_stage *stage = &c->stages[s];
            const placed_stump *stump = &w->stumps[stage->first_tree];
            float score = 0;
            for (int32_t t = 0; t < stage->tree_count; t++, stump++) {
                const float value = stump->weights[0] * (float)corner_sum(p, stump->corners[0]) +
                                    stump->weights[1] * (float)corner_sum(p, stump->corners[1]) +
                                    stump->weights[2] * (float)corner_sum(p, stump->corners[2]);
                score += value < stump->threshold * scale ? stump->below : stump->above;
            }
            if (score < stage->threshold) return -s;
        }
        return last;
    }
    for (int32_t s = first; s < last; s++) {
        const pik_haar_stage *stage = &c->stages[s];
        float score = 0;
        const pik_haar_tree *tree = &c->trees[stage->first_tree];
        for (int32_t t = 0; t < stage->tree_count; t++, tree++) {
            int32_t index = 0;
            do {
                const pik_haar_node *node = &c->nodes[tree->first_node + index];
                const placed_feature *f = &w->features[node->feature];
                const float value = f->weights[0] * (float)corner_sum(p, f->corners[0]) +
                                    f->weights[1] * (float)corner_sum(p, f->corners[1]) +
                                    f->weights[2] * (float)corner_sum(p, f->corners[2]);
                index = value < node->threshold * scale ? node->left : node->right;
            } while (index > 0);
            score += c->leaves[tree->first_leaf - index];
        }
        if (score < stage->threshold) return -s;
    }
    return last;
}

// How many stages the row pass runs for every window before the walk (eight windows at a time
// with AVX2): most windows end in these.
enum { early_stages = 6 };

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx2"))) static inline __m256i even_entries(const int32_t *p, __m256i evens) {
    const __m256i low = _mm256_permutevar8x32_epi32(_mm256_loadu_si256((const __m256i *)p), evens);
    const __m256i high = _mm256_permutevar8x32_epi32(_mm256_loadu_si256((const __m256i *)(p + 8)), evens);
    return _mm256_permute2x128_si256(low, high, 0x20);
}

// The first `last` stages of eight windows `step` apart from `p`, exactly as run_stages computes
// them (the same float operations in the same order, lane by lane): outcomes as run_stages
// returns them, -1 for flat windows (scale 0).
__attribute__((target("avx2"))) static void run_stages_avx2(const window_context *w, const int32_t *p,
                                                             int32_t step, const float *scales, int32_t last,
                                                             int32_t *outcomes) {
    const pik_haar_cascade *c = w->cascade;
    const __m256 scale = _mm256_loadu_ps(scales);
    __m256 alive = _mm256_cmp_ps(scale, _mm256_setzero_ps(), _CMP_GT_OQ);
    __m256i result = _mm256_blendv_epi8(_mm256_set1_epi32(-1), _mm256_set1_epi32(last), _mm256_castps_si256(alive));
    // Step 2 takes the even entries of sixteen: two loads and three shuffles beat a gather.
    const __m256i evens = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
#define CORNERS(corner) (step == 1 ? _mm256_loadu_si256((const __m256i *)(p + (corner))) : even_entries(p + (corner), evens))
    for (int32_t s = 0; s < last && _mm256_movemask_ps(alive); s++) {
        const pik_haar_stage *stage = &c->stages[s];
        const placed_stump *stump = &w->stumps[stage->first_tree];
        __m256 score = _mm256_setzero_ps();
        for (int32_t t = 0; t < stage->tree_count; t++, stump++) {
            __m256 value = _mm256_setzero_ps();
            for (int32_t r = 0; r < 3; r++) {
                const int32_t *k = stump->corners[r];
                __m256i sum = _mm256_add_epi32(_mm256_sub_epi32(_mm256_sub_epi32(CORNERS(k[3]), CORNERS(k[1])), CORNERS(k[2])),
                                               CORNERS(k[0]));
                __m256 term = _mm256_mul_ps(_mm256_set1_ps(stump->weights[r]), _mm256_cvtepi32_ps(sum));
                // The scalar sum starts from its first term, not from 0 + it: the same result.
                value = r == 0 ? term : _mm256_add_ps(value, term);
            }
            __m256 below = _mm256_cmp_ps(value, _mm256_mul_ps(_mm256_set1_ps(stump->threshold), scale), _CMP_LT_OQ);
            score = _mm256_add_ps(score, _mm256_blendv_ps(_mm256_set1_ps(stump->above), _mm256_set1_ps(stump->below), below));
        }
        __m256 rejected = _mm256_and_ps(alive, _mm256_cmp_ps(score, _mm256_set1_ps(stage->threshold), _CMP_LT_OQ));
        result = _mm256_blendv_epi8(result, _mm256_set1_epi32(-s), _mm256_castps_si256(rejected));
        alive = _mm256_andnot_ps(rejected, alive);
    }
#undef CORNERS
    _mm256_storeu_si256((__m256i *)outcomes, result);
}

static int has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}
#else
static int has_avx2(void) { return 0; }
static void run_stages_avx2(const window_context *w, const int32_t *p, int32_t step, const float *scales,
                            int32_t last, int32_t *outcomes) {
    (void)w, (void)p, (void)step, (void)scales, (void)last, (void)outcomes;
}
#endif

int pik_haar_detect(const pik_haar_cascade *cascade, const uint8_t *grey, int32_t width, int32_t height,
                    size_t stride, double scale_factor, int32_t min_neighbours, int32_t min_size, int32_t vectorise,
                    pik_face *faces, int32_t capacity) {
    if (!pik_haar_cascade_is_valid(cascade) || width <= 0 || height <= 0 || !(scale_factor > 1.0001) || capacity < 0) {
        return -1;
    }
    const int32_t ww = cascade->window_width, wh = cascade->window_height;
    if (width < ww || height < wh) return 0;
    // The integral image is int32: 255 times the pixel count must fit.
    if ((int64_t)width * height > INT32_MAX / 255) return -1;
    const size_t pitch = (size_t)width + 1;
    uint8_t *scaled = malloc((size_t)width * (size_t)height);
    // Sixteen spare entries, zeroed: the AVX2 path's step-2 loads reach one entry past the last
    // one they use.
    int32_t *sum = calloc(pitch * ((size_t)height + 1) + 16, sizeof(int32_t));
    int64_t *squares = malloc(sizeof(int64_t) * pitch * ((size_t)height + 1));
    placed_feature *placed = malloc(sizeof(placed_feature) * (size_t)cascade->feature_total);
    const int stumps_only = all_stumps(cascade);
    placed_stump *stumps = stumps_only ? malloc(sizeof(placed_stump) * (size_t)cascade->tree_total) : NULL;
    int32_t raw_capacity = 256, raw_count = 0;
    rect *raw = malloc(sizeof(rect) * (size_t)raw_capacity);
    float *scales = malloc(sizeof(float) * ((size_t)width + 8));
    int32_t *outcomes = malloc(sizeof(int32_t) * ((size_t)width + 8));
    const int vector = vectorise && has_avx2();
    int result = -1;
    if (!scaled || !sum || !squares || !placed || !raw || !scales || !outcomes || (stumps_only && !stumps)) goto done;

    // OpenCV's pyramid steps by scale_factor throughout; past twice the window, where windows move
    // one pixel at a time and overlap the most, every other scale is enough: half the scales
    // there, a quarter of the time, the same faces on the fixtures.
    for (double factor = 1;; factor *= factor >= 2 ? scale_factor * scale_factor : scale_factor) {
        const int32_t win_w = (int32_t)lrint(ww * factor), win_h = (int32_t)lrint(wh * factor);
        const int32_t sw = (int32_t)lrint(width / factor), sh = (int32_t)lrint(height / factor);
        if (sw < ww || sh < wh || win_w > width || win_h > height) break;
        if (win_w < min_size || win_h < min_size) continue;
        if (resize_bilinear(grey, width, height, stride, scaled, sw, sh) != 0) goto done;
        const int32_t p = sw + 1;
        memset(sum, 0, sizeof(int32_t) * (size_t)p);
        memset(squares, 0, sizeof(int64_t) * (size_t)p);
        for (int32_t y = 0; y < sh; y++) {
            int32_t row = 0;
            int64_t row_squares = 0;
            int32_t *s_row = sum + (size_t)(y + 1) * p, *s_above = sum + (size_t)y * p;
            int64_t *q_row = squares + (size_t)(y + 1) * p, *q_above = squares + (size_t)y * p;
            s_row[0] = 0;
            q_row[0] = 0;
            const uint8_t *in = scaled + (size_t)y * sw;
            for (int32_t x = 0; x < sw; x++) {
                const int32_t v = in[x];
                row += v;
                row_squares += v * v;
                s_row[x + 1] = s_above[x + 1] + row;
                q_row[x + 1] = q_above[x + 1] + row_squares;
            }
        }
        window_context context = {cascade, placed, stumps, sum, squares, p, {0, 0, 0, 0}};
        place(cascade, p, placed, context.norm);
        if (stumps) place_stumps(cascade, placed, stumps);
        const int32_t step = factor > 2 ? 1 : 2;
        const int32_t positions = (sw - ww) / step + 1;
        const int32_t early = cascade->stage_count < early_stages ? cascade->stage_count : early_stages;
        for (int32_t y = 0; y <= sh - wh; y += step) {
            // Row pass: the early stages of every window of the row, then OpenCV's walk, which
            // skips the window after one the first stage rejected and runs the rest of the
            // stages for those that passed the early ones.
            const int32_t row = y * p;
            for (int32_t i = 0; i < positions; i++) scales[i] = window_norm(&context, row + i * step);
            int32_t i = 0;
            if (stumps && vector) {
                for (; i + 8 <= positions; i += 8) {
                    run_stages_avx2(&context, sum + row + i * step, step, scales + i, early, outcomes + i);
                }
            }
            for (; i < positions; i++) {
                outcomes[i] = scales[i] > 0 ? run_stages(&context, sum + row + i * step, scales[i], 0, early) : -1;
            }
            for (i = 0; i < positions; i++) {
                int outcome = outcomes[i];
                if (outcome == early) {
                    outcome = run_stages(&context, sum + row + i * step, scales[i], early, cascade->stage_count);
                    if (outcome == cascade->stage_count) outcome = 1;
                }
                if (outcome > 0) {
                    if (raw_count == raw_capacity) {
                        rect *grown = realloc(raw, sizeof(rect) * (size_t)raw_capacity * 2);
                        if (!grown) goto done;
                        raw = grown;
                        raw_capacity *= 2;
                    }
                    const int32_t x = i * step;
                    raw[raw_count++] = (rect){(int32_t)lrint(x * factor), (int32_t)lrint(y * factor), win_w, win_h};
                }
                if (outcome == 0) i++;
            }
        }
    }
    result = pik_haar_group(raw, raw_count, min_neighbours, faces, capacity);
done:
    free(scaled);
    free(sum);
    free(squares);
    free(placed);
    free(stumps);
    free(raw);
    free(scales);
    free(outcomes);
    return result;
}
