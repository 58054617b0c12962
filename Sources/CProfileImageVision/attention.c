#include "CProfileImageVision.h"

#include <stdlib.h>

// Sums in 16 bits, for blocks of up to 16 x 16 (256 x 255 fits): column sums of a block row, then
// block sums of every pixel position by `factor` shifted adds, straight loops the compiler
// vectorises; the averages by a reciprocal. 0 when out of memory.
static int box_shrink_narrow(const uint8_t *input, int32_t width, int32_t height, size_t stride, int32_t channels,
                             int32_t factor, uint8_t *output) {
    const int32_t out_width = (width + factor - 1) / factor, out_height = (height + factor - 1) / factor;
    const size_t row_bytes = (size_t)width * channels;
    // Zeros past the row for the last block's shifted reads.
    const size_t padded = row_bytes + (size_t)factor * channels;
    uint16_t *columns = calloc(padded, sizeof(uint16_t));
    uint16_t *blocks = malloc(sizeof(uint16_t) * padded);
    if (!columns || !blocks) {
        free(columns);
        free(blocks);
        return 0;
    }
    for (int32_t oy = 0; oy < out_height; oy++) {
        const int32_t y0 = oy * factor, y1 = y0 + factor < height ? y0 + factor : height;
        for (size_t i = 0; i < row_bytes; i++) columns[i] = 0;
        for (int32_t y = y0; y < y1; y++) {
            const uint8_t *row = input + (size_t)y * stride;
            for (size_t i = 0; i < row_bytes; i++) columns[i] = (uint16_t)(columns[i] + row[i]);
        }
        for (size_t i = 0; i < row_bytes; i++) blocks[i] = columns[i];
        for (int32_t k = 1; k < factor; k++) {
            const uint16_t *shifted = columns + (size_t)k * channels;
            for (size_t i = 0; i < row_bytes; i++) blocks[i] = (uint16_t)(blocks[i] + shifted[i]);
        }
        for (int32_t ox = 0; ox < out_width; ox++) {
            const int32_t x0 = ox * factor, x1 = x0 + factor < width ? x0 + factor : width;
            const uint32_t n = (uint32_t)((y1 - y0) * (x1 - x0));
            // (sum + n / 2) / n is at most 256, so times 1 / n in double it is within 2^-44 of
            // the quotient, and one that is not whole is at least 1 / n (here 2^-8) below the next
            // whole number: adding 2^-20 and truncating is exactly the integer division.
            const double reciprocal = 1.0 / n;
            for (int32_t c = 0; c < channels; c++) {
                const uint32_t total = blocks[(size_t)x0 * channels + c];
                output[((size_t)oy * out_width + ox) * channels + c] =
                    (uint8_t)((double)(total + n / 2) * reciprocal + 0x1p-20);
            }
        }
    }
    free(columns);
    free(blocks);
    return 1;
}

void pik_box_shrink(const uint8_t *input, int32_t width, int32_t height, size_t stride, int32_t channels,
                    int32_t factor, uint8_t *output) {
    const int32_t out_width = (width + factor - 1) / factor, out_height = (height + factor - 1) / factor;
    const size_t row_bytes = (size_t)width * channels;
    if (factor <= 16 && box_shrink_narrow(input, width, height, stride, channels, factor, output)) return;
    uint32_t *columns = malloc(sizeof(uint32_t) * row_bytes);
    if (!columns) {
        // Without scratch memory: every block summed where it lies (slower, the same result).
        for (int32_t oy = 0; oy < out_height; oy++) {
            const int32_t y0 = oy * factor, y1 = y0 + factor < height ? y0 + factor : height;
            for (int32_t ox = 0; ox < out_width; ox++) {
                const int32_t x0 = ox * factor, x1 = x0 + factor < width ? x0 + factor : width;
                for (int32_t c = 0; c < channels; c++) {
                    uint32_t total = 0;
                    for (int32_t y = y0; y < y1; y++) {
                        for (int32_t x = x0; x < x1; x++) total += input[(size_t)y * stride + (size_t)x * channels + c];
                    }
                    const uint32_t n = (uint32_t)((y1 - y0) * (x1 - x0));
                    output[((size_t)oy * out_width + ox) * channels + c] = (uint8_t)((total + n / 2) / n);
                }
            }
        }
        return;
    }
    for (int32_t oy = 0; oy < out_height; oy++) {
        const int32_t y0 = oy * factor, y1 = y0 + factor < height ? y0 + factor : height;
        // Column sums of the block row first: a straight loop the compiler vectorises.
        for (size_t i = 0; i < row_bytes; i++) columns[i] = 0;
        for (int32_t y = y0; y < y1; y++) {
            const uint8_t *row = input + (size_t)y * stride;
            for (size_t i = 0; i < row_bytes; i++) columns[i] += row[i];
        }
        for (int32_t ox = 0; ox < out_width; ox++) {
            const int32_t x0 = ox * factor, x1 = x0 + factor < width ? x0 + factor : width;
            const uint32_t n = (uint32_t)((y1 - y0) * (x1 - x0));
            for (int32_t c = 0; c < channels; c++) {
                uint32_t total = 0;
                for (int32_t x = x0; x < x1; x++) total += columns[(size_t)x * channels + c];
                output[((size_t)oy * out_width + ox) * channels + c] = (uint8_t)((total + n / 2) / n);
            }
        }
    }
    free(columns);
}

