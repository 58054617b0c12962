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

static inline int32_t corner_sum(const int32_t *p, const int32_t c[4]) { return p[c[3]] - p[c[1]] - p[c[2]] + p[c[0]]; }

static int all_stumps(const pik_haar_cascade *c) {
    for (int32_t t = 0; t < c->tree_total; t++) {
        const pik_haar_tree *tree = &c->trees[t];
        const pik_haar_node *node = &c->nodes[tree->first_node];
        if (tree->node_count != 1 || node->left > 0 || node->right > 0) return 0;
    }
    return 1;
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
static int run_stages(window_context *w, const int32_t *p, float scale, int32_t first, int32_t last) {
    const pik_haar_cascade *c = w->cascade;
    // value / norm < threshold, compared as value < threshold * norm: one multiply a node.
    if (w->stumps) {
        for (int32_t s = first; s < last; s++) {
            const pik_haar_stage *stage = &c->stages[s];
            // Few windows get far: a scale places its later stages when the first one gets there.
            if (s == w->placed_stages) {
                pik_haar_place_stumps(c, stage->first_tree, stage->first_tree + stage->tree_count, w->pitch, 0, w->stumps);
                w->placed_stages++;
            }
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
    int32_t *sum = calloc(pitch * ((size_t)height + 1), sizeof(int32_t));
    int64_t *squares = malloc(sizeof(int64_t) * pitch * ((size_t)height + 1));
    const int stumps_only = all_stumps(cascade);
    placed_feature *placed = stumps_only ? NULL : malloc(sizeof(placed_feature) * (size_t)cascade->feature_total);
    placed_stump *stumps = stumps_only ? malloc(sizeof(placed_stump) * (size_t)cascade->tree_total) : NULL;
    placed_stump *phased = stumps_only ? malloc(sizeof(placed_stump) * (size_t)cascade->tree_total) : NULL;
    int32_t raw_capacity = 256, raw_count = 0;
    rect *raw = malloc(sizeof(rect) * (size_t)raw_capacity);
    const size_t plane_capacity = ((pitch + 1) / 2) * ((size_t)height + 1);
    int32_t *planes = malloc(sizeof(int32_t) * 2 * plane_capacity);
    float *scales = malloc(sizeof(float) * ((size_t)width + 8));
    float *norms = malloc(sizeof(float) * ((size_t)width + 8));
    int32_t *outcomes = malloc(sizeof(int32_t) * ((size_t)width + 8));
    const int vector = vectorise && pik_haar_has_avx2();
    const int wide = vector && pik_haar_has_avx512();
    // The vector norms convert a window's sum of squares from 32 bits.
    const int vector_norms = vector && (int64_t)(ww - 2) * (wh - 2) * 255 * 255 <= INT32_MAX;
    const double area = (double)(ww - 2) * (wh - 2);
    int result = -1;
    if (!scaled || !sum || !squares || (!stumps_only && !placed) || (stumps_only && (!stumps || !phased)) || !raw ||
        !planes || !scales || !norms || !outcomes) {
        goto done;
    }

    // OpenCV's pyramid steps by scale_factor throughout; past twice the window, where windows move
    // one pixel at a time and overlap the most, every other scale is enough: half the scales
    // there, a quarter of the time, the same faces on the fixtures.
    for (double factor = 1;; factor *= factor >= 2 ? scale_factor * scale_factor : scale_factor) {
        const int32_t win_w = (int32_t)lrint(ww * factor), win_h = (int32_t)lrint(wh * factor);
        const int32_t sw = (int32_t)lrint(width / factor), sh = (int32_t)lrint(height / factor);
        if (sw < ww || sh < wh || win_w > width || win_h > height) break;
        if (win_w < min_size || win_h < min_size) continue;
        // The first scale is the picture itself (the resize would copy it).
        const uint8_t *pixels = grey;
        size_t pixel_stride = stride;
        if (sw != width || sh != height) {
            if (resize_bilinear(grey, width, height, stride, scaled, sw, sh) != 0) goto done;
            pixels = scaled;
            pixel_stride = (size_t)sw;
        }
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
            const uint8_t *in = pixels + (size_t)y * pixel_stride;
            for (int32_t x = 0; x < sw; x++) {
                const int32_t v = in[x];
                row += v;
                row_squares += v * v;
                s_row[x + 1] = s_above[x + 1] + row;
                q_row[x + 1] = q_above[x + 1] + row_squares;
            }
        }
        window_context context = {cascade, placed, stumps, 0, sum, squares, p, {0, 0, 0, 0}};
        pik_haar_place_norm(cascade, p, context.norm);
        const int32_t step = factor > 2 ? 1 : 2;
        const int32_t positions = (sw - ww) / step + 1;
        const int32_t early = cascade->stage_count < early_stages ? cascade->stage_count : early_stages;
        if (stumps) {
            const pik_haar_stage *last = &cascade->stages[early - 1];
            pik_haar_place_stumps(cascade, 0, last->first_tree + last->tree_count, p, 0, stumps);
            context.placed_stages = early;
        } else {
            pik_haar_place_features(cascade, p, placed);
        }
        // The vector pass reads windows two apart from the parity planes, with only the early
        // stages' stumps placed for them.
        const size_t plane_size = (size_t)((p + 1) / 2) * (size_t)(sh + 1);
        if (stumps && vector && step == 2) {
            pik_haar_split_by_parity(sum, p, sh + 1, planes, plane_size);
            const pik_haar_stage *last = &cascade->stages[early - 1];
            pik_haar_place_stumps(cascade, 0, last->first_tree + last->tree_count, p, plane_size, phased);
        }
        for (int32_t y = 0; y <= sh - wh; y += step) {
            // Row pass: the early stages of every window of the row OpenCV's walk visits (it skips
            // the window after one the first stage rejected), then the walk, which runs the rest of
            // the stages for those that passed the early ones.
            const int32_t row = y * p;
            const int32_t span = (positions - 1) * step + 1;
            int32_t i = 0;
            if (vector_norms) {
                pik_haar_window_norms_avx2(sum, squares, context.norm, area, row, span, norms);
                i = span & ~3;
            }
            for (; i < span; i++) norms[i] = window_norm(&context, row + i);
            for (i = 0; i < positions; i++) scales[i] = norms[i * step];
            i = 0;
            if (stumps && vector) {
                const placed_stump *lanes = step == 2 ? phased : stumps;
                const int32_t *first = step == 2 ? planes + (size_t)y * ((p + 1) / 2) : sum + row;
                int32_t skip = 0;
                if (wide) {
                    for (; i + 16 <= positions; i += 16) {
                        pik_haar_run_stages_avx512(cascade, lanes, first + i, scales + i, early, &skip, outcomes + i);
                    }
                }
                for (; i + 8 <= positions; i += 8) {
                    pik_haar_run_stages_avx2(cascade, lanes, first + i, scales + i, early, &skip, outcomes + i);
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
    free(phased);
    free(norms);
    free(planes);
    free(raw);
    free(scales);
    free(outcomes);
    return result;
}
