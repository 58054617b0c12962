#include "CProfileImageVision.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

// Every index a cascade holds is in range, so evaluation needs no check per window.
static int cascade_is_valid(const pik_haar_cascade *c) {
    if (c->window_width < 3 || c->window_height < 3 || c->stage_count <= 0) return 0;
    for (int32_t s = 0; s < c->stage_count; s++) {
        const pik_haar_stage *stage = &c->stages[s];
        if (stage->first_tree < 0 || stage->tree_count < 0 || stage->first_tree > c->tree_total - stage->tree_count) {
            return 0;
        }
    }
    for (int32_t t = 0; t < c->tree_total; t++) {
        const pik_haar_tree *tree = &c->trees[t];
        if (tree->node_count <= 0 || tree->first_node < 0 || tree->first_node > c->node_total - tree->node_count ||
            tree->first_leaf < 0 || tree->first_leaf > c->leaf_total - tree->node_count - 1) {
            return 0;
        }
        for (int32_t n = 0; n < tree->node_count; n++) {
            const pik_haar_node *node = &c->nodes[tree->first_node + n];
            if (node->feature < 0 || node->feature >= c->feature_total) return 0;
            // Children point forward only, so every walk ends.
            if (node->left >= tree->node_count || node->right >= tree->node_count) return 0;
            if ((node->left > 0 && node->left <= n) || (node->right > 0 && node->right <= n)) return 0;
            if (-node->left > tree->node_count || -node->right > tree->node_count) return 0;
        }
    }
    for (int32_t f = 0; f < c->feature_total; f++) {
        const pik_haar_feature *feature = &c->features[f];
        if (feature->count < 1 || feature->count > 3) return 0;
        for (int32_t r = 0; r < feature->count; r++) {
            const pik_haar_rect *rect = &feature->rects[r];
            if (rect->x < 0 || rect->y < 0 || rect->width < 0 || rect->height < 0 ||
                rect->x + rect->width > c->window_width || rect->y + rect->height > c->window_height) {
                return 0;
            }
        }
    }
    return 1;
}

// Bilinear resize with OpenCV's pixel-centre convention.
static void resize_bilinear(const uint8_t *src, int32_t sw, int32_t sh, size_t stride, uint8_t *dst, int32_t dw,
                            int32_t dh) {
    const double fx = (double)sw / dw, fy = (double)sh / dh;
    for (int32_t y = 0; y < dh; y++) {
        double sy = (y + 0.5) * fy - 0.5;
        if (sy < 0) sy = 0;
        int32_t y0 = (int32_t)sy;
        if (y0 > sh - 1) y0 = sh - 1;
        int32_t y1 = y0 + 1 < sh ? y0 + 1 : sh - 1;
        double wy = sy - y0;
        const uint8_t *r0 = src + (size_t)y0 * stride, *r1 = src + (size_t)y1 * stride;
        for (int32_t x = 0; x < dw; x++) {
            double sx = (x + 0.5) * fx - 0.5;
            if (sx < 0) sx = 0;
            int32_t x0 = (int32_t)sx;
            if (x0 > sw - 1) x0 = sw - 1;
            int32_t x1 = x0 + 1 < sw ? x0 + 1 : sw - 1;
            double wx = sx - x0;
            double top = r0[x0] + (r0[x1] - r0[x0]) * wx;
            double bottom = r1[x0] + (r1[x1] - r1[x0]) * wx;
            dst[(size_t)y * dw + x] = (uint8_t)(top + (bottom - top) * wy + 0.5);
        }
    }
}

typedef struct {
    const pik_haar_cascade *cascade;
    const int32_t *sum;  // (w + 1) x (h + 1) integral image
    const double *squares;
    int32_t pitch;       // w + 1
} window_context;

static inline int32_t box_sum(const int32_t *sum, int32_t pitch, int32_t x, int32_t y, int32_t w, int32_t h) {
    return sum[(y + h) * pitch + x + w] - sum[y * pitch + x + w] - sum[(y + h) * pitch + x] + sum[y * pitch + x];
}

static inline double box_squares(const double *sq, int32_t pitch, int32_t x, int32_t y, int32_t w, int32_t h) {
    return sq[(y + h) * pitch + x + w] - sq[y * pitch + x + w] - sq[(y + h) * pitch + x] + sq[y * pitch + x];
}

