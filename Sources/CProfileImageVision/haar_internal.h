// What the detector's files share: the checks of a cascade and the grouping of raw hits.
#ifndef PIK_HAAR_INTERNAL_H
#define PIK_HAAR_INTERNAL_H

#include "CProfileImageVision.h"

/// A detection window in the picture's pixels.
typedef struct {
    int32_t x, y, width, height;
} rect;

/// Whether every index and rectangle of `c` is in range (checked so that nothing can overflow).
int pik_haar_cascade_is_valid(const pik_haar_cascade *c);

/// OpenCV's groupRectangles(rects, threshold, 0.2) into `faces`: how many there are in all, or
/// -1 when out of memory.
int pik_haar_group(const rect *raw, int32_t count, int32_t threshold, pik_face *faces, int32_t capacity);

#endif
