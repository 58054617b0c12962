// What the detector's files share: the checks of a cascade and the grouping of raw hits.
#ifndef PIK_HAAR_INTERNAL_H
#define PIK_HAAR_INTERNAL_H

#include "CProfileImageVision.h"

/// A detection window in the picture's pixels.
typedef struct {
    int32_t x, y, width, height;
} rect;

/// Whether every index and rectangle of `c` is in range (checked so that nothing can overflow) and
/// its stages hold its trees one after another, in order.
int pik_haar_cascade_is_valid(const pik_haar_cascade *c);

/// OpenCV's groupRectangles(rects, threshold, 0.2) into `faces`: how many there are in all, or
/// -1 when out of memory.
int pik_haar_group(const rect *raw, int32_t count, int32_t threshold, pik_face *faces, int32_t capacity);

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
    placed_stump *stumps;  // every tree's, when every tree is a stump; else NULL
    int32_t placed_stages; // how many stages' stumps are placed for this pitch
    const int32_t *sum;   // (w + 1) x (h + 1) integral image
    const int64_t *squares;
    int32_t pitch;        // w + 1
    int32_t norm[4];      // corners of the normalisation rectangle (the window less a 1 px border)
} window_context;

/// Places every feature of `c` for an integral image `pitch` entries a row.
void pik_haar_place_features(const pik_haar_cascade *c, int32_t pitch, placed_feature *placed);

/// The corners of the normalisation rectangle (the window less a 1 px border) for `pitch`.
void pik_haar_place_norm(const pik_haar_cascade *c, int32_t pitch, int32_t norm[4]);

/// Places trees `first` ..< `limit` of an all-stump cascade for an integral image `pitch`
/// entries a row, or (`plane_size` > 0) for the parity planes pik_haar_split_by_parity makes of it.
void pik_haar_place_stumps(const pik_haar_cascade *c, int32_t first, int32_t limit, int32_t pitch, size_t plane_size,
                           placed_stump *stumps);

/// Splits an integral image by column parity into two planes of `plane_size` entries (even
/// columns, then odd ones), (`pitch` + 1) / 2 entries a row: windows two columns apart then read
/// their corners eight entries in a row.
void pik_haar_split_by_parity(const int32_t *sum, int32_t pitch, int32_t rows, int32_t *planes, size_t plane_size);

/// Eight windows' first `last` stages, from `p` (the first window's top-left entry of an integral
/// image whose next seven windows are the next seven entries), exactly as the scalar walk computes
/// them: outcomes as run_stages returns them (`last` when passed, else -stage), -1 for flat
/// windows (`scales` 0). `*skip` says whether the walk skips the first window (the one before it
/// was visited and rejected by the first stage); the windows the walk skips are not run (their
/// outcomes are left unset), and `*skip` is left saying the same of the window after the eighth.
/// `stumps` are placed for that image. Only when pik_haar_has_avx2().
void pik_haar_run_stages_avx2(const pik_haar_cascade *cascade, const placed_stump *stumps, const int32_t *p,
                              const float *scales, int32_t last, int32_t *skip, int32_t *outcomes);

/// window_norm of the windows one entry apart from entry `first`, four at a time, as many as
/// `count` holds whole fours (the same doubles, so the same floats): the integral image `sum` and
/// its squares, with the corners of pik_haar_place_norm. A window's sum of squares must fit 31
/// bits. Only when pik_haar_has_avx2().
void pik_haar_window_norms_avx2(const int32_t *sum, const int64_t *squares, const int32_t norm[4], double area,
                                int32_t first, int32_t count, float *norms);

/// pik_haar_run_stages_avx2 for sixteen windows. Only when pik_haar_has_avx512().
void pik_haar_run_stages_avx512(const pik_haar_cascade *cascade, const placed_stump *stumps, const int32_t *p,
                                const float *scales, int32_t last, int32_t *skip, int32_t *outcomes);

/// Whether this CPU runs pik_haar_run_stages_avx512.
int pik_haar_has_avx512(void);

/// Whether this CPU runs the AVX2 functions.
int pik_haar_has_avx2(void);

#endif