// OpenCV's CascadeClassifier::runAt: 1 for a hit, -stage for a rejection (0: the first stage),
// -1 for a window too flat to hold anything.
static int run_at(const window_context *w, int32_t x, int32_t y) {
    const pik_haar_cascade *c = w->cascade;
    const int32_t nw = c->window_width - 2, nh = c->window_height - 2;
    const double area = (double)nw * nh;
    const double total = box_sum(w->sum, w->pitch, x + 1, y + 1, nw, nh);
    const double squares = box_squares(w->squares, w->pitch, x + 1, y + 1, nw, nh);
    double norm = area * squares - total * total;
    if (norm <= 0) return -1;
    norm = sqrt(norm);
    const double inverse = 1.0 / norm;
    if (area * inverse >= 0.1) return -1;
    for (int32_t s = 0; s < c->stage_count; s++) {
        const pik_haar_stage *stage = &c->stages[s];
        double score = 0;
        for (int32_t t = 0; t < stage->tree_count; t++) {
            const pik_haar_tree *tree = &c->trees[stage->first_tree + t];
            int32_t index = 0;
            do {
                const pik_haar_node *node = &c->nodes[tree->first_node + index];
                const pik_haar_feature *feature = &c->features[node->feature];
                double value = 0;
                for (int32_t r = 0; r < feature->count; r++) {
                    const pik_haar_rect *rect = &feature->rects[r];
                    value += rect->weight * box_sum(w->sum, w->pitch, x + rect->x, y + rect->y, rect->width, rect->height);
                }
                index = value * inverse < node->threshold ? node->left : node->right;
            } while (index > 0);
            score += c->leaves[tree->first_leaf - index];
        }
        if (score < stage->threshold) return -s;
    }
    return 1;
}

typedef struct {
    int32_t x, y, width, height;
} rect;

static int similar(const rect *a, const rect *b) {
    const double eps = 0.2;
    double delta = eps * ((a->width < b->width ? a->width : b->width) + (a->height < b->height ? a->height : b->height)) * 0.5;
    return fabs((double)a->x - b->x) <= delta && fabs((double)a->y - b->y) <= delta &&
           fabs((double)a->x + a->width - b->x - b->width) <= delta &&
           fabs((double)a->y + a->height - b->y - b->height) <= delta;
}

