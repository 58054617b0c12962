#include "CProfileImageKernels.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define PIK_X86 1
#endif

static const int32_t rounding = 1 << (PIK_WEIGHT_BITS - 1);

static inline uint8_t clamp_shift(int32_t sum) {
    sum >>= PIK_WEIGHT_BITS;
    return (uint8_t)(sum < 0 ? 0 : sum > 255 ? 255 : sum);
}

// MARK: - Vertical

// Portable path (and the tail of the SIMD paths): tap-outer over a small accumulator block,
// a shape compilers vectorise for NEON and other targets.
static void vertical_scalar(const uint8_t *const *rows, const int16_t *weights, int count, uint8_t *output,
                            size_t start, size_t length) {
    enum { block = 256 };
    int32_t sums[block];
    for (size_t i = start; i < length; i += block) {
        size_t n = length - i < block ? length - i : block;
        for (size_t j = 0; j < n; j++) sums[j] = rounding;
        for (int k = 0; k < count; k++) {
            const uint8_t *row = rows[k] + i;
            const int32_t weight = weights[k];
            for (size_t j = 0; j < n; j++) sums[j] += (int32_t)row[j] * weight;
        }
        for (size_t j = 0; j < n; j++) output[i + j] = clamp_shift(sums[j]);
    }
}

#ifdef PIK_X86
// Two taps per multiply-add: the bytes of rows k and k+1 are interleaved and widened to 16-bit
// pairs, and _mm_madd_epi16 forms a*w[k] + b*w[k+1] in 32 bits (as Pillow-SIMD does).
__attribute__((target("avx2"))) static size_t vertical_avx2(const uint8_t *const *rows, const int16_t *weights,
                                                            int count, uint8_t *output, size_t length) {
    const __m256i zero = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 32 <= length; i += 32) {
        __m256i s0 = _mm256_set1_epi32(rounding), s1 = s0, s2 = s0, s3 = s0;
        int k = 0;
        for (; k + 1 < count; k += 2) {
            __m256i w = _mm256_set1_epi32((int32_t)(uint16_t)weights[k] | (int32_t)((uint32_t)(uint16_t)weights[k + 1] << 16));
            __m256i a = _mm256_loadu_si256((const __m256i *)(rows[k] + i));
            __m256i b = _mm256_loadu_si256((const __m256i *)(rows[k + 1] + i));
            __m256i lo = _mm256_unpacklo_epi8(a, b);
            __m256i hi = _mm256_unpackhi_epi8(a, b);
            s0 = _mm256_add_epi32(s0, _mm256_madd_epi16(_mm256_unpacklo_epi8(lo, zero), w));
            s1 = _mm256_add_epi32(s1, _mm256_madd_epi16(_mm256_unpackhi_epi8(lo, zero), w));
            s2 = _mm256_add_epi32(s2, _mm256_madd_epi16(_mm256_unpacklo_epi8(hi, zero), w));
            s3 = _mm256_add_epi32(s3, _mm256_madd_epi16(_mm256_unpackhi_epi8(hi, zero), w));
        }
        if (k < count) {
            __m256i w = _mm256_set1_epi32((int32_t)(uint16_t)weights[k]);
            __m256i a = _mm256_loadu_si256((const __m256i *)(rows[k] + i));
            __m256i lo = _mm256_unpacklo_epi8(a, zero);
            __m256i hi = _mm256_unpackhi_epi8(a, zero);
            s0 = _mm256_add_epi32(s0, _mm256_madd_epi16(_mm256_unpacklo_epi16(lo, zero), w));
            s1 = _mm256_add_epi32(s1, _mm256_madd_epi16(_mm256_unpackhi_epi16(lo, zero), w));
            s2 = _mm256_add_epi32(s2, _mm256_madd_epi16(_mm256_unpacklo_epi16(hi, zero), w));
            s3 = _mm256_add_epi32(s3, _mm256_madd_epi16(_mm256_unpackhi_epi16(hi, zero), w));
        }
        s0 = _mm256_srai_epi32(s0, PIK_WEIGHT_BITS);
        s1 = _mm256_srai_epi32(s1, PIK_WEIGHT_BITS);
        s2 = _mm256_srai_epi32(s2, PIK_WEIGHT_BITS);
        s3 = _mm256_srai_epi32(s3, PIK_WEIGHT_BITS);
        // Packing is per 128-bit lane, like the unpacking: the byte order comes back unchanged.
        __m256i packed = _mm256_packus_epi16(_mm256_packs_epi32(s0, s1), _mm256_packs_epi32(s2, s3));
        _mm256_storeu_si256((__m256i *)(output + i), packed);
    }
    return i;
}

