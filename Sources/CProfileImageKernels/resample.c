#include "CProfileImageKernels.h"

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

void pik_resample_vertical(const uint8_t *const *rows, const int16_t *weights, int count, uint8_t *output,
                           size_t length) {
    size_t done = 0;
#ifdef PIK_X86
    done = has_avx2() ? vertical_avx2(rows, weights, count, output, length)
                      : vertical_sse2(rows, weights, count, output, length);
#endif
    vertical_scalar(rows, weights, count, output, done, length);
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
// (r_k, r_k+1, g_k, g_k+1, ...), so one multiply-add applies two taps to every channel.
__attribute__((target("avx2"))) static int horizontal_avx2(const uint8_t *input, uint8_t *output, int output_count,
                                                           int channels, const int32_t *starts, const int32_t *counts,
                                                           const int16_t *weights, int taps) {
    if (channels != 3 && channels != 4) return 0;
    const int n = channels;
    // Bytes of pixel k at 0..n-1, of pixel k+1 at n..2n-1; -1 (0x80) zeroes the high bytes.
    const __m128i pairs = n == 4 ? _mm_setr_epi8(0, -1, 4, -1, 1, -1, 5, -1, 2, -1, 6, -1, 3, -1, 7, -1)
                                 : _mm_setr_epi8(0, -1, 3, -1, 1, -1, 4, -1, 2, -1, 5, -1, -1, -1, -1, -1);
    const __m128i single = n == 4 ? _mm_setr_epi8(0, -1, -1, -1, 1, -1, -1, -1, 2, -1, -1, -1, 3, -1, -1, -1)
                                  : _mm_setr_epi8(0, -1, -1, -1, 1, -1, -1, -1, 2, -1, -1, -1, -1, -1, -1, -1);
    for (int x = 0; x < output_count; x++) {
        const int16_t *w = weights + (size_t)x * taps;
        const uint8_t *p = input + (size_t)starts[x] * n;
        const int count = counts[x];
        __m128i sum = _mm_set1_epi32(rounding);
        int k = 0;
        for (; k + 1 < count; k += 2) {
            __m128i weight = _mm_set1_epi32((int32_t)(uint16_t)w[k] | (int32_t)((uint32_t)(uint16_t)w[k + 1] << 16));
            __m128i pixels = _mm_loadl_epi64((const __m128i *)(p + (size_t)k * n));
            sum = _mm_add_epi32(sum, _mm_madd_epi16(_mm_shuffle_epi8(pixels, pairs), weight));
        }
        if (k < count) {
            __m128i weight = _mm_set1_epi32((int32_t)(uint16_t)w[k]);
            __m128i pixels = _mm_loadl_epi64((const __m128i *)(p + (size_t)k * n));
            sum = _mm_add_epi32(sum, _mm_madd_epi16(_mm_shuffle_epi8(pixels, single), weight));
        }
        sum = _mm_srai_epi32(sum, PIK_WEIGHT_BITS);
        __m128i packed = _mm_packus_epi16(_mm_packs_epi32(sum, sum), sum);
        uint32_t bytes = (uint32_t)_mm_cvtsi128_si32(packed);
        uint8_t *o = output + (size_t)x * n;
        o[0] = (uint8_t)bytes;
        o[1] = (uint8_t)(bytes >> 8);
        o[2] = (uint8_t)(bytes >> 16);
        if (n == 4) o[3] = (uint8_t)(bytes >> 24);
    }
    return output_count;
}
#endif

void pik_resample_horizontal(const uint8_t *input, uint8_t *output, int output_count, int channels,
                             const int32_t *starts, const int32_t *counts, const int16_t *weights, int taps) {
    int done = 0;
#ifdef PIK_X86
    if (has_avx2()) done = horizontal_avx2(input, output, output_count, channels, starts, counts, weights, taps);
#endif
    horizontal_scalar(input, output, done, output_count, channels, starts, counts, weights, taps);
}