static int32_t find_root(int32_t *parent, int32_t i) {
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

// OpenCV's groupRectangles(rects, threshold, 0.2): classes of similar rectangles, averaged,
// kept when more than `threshold` agree, minus small ones inside a stronger larger one.
static int group(const rect *raw, int32_t count, int32_t threshold, pik_face *faces, int32_t capacity) {
    if (count == 0) return 0;
    int32_t *parent = malloc(sizeof(int32_t) * (size_t)count);
    int32_t *label = malloc(sizeof(int32_t) * (size_t)count);
    double *sums = calloc((size_t)count * 4, sizeof(double));
    int32_t *weights = calloc((size_t)count, sizeof(int32_t));
    rect *averaged = malloc(sizeof(rect) * (size_t)count);
    int result = -1;
    if (!parent || !label || !sums || !weights || !averaged) goto done;
    for (int32_t i = 0; i < count; i++) parent[i] = i;
    for (int32_t i = 0; i < count; i++) {
        for (int32_t j = i + 1; j < count; j++) {
            if (similar(&raw[i], &raw[j])) {
                int32_t a = find_root(parent, i), b = find_root(parent, j);
                if (a != b) parent[a > b ? a : b] = a < b ? a : b;
            }
        }
    }
    // Classes numbered in order of their first member, as cv::partition numbers them.
    int32_t classes = 0;
    for (int32_t i = 0; i < count; i++) label[i] = -1;
    for (int32_t i = 0; i < count; i++) {
        int32_t root = find_root(parent, i);
        if (label[root] < 0) label[root] = classes++;
        int32_t k = label[root];
        sums[k * 4] += raw[i].x;
        sums[k * 4 + 1] += raw[i].y;
        sums[k * 4 + 2] += raw[i].width;
        sums[k * 4 + 3] += raw[i].height;
        weights[k]++;
    }
    for (int32_t k = 0; k < classes; k++) {
        double s = 1.0 / weights[k];
        averaged[k] = (rect){(int32_t)lrint(sums[k * 4] * s), (int32_t)lrint(sums[k * 4 + 1] * s),
                             (int32_t)lrint(sums[k * 4 + 2] * s), (int32_t)lrint(sums[k * 4 + 3] * s)};
    }
    int32_t found = 0;
    for (int32_t i = 0; i < classes; i++) {
        int32_t n1 = weights[i];
        if (n1 <= threshold) continue;
        const rect *r1 = &averaged[i];
        int32_t j;
        for (j = 0; j < classes; j++) {
            int32_t n2 = weights[j];
            if (j == i || n2 <= threshold) continue;
            const rect *r2 = &averaged[j];
            int32_t dx = (int32_t)lrint(r2->width * 0.2), dy = (int32_t)lrint(r2->height * 0.2);
            if (r1->x >= r2->x - dx && r1->y >= r2->y - dy && r1->x + r1->width <= r2->x + r2->width + dx &&
                r1->y + r1->height <= r2->y + r2->height + dy && (n2 > (n1 > 3 ? n1 : 3) || n1 < 3)) {
                break;
            }
        }
        if (j < classes) continue;
        if (found < capacity) faces[found] = (pik_face){r1->x, r1->y, r1->width, r1->height, n1};
        found++;
    }
    result = found;
done:
    free(parent);
    free(label);
    free(sums);
    free(weights);
    free(averaged);
    return result;
}

int pik_haar_detect(const pik_haar_cascade *cascade, const uint8_t *grey, int32_t width, int32_t height,
                    size_t stride, double scale_factor, int32_t min_neighbours, int32_t min_size, pik_face *faces,
                    int32_t capacity) {
    if (!cascade_is_valid(cascade) || width <= 0 || height <= 0 || !(scale_factor > 1.0001) || capacity < 0) {
        return -1;
    }
    const int32_t ww = cascade->window_width, wh = cascade->window_height;
    if (width < ww || height < wh) return 0;
    const size_t pitch = (size_t)width + 1;
    uint8_t *scaled = malloc((size_t)width * (size_t)height);
    int32_t *sum = malloc(sizeof(int32_t) * pitch * ((size_t)height + 1));
    double *squares = malloc(sizeof(double) * pitch * ((size_t)height + 1));
    int32_t raw_capacity = 256, raw_count = 0;
    rect *raw = malloc(sizeof(rect) * (size_t)raw_capacity);
    int result = -1;
    if (!scaled || !sum || !squares || !raw) goto done;

    for (double factor = 1;; factor *= scale_factor) {
        const int32_t win_w = (int32_t)lrint(ww * factor), win_h = (int32_t)lrint(wh * factor);
        const int32_t sw = (int32_t)lrint(width / factor), sh = (int32_t)lrint(height / factor);
        if (sw < ww || sh < wh || win_w > width || win_h > height) break;
        if (win_w < min_size || win_h < min_size) continue;
        resize_bilinear(grey, width, height, stride, scaled, sw, sh);
        const int32_t p = sw + 1;
        memset(sum, 0, sizeof(int32_t) * (size_t)p);
        memset(squares, 0, sizeof(double) * (size_t)p);
        for (int32_t y = 0; y < sh; y++) {
            int32_t row = 0;
            double row_squares = 0;
            sum[(y + 1) * p] = 0;
            squares[(y + 1) * p] = 0;
            for (int32_t x = 0; x < sw; x++) {
                const int32_t v = scaled[(size_t)y * sw + x];
                row += v;
                row_squares += (double)v * v;
                sum[(y + 1) * p + x + 1] = sum[y * p + x + 1] + row;
                squares[(y + 1) * p + x + 1] = squares[y * p + x + 1] + row_squares;
            }
        }
        const window_context context = {cascade, sum, squares, p};
        const int32_t step = factor > 2 ? 1 : 2;
        for (int32_t y = 0; y <= sh - wh; y += step) {
            for (int32_t x = 0; x <= sw - ww; x += step) {
                const int outcome = run_at(&context, x, y);
                if (outcome > 0) {
                    if (raw_count == raw_capacity) {
                        rect *grown = realloc(raw, sizeof(rect) * (size_t)raw_capacity * 2);
                        if (!grown) goto done;
                        raw = grown;
                        raw_capacity *= 2;
                    }
                    raw[raw_count++] = (rect){(int32_t)lrint(x * factor), (int32_t)lrint(y * factor), win_w, win_h};
                }
                if (outcome == 0) x += step;
            }
        }
    }
    result = group(raw, raw_count, min_neighbours, faces, capacity);
done:
    free(scaled);
    free(sum);
    free(squares);
    free(raw);
    return result;
}