static size_t vertical_sse2(const uint8_t *const *rows, const int16_t *weights, int count, uint8_t *output,
                            size_t length) {
    const __m128i zero = _mm_setzero_si128();
    size_t i = 0;
    for (; i + 16 <= length; i += 16) {
        __m128i s0 = _mm_set1_epi32(rounding), s1 = s0, s2 = s0, s3 = s0;
        int k = 0;
        for (; k + 1 < count; k += 2) {
            __m128i w = _mm_set1_epi32((int32_t)(uint16_t)weights[k] | (int32_t)((uint32_t)(uint16_t)weights[k + 1] << 16));
            __m128i a = _mm_loadu_si128((const __m128i *)(rows[k] + i));
            __m128i b = _mm_loadu_si128((const __m128i *)(rows[k + 1] + i));
            __m128i lo = _mm_unpacklo_epi8(a, b);
            __m128i hi = _mm_unpackhi_epi8(a, b);
            s0 = _mm_add_epi32(s0, _mm_madd_epi16(_mm_unpacklo_epi8(lo, zero), w));
            s1 = _mm_add_epi32(s1, _mm_madd_epi16(_mm_unpackhi_epi8(lo, zero), w));
            s2 = _mm_add_epi32(s2, _mm_madd_epi16(_mm_unpacklo_epi8(hi, zero), w));
            s3 = _mm_add_epi32(s3, _mm_madd_epi16(_mm_unpackhi_epi8(hi, zero), w));
        }
        if (k < count) {
            __m128i w = _mm_set1_epi32((int32_t)(uint16_t)weights[k]);
            __m128i a = _mm_loadu_si128((const __m128i *)(rows[k] + i));
            __m128i lo = _mm_unpacklo_epi8(a, zero);
            __m128i hi = _mm_unpackhi_epi8(a, zero);
            s0 = _mm_add_epi32(s0, _mm_madd_epi16(_mm_unpacklo_epi16(lo, zero), w));
            s1 = _mm_add_epi32(s1, _mm_madd_epi16(_mm_unpackhi_epi16(lo, zero), w));
            s2 = _mm_add_epi32(s2, _mm_madd_epi16(_mm_unpacklo_epi16(hi, zero), w));
            s3 = _mm_add_epi32(s3, _mm_madd_epi16(_mm_unpackhi_epi16(hi, zero), w));
        }
        s0 = _mm_srai_epi32(s0, PIK_WEIGHT_BITS);
        s1 = _mm_srai_epi32(s1, PIK_WEIGHT_BITS);
        s2 = _mm_srai_epi32(s2, PIK_WEIGHT_BITS);
        s3 = _mm_srai_epi32(s3, PIK_WEIGHT_BITS);
        __m128i packed = _mm_packus_epi16(_mm_packs_epi32(s0, s1), _mm_packs_epi32(s2, s3));
        _mm_storeu_si128((__m128i *)(output + i), packed);
    }
    return i;
}

static int has_avx2(void) {
    return __builtin_cpu_supports("avx2");
}
#endif

int pik_kernel_available(pik_kernel_path path) {
    switch (path) {
    case PIK_KERNEL_BEST:
    case PIK_KERNEL_PORTABLE:
        return 1;
#ifdef PIK_X86
    case PIK_KERNEL_SSE2:
        return 1;
    case PIK_KERNEL_AVX2:
        return has_avx2();
#endif
    default:
        return 0;
    }
}

static pik_kernel_path resolve(pik_kernel_path path) {
    if (path == PIK_KERNEL_BEST) {
#ifdef PIK_X86
        return has_avx2() ? PIK_KERNEL_AVX2 : PIK_KERNEL_SSE2;
#else
        return PIK_KERNEL_PORTABLE;
#endif
    }
    return pik_kernel_available(path) ? path : PIK_KERNEL_PORTABLE;
}

