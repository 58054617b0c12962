#ifndef CPROFILEIMAGECOLOUR_H
#define CPROFILEIMAGECOLOUR_H

#include <stddef.h>
#include <stdint.h>

/// Pixel layouts a colour transform reads: 8 bits per channel, interleaved.
typedef enum {
    PIK_COLOUR_GRAY = 1,
    PIK_COLOUR_RGB = 3,
    /// RGB with straight alpha: the alpha byte is copied unchanged.
    PIK_COLOUR_RGBA = 4,
    /// CMYK, 0 = no ink.
    PIK_COLOUR_CMYK = 5,
    /// CMYK as Adobe applications store it in JPEG: 255 = no ink.
    PIK_COLOUR_CMYK_INVERTED = 6,
    /// A grey picture expanded to RGB (R = G = B), for a grey profile: the grey is converted and
    /// written to all three.
    PIK_COLOUR_GRAY_AS_RGB = 7,
    /// The same with straight alpha, copied unchanged.
    PIK_COLOUR_GRAY_AS_RGBA = 8,
} pik_colour_layout;

typedef struct pik_colour_transform pik_colour_transform;

/// Makes a transform from the ICC profile `icc` to sRGB (perceptual intent, black-point
/// compensation): RGB and CMYK to sRGB RGB (RGBA keeps its alpha), grey to grey with sRGB's tone
/// curve. Each transform has its own Little CMS context (no global state) and no pixel cache, so
/// pik_colour_transform_apply may run on several threads at once with the same transform. Returns NULL when the profile cannot be used (unreadable, of another colour space
/// than `layout`, or lacking what a transform needs), with lcms's reason in `message`.
pik_colour_transform *pik_colour_transform_create(const uint8_t *icc, size_t icc_length, pik_colour_layout layout,
                                                  char *message, size_t message_capacity);
void pik_colour_transform_destroy(pik_colour_transform *transform);

/// Converts `height` rows of `width` pixels; `input` and `output` may be the same memory when
/// the layouts have as many bytes per pixel (CMYK never: it becomes RGB).
void pik_colour_transform_apply(const pik_colour_transform *transform, const uint8_t *input, size_t input_stride,
                                uint8_t *output, size_t output_stride, uint32_t width, uint32_t height);

/// The version of the Little CMS loaded at run time, e.g. "2.14", into `buffer`.
void pik_lcms_library_version(char *buffer, size_t capacity);

#endif
