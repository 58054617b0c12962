#include "haar_internal.h"

// The vector and scalar paths must compute the same floats: no fused multiply-adds.
#pragma clang fp contract(off)

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx2"))) void pik_haar_run_stages_avx2(const pik_haar_cascade *c, const placed_stump *stumps,
                                                               const int32_t *p, const float *scales, int32_t last,
                                                               int32_t *skip, int32_t *outcomes) {
    const __m256 scale = _mm256_loadu_ps(scales);
    __m256 alive = _mm256_cmp_ps(scale, _mm256_setzero_ps(), _CMP_GT_OQ);
    __m256i result = _mm256_blendv_epi8(_mm256_set1_epi32(-1), _mm256_set1_epi32(last), _mm256_castps_si256(alive));
#define CORNERS(corner) _mm256_loadu_si256((const __m256i *)(p + (corner)))
    for (int32_t s = 0; s < last && _mm256_movemask_ps(alive); s++) {
        const pik_haar_stage *stage = &c->stages[s];
        const placed_stump *stump = &stumps[stage->first_tree];
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
        if (s == 0) {
            // OpenCV's walk: a window the first stage rejects makes it skip the next one, which
            // then decides nothing; those lanes stop here.
            const int first_rejected = _mm256_movemask_ps(rejected);
            int skipped = 0, carry = *skip;
            for (int lane = 0; lane < 8; lane++) {
                if (carry) {
                    skipped |= 1 << lane;
                    carry = 0;
                } else {
                    carry = (first_rejected >> lane) & 1;
                }
            }
            *skip = carry;
            const __m256i bits = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
            const __m256i lanes = _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32(skipped), bits), bits);
            alive = _mm256_andnot_ps(_mm256_castsi256_ps(lanes), alive);
            result = _mm256_blendv_epi8(result, _mm256_set1_epi32(-1), lanes);
        }
    }
#undef CORNERS
    _mm256_storeu_si256((__m256i *)outcomes, result);
}

__attribute__((target("avx2"))) void pik_haar_window_norms_avx2(const int32_t *sum, const int64_t *squares,
                                                                 const int32_t norm[4], double area, int32_t first,
                                                                 int32_t count, float *norms) {
    const __m256d area4 = _mm256_set1_pd(area), tenth = _mm256_set1_pd(0.1), zero = _mm256_setzero_pd();
    const __m256i low_halves = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
    for (int32_t j = 0; j + 4 <= count; j += 4) {
        const int32_t *p = sum + first + j;
        const int64_t *q = squares + first + j;
#define AT(base, k) _mm_loadu_si128((const __m128i *)((base) + norm[k]))
#define AT64(base, k) _mm256_loadu_si256((const __m256i *)((base) + norm[k]))
        const __m128i total = _mm_add_epi32(_mm_sub_epi32(_mm_sub_epi32(AT(p, 3), AT(p, 1)), AT(p, 2)), AT(p, 0));
        const __m256i wide = _mm256_add_epi64(_mm256_sub_epi64(_mm256_sub_epi64(AT64(q, 3), AT64(q, 1)), AT64(q, 2)), AT64(q, 0));
#undef AT
#undef AT64
        // The caller guarantees a window's sum of squares fits 31 bits: its low halves are it.
        const __m128i squared = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(wide, low_halves));
        const __m256d t = _mm256_cvtepi32_pd(total);
        const __m256d variance = _mm256_sub_pd(_mm256_mul_pd(area4, _mm256_cvtepi32_pd(squared)), _mm256_mul_pd(t, t));
        const __m256d root = _mm256_sqrt_pd(_mm256_max_pd(variance, zero));
        const __m256d kept = _mm256_andnot_pd(_mm256_cmp_pd(area4, _mm256_mul_pd(tenth, root), _CMP_GE_OQ),
                                              _mm256_cmp_pd(variance, zero, _CMP_GT_OQ));
        _mm_storeu_ps(norms + j, _mm256_cvtpd_ps(_mm256_and_pd(kept, root)));
    }
}

int pik_haar_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}
#else
void pik_haar_run_stages_avx2(const pik_haar_cascade *c, const placed_stump *stumps, const int32_t *p,
                              const float *scales, int32_t last, int32_t *skip, int32_t *outcomes) {
    (void)c, (void)stumps, (void)p, (void)scales, (void)last, (void)skip, (void)outcomes;
}

void pik_haar_window_norms_avx2(const int32_t *sum, const int64_t *squares, const int32_t norm[4], double area,
                                int32_t first, int32_t count, float *norms) {
    (void)sum, (void)squares, (void)norm, (void)area, (void)first, (void)count, (void)norms;
}

int pik_haar_has_avx2(void) { return 0; }
#endif