void pik_resample_vertical_using(pik_kernel_path path, const uint8_t *const *rows, const int16_t *weights, int count,
                                 uint8_t *output, size_t length) {
    size_t done = 0;
    switch (resolve(path)) {
#ifdef PIK_X86
    case PIK_KERNEL_AVX2: done = vertical_avx2(rows, weights, count, output, length); break;
    case PIK_KERNEL_SSE2: done = vertical_sse2(rows, weights, count, output, length); break;
#endif
    default: break;
    }
    vertical_scalar(rows, weights, count, output, done, length);
}

void pik_resample_vertical(const uint8_t *const *rows, const int16_t *weights, int count, uint8_t *output,
                           size_t length) {
    pik_resample_vertical_using(PIK_KERNEL_BEST, rows, weights, count, output, length);
}

// MARK: - Horizontal

static void horizontal_scalar(const uint8_t *input, uint8_t *output, int first, int output_count, int channels,
                              const int32_t *starts, const int32_t *counts, const int16_t *weights, int taps) {
    for (int x = first; x < output_count; x++) {
        const int16_t *w = weights + (size_t)x * taps;
        const uint8_t *p = input + (size_t)starts[x] * channels;
        for (int c = 0; c < channels; c++) {
            int32_t sum = rounding;
            for (int k = 0; k < counts[x]; k++) sum += (int32_t)p[k * channels + c] * w[k];
            output[(size_t)x * channels + c] = clamp_shift(sum);
        }
    }
}

#ifdef PIK_X86
// Pixels k and k+1 are loaded together and shuffled into 16-bit pairs per channel
// (r_k, r_k+1, g_k, g_k+1, ...), so one multiply-add applies two taps to every channel. Four taps
// come from one 16-byte load; two output pixels run side by side in the two 128-bit lanes.
typedef struct {
    __m128i pairs_low;   // taps k, k+1 of a 16-byte load at pixel k
    __m128i pairs_high;  // taps k+2, k+3
    __m128i single;      // tap k alone
} pik_shuffles;

__attribute__((target("avx2"))) static pik_shuffles shuffles_for(int n) {
    pik_shuffles s;
    if (n == 4) {
        s.pairs_low = _mm_setr_epi8(0, -1, 4, -1, 1, -1, 5, -1, 2, -1, 6, -1, 3, -1, 7, -1);
        s.pairs_high = _mm_setr_epi8(8, -1, 12, -1, 9, -1, 13, -1, 10, -1, 14, -1, 11, -1, 15, -1);
        s.single = _mm_setr_epi8(0, -1, -1, -1, 1, -1, -1, -1, 2, -1, -1, -1, 3, -1, -1, -1);
    } else {
        s.pairs_low = _mm_setr_epi8(0, -1, 3, -1, 1, -1, 4, -1, 2, -1, 5, -1, -1, -1, -1, -1);
        s.pairs_high = _mm_setr_epi8(6, -1, 9, -1, 7, -1, 10, -1, 8, -1, 11, -1, -1, -1, -1, -1);
        s.single = _mm_setr_epi8(0, -1, -1, -1, 1, -1, -1, -1, 2, -1, -1, -1, -1, -1, -1, -1);
    }
    return s;
}

// Adds taps k ..< count of one output pixel to `sum`.
__attribute__((target("avx2"))) static __m128i horizontal_taps(__m128i sum, const uint8_t *p, const int16_t *w, int k,
                                                               int count, int n, const pik_shuffles *s) {
    for (; k + 3 < count; k += 4) {
        __m128i weights = _mm_loadl_epi64((const __m128i *)(w + k));
        __m128i pixels = _mm_loadu_si128((const __m128i *)(p + (size_t)k * n));
        sum = _mm_add_epi32(sum, _mm_madd_epi16(_mm_shuffle_epi8(pixels, s->pairs_low), _mm_shuffle_epi32(weights, 0x00)));
        sum = _mm_add_epi32(sum, _mm_madd_epi16(_mm_shuffle_epi8(pixels, s->pairs_high), _mm_shuffle_epi32(weights, 0x55)));
    }
    for (; k + 1 < count; k += 2) {
        __m128i weight = _mm_set1_epi32((int32_t)(uint16_t)w[k] | (int32_t)((uint32_t)(uint16_t)w[k + 1] << 16));
        __m128i pixels = _mm_loadl_epi64((const __m128i *)(p + (size_t)k * n));
        sum = _mm_add_epi32(sum, _mm_madd_epi16(_mm_shuffle_epi8(pixels, s->pairs_low), weight));
    }
    if (k < count) {
        __m128i weight = _mm_set1_epi32((int32_t)(uint16_t)w[k]);
        __m128i pixels = _mm_loadl_epi64((const __m128i *)(p + (size_t)k * n));
        sum = _mm_add_epi32(sum, _mm_madd_epi16(_mm_shuffle_epi8(pixels, s->single), weight));
    }
    return sum;
}

