#include "haar_internal.h"

#include <math.h>
#include <stdlib.h>

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
int pik_haar_group(const rect *raw, int32_t count, int32_t threshold, pik_face *faces, int32_t capacity) {
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
