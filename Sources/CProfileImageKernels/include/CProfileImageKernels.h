// CProfileImageKernels: the innermost resampling loops, in C so that they can use SSE2 and AVX2
// (chosen at run time by CPUID) and NEON through the compiler's vectoriser. Swift cannot enable
// a CPU feature for one function, and its SSE2 code for these loops measured 3-5x slower.
// Every path computes exactly the same integers, so outputs never depend on the CPU.
//
// Fixed point: weights are Q14 (16384 = 1.0); each output is
//   clamp((8192 + sum(weight[k] * sample[k])) >> 14, 0, 255).

#ifndef C_PROFILE_IMAGE_KERNELS_H
#define C_PROFILE_IMAGE_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Fraction bits of the weights.
#define PIK_WEIGHT_BITS 14

/// One output row of a vertical pass: output[i] = sum over k < count of weights[k] * rows[k][i].
void pik_resample_vertical(const uint8_t *const *rows, const int16_t *weights, int count, uint8_t *output,
                           size_t length);

/// One output row of a horizontal pass over interleaved pixels of `channels` (1, 3 or 4) bytes.
/// Output pixel x reads input pixels starts[x] ..< starts[x] + counts[x] with weights
/// weights[x * taps ...]. `input` must be readable 8 bytes past its last pixel.
void pik_resample_horizontal(const uint8_t *input, uint8_t *output, int output_count, int channels,
                             const int32_t *starts, const int32_t *counts, const int16_t *weights, int taps);

/// Which implementation to run: the fastest the CPU has, or a given one (for tests that check
/// every path gives the same bytes). A path the CPU or build lacks falls back to the portable one.
typedef enum {
    PIK_KERNEL_BEST = 0,
    PIK_KERNEL_PORTABLE = 1,
    PIK_KERNEL_SSE2 = 2,
    PIK_KERNEL_AVX2 = 3,
} pik_kernel_path;

/// Whether this build and CPU can run `path`.
int pik_kernel_available(pik_kernel_path path);

/// ``pik_resample_vertical`` on a chosen path.
void pik_resample_vertical_using(pik_kernel_path path, const uint8_t *const *rows, const int16_t *weights, int count,
                                 uint8_t *output, size_t length);

/// ``pik_resample_horizontal`` on a chosen path.
void pik_resample_horizontal_using(pik_kernel_path path, const uint8_t *input, uint8_t *output, int output_count,
                                   int channels, const int32_t *starts, const int32_t *counts, const int16_t *weights,
                                   int taps);

#ifdef __cplusplus
}
#endif

#endif