__attribute__((target("avx2"))) static void store_pixel(__m128i sum, uint8_t *o, int n) {
    sum = _mm_srai_epi32(sum, PIK_WEIGHT_BITS);
    __m128i packed = _mm_packus_epi16(_mm_packs_epi32(sum, sum), sum);
    uint32_t bytes = (uint32_t)_mm_cvtsi128_si32(packed);
    if (n == 4) {
        memcpy(o, &bytes, 4);
    } else {
        o[0] = (uint8_t)bytes;
        o[1] = (uint8_t)(bytes >> 8);
        o[2] = (uint8_t)(bytes >> 16);
    }
}

__attribute__((target("avx2"))) static int horizontal_avx2(const uint8_t *input, uint8_t *output, int output_count,
                                                           int channels, const int32_t *starts, const int32_t *counts,
                                                           const int16_t *weights, int taps) {
    if (channels != 3 && channels != 4) return 0;
    const int n = channels;
    const pik_shuffles s = shuffles_for(n);
    const __m256i low = _mm256_broadcastsi128_si256(s.pairs_low);
    const __m256i high = _mm256_broadcastsi128_si256(s.pairs_high);
    int x = 0;
    for (; x + 1 < output_count; x += 2) {
        const int16_t *w0 = weights + (size_t)x * taps, *w1 = w0 + taps;
        const uint8_t *p0 = input + (size_t)starts[x] * n, *p1 = input + (size_t)starts[x + 1] * n;
        const int c0 = counts[x], c1 = counts[x + 1];
        const int both = c0 < c1 ? c0 : c1;
        __m256i sum = _mm256_set1_epi32(rounding);
        int k = 0;
        for (; k + 3 < both; k += 4) {
            __m256i pixels = _mm256_inserti128_si256(
                _mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(p0 + (size_t)k * n))),
                _mm_loadu_si128((const __m128i *)(p1 + (size_t)k * n)), 1);
            __m256i w = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadl_epi64((const __m128i *)(w0 + k))),
                                                _mm_loadl_epi64((const __m128i *)(w1 + k)), 1);
            sum = _mm256_add_epi32(sum, _mm256_madd_epi16(_mm256_shuffle_epi8(pixels, low), _mm256_shuffle_epi32(w, 0x00)));
            sum = _mm256_add_epi32(sum, _mm256_madd_epi16(_mm256_shuffle_epi8(pixels, high), _mm256_shuffle_epi32(w, 0x55)));
        }
        __m128i sum0 = horizontal_taps(_mm256_castsi256_si128(sum), p0, w0, k, c0, n, &s);
        __m128i sum1 = horizontal_taps(_mm256_extracti128_si256(sum, 1), p1, w1, k, c1, n, &s);
        store_pixel(sum0, output + (size_t)x * n, n);
        store_pixel(sum1, output + (size_t)(x + 1) * n, n);
    }
    for (; x < output_count; x++) {
        const int16_t *w = weights + (size_t)x * taps;
        __m128i sum = horizontal_taps(_mm_set1_epi32(rounding), input + (size_t)starts[x] * n, w, 0, counts[x], n, &s);
        store_pixel(sum, output + (size_t)x * n, n);
    }
    return output_count;
}
#endif

void pik_resample_horizontal_using(pik_kernel_path path, const uint8_t *input, uint8_t *output, int output_count,
                                   int channels, const int32_t *starts, const int32_t *counts, const int16_t *weights,
                                   int taps) {
    int done = 0;
#ifdef PIK_X86
    if (resolve(path) == PIK_KERNEL_AVX2) {
        done = horizontal_avx2(input, output, output_count, channels, starts, counts, weights, taps);
    }
#endif
    horizontal_scalar(input, output, done, output_count, channels, starts, counts, weights, taps);
}

void pik_resample_horizontal(const uint8_t *input, uint8_t *output, int output_count, int channels,
                             const int32_t *starts, const int32_t *counts, const int16_t *weights, int taps) {
    pik_resample_horizontal_using(PIK_KERNEL_BEST, input, output, output_count, channels, starts, counts, weights, taps);
}