void pik_luma(const uint8_t *input, int32_t pixel_count, int32_t channels, uint8_t *output) {
    for (int32_t i = 0; i < pixel_count; i++, input += channels) {
        // Rec. 601 in Q16: 0.299, 0.587, 0.114.
        output[i] = channels >= 3 ? (uint8_t)((19595u * input[0] + 38470u * input[1] + 7471u * input[2] + 32768u) >> 16)
                                  : input[0];
    }
}

// Skin as Kovac, Peer and Solina's daylight rule has it: reddish, not grey, not too dark.
static int is_skin(int r, int g, int b) {
    int high = r > g ? (r > b ? r : b) : (g > b ? g : b);
    int low = r < g ? (r < b ? r : b) : (g < b ? g : b);
    return r > 95 && g > 40 && b > 20 && high - low > 15 && r - g > 15 && r > b;
}

int pik_attention_square(const uint8_t *pixels, int32_t width, int32_t height, int32_t channels, int32_t side,
                         int32_t *x, int32_t *y) {
    if (width <= 0 || height <= 0 || side <= 0 || side > width || side > height || (channels != 1 && channels != 3)) {
        return -1;
    }
    const size_t pitch = (size_t)width + 1;
    uint8_t *luma = malloc((size_t)width * (size_t)height);
    int64_t *integral = calloc(pitch * ((size_t)height + 1), sizeof(int64_t));
    if (!luma || !integral) {
        free(luma);
        free(integral);
        return -1;
    }
    pik_luma(pixels, width * height, channels, luma);
    for (int32_t j = 0; j < height; j++) {
        int64_t row = 0;
        for (int32_t i = 0; i < width; i++) {
            // Sobel magnitude (|gx| + |gy|, edges clamped) on luma: where the detail is.
            int32_t il = i > 0 ? i - 1 : 0, ir = i + 1 < width ? i + 1 : width - 1;
            int32_t ju = j > 0 ? j - 1 : 0, jd = j + 1 < height ? j + 1 : height - 1;
#define L(a, b) ((int32_t)luma[(size_t)(b) * width + (a)])
            int32_t gx = L(ir, ju) + 2 * L(ir, j) + L(ir, jd) - L(il, ju) - 2 * L(il, j) - L(il, jd);
            int32_t gy = L(il, jd) + 2 * L(i, jd) + L(ir, jd) - L(il, ju) - 2 * L(i, ju) - L(ir, ju);
#undef L
            int32_t score = (gx < 0 ? -gx : gx) + (gy < 0 ? -gy : gy);
            // Grey is r = g = b: never skin, never saturated.
            const uint8_t *p = pixels + ((size_t)j * width + i) * channels;
            int r = p[0], g = p[channels > 1], b = p[channels > 1 ? 2 : 0];
            int high = r > g ? (r > b ? r : b) : (g > b ? g : b);
            int low = r < g ? (r < b ? r : b) : (g < b ? g : b);
            // Skin outweighs the strongest edge: people are what a viewer looks for first.
            if (is_skin(r, g, b)) score += 400;
            // Saturated, mid-bright colour: flowers, clothes, signs; not sky-white or shadow.
            if (high - low > 100 && high > 60 && low < 200) score += 200;
            row += score;
            integral[(size_t)(j + 1) * pitch + i + 1] = integral[(size_t)j * pitch + i + 1] + row;
        }
    }
    int64_t best = -1;
    int64_t best_distance = 0;
    const int32_t cx = (width - side) / 2, cy = (height - side) / 2;
    for (int32_t j = 0; j + side <= height; j++) {
        for (int32_t i = 0; i + side <= width; i++) {
            int64_t total = integral[(size_t)(j + side) * pitch + i + side] - integral[(size_t)j * pitch + i + side] -
                            integral[(size_t)(j + side) * pitch + i] + integral[(size_t)j * pitch + i];
            int64_t distance = (int64_t)(i - cx) * (i - cx) + (int64_t)(j - cy) * (j - cy);
            if (total > best || (total == best && distance < best_distance)) {
                best = total;
                best_distance = distance;
                *x = i;
                *y = j;
            }
        }
    }
    free(luma);
    free(integral);
    return 0;
}
