#include "haar_internal.h"

// The vector and scalar paths must compute the same floats: no fused multiply-adds.
#pragma clang fp contract(off)

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx512f"))) void pik_haar_run_stages_avx512(const pik_haar_cascade *c,
                                                                    const placed_stump *stumps, const int32_t *p,
                                                                    const float *scales, int32_t last, int32_t *skip,
                                                                    int32_t *outcomes) {
    const __m512 scale = _mm512_loadu_ps(scales);
    __mmask16 alive = _mm512_cmp_ps_mask(scale, _mm512_setzero_ps(), _CMP_GT_OQ);
    __m512i result = _mm512_mask_blend_epi32(alive, _mm512_set1_epi32(-1), _mm512_set1_epi32(last));
#define CORNERS(corner) _mm512_loadu_si512((const void *)(p + (corner)))
    for (int32_t s = 0; s < last && alive; s++) {
        const pik_haar_stage *stage = &c->stages[s];
        const placed_stump *stump = &stumps[stage->first_tree];
        __m512 score = _mm512_setzero_ps();
        for (int32_t t = 0; t < stage->tree_count; t++, stump++) {
            __m512 value = _mm512_setzero_ps();
            for (int32_t r = 0; r < 3; r++) {
                const int32_t *k = stump->corners[r];
                const __m512i sum = _mm512_add_epi32(
                    _mm512_sub_epi32(_mm512_sub_epi32(CORNERS(k[3]), CORNERS(k[1])), CORNERS(k[2])), CORNERS(k[0]));
                const __m512 term = _mm512_mul_ps(_mm512_set1_ps(stump->weights[r]), _mm512_cvtepi32_ps(sum));
                // The scalar sum starts from its first term, not from 0 + it: the same result.
                value = r == 0 ? term : _mm512_add_ps(value, term);
            }
            const __mmask16 below =
                _mm512_cmp_ps_mask(value, _mm512_mul_ps(_mm512_set1_ps(stump->threshold), scale), _CMP_LT_OQ);
            score = _mm512_add_ps(score, _mm512_mask_blend_ps(below, _mm512_set1_ps(stump->above), _mm512_set1_ps(stump->below)));
        }
        const __mmask16 rejected = alive & _mm512_cmp_ps_mask(score, _mm512_set1_ps(stage->threshold), _CMP_LT_OQ);
        result = _mm512_mask_blend_epi32(rejected, result, _mm512_set1_epi32(-s));
        alive &= (__mmask16)~rejected;
        if (s == 0) {
            // OpenCV's walk skips the window after one the first stage rejects: those lanes stop.
            int skipped = 0, carry = *skip;
            for (int lane = 0; lane < 16; lane++) {
                if (carry) {
                    skipped |= 1 << lane;
                    carry = 0;
                } else {
                    carry = (rejected >> lane) & 1;
                }
            }
            *skip = carry;
            alive &= (__mmask16)~skipped;
            result = _mm512_mask_blend_epi32((__mmask16)skipped, result, _mm512_set1_epi32(-1));
        }
    }
#undef CORNERS
    _mm512_storeu_si512((void *)outcomes, result);
}

int pik_haar_has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}
#else
void pik_haar_run_stages_avx512(const pik_haar_cascade *c, const placed_stump *stumps, const int32_t *p,
                                const float *scales, int32_t last, int32_t *skip, int32_t *outcomes) {
    (void)c, (void)stumps, (void)p, (void)scales, (void)last, (void)skip, (void)outcomes;
}

int pik_haar_has_avx512(void) { return 0; }
#endif
