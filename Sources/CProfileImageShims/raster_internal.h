// The raster decoders' common state and the table each format fills in; not part of the
// module's interface.

#ifndef PIK_RASTER_INTERNAL_H
#define PIK_RASTER_INTERNAL_H

#include "CProfileImageShims.h"
#include "shim_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct pik_raster_decoder {
    pik_raster_format format;
    const uint8_t *data;
    size_t size;
    pik_raster_limits limits;
    int strict;
    /// Set by a format's reader when it was asked for bytes past the end: a failure after that
    /// is truncation, whatever the library calls it.
    int ran_out_of_data;
    /// Where the reader is, for diagnostics (formats read through a callback keep it).
    size_t position;
    int header_read;
    int pixels_read;
    pik_raster_header header;
    int frames;
    pik_diagnostic failure;
    pik_diagnostic notes[PIK_MAX_NOTES];
    int note_count;
    /// The format's own state.
    void *state;
};

/// What each format provides. read_header fills decoder->header (width, height, channels, ...);
/// read_pixels is called only after a successful read_header and a limit check.
typedef struct {
    pik_status (*read_header)(pik_raster_decoder *decoder);
    pik_status (*read_pixels)(pik_raster_decoder *decoder, uint8_t *pixels, size_t stride);
    void (*destroy)(pik_raster_decoder *decoder);
    void (*version)(char *buffer, size_t capacity);
} pik_raster_codec;

extern const pik_raster_codec pik_webp_codec;
extern const pik_raster_codec pik_heif_codec;
extern const pik_raster_codec pik_gif_codec;
extern const pik_raster_codec pik_tiff_codec;
extern const pik_raster_codec pik_bmp_codec;

/// Records a failure (the first one wins) and returns its status. Truncation wins over the
/// library's own word when the reader ran out of data.
static inline pik_status pik_raster_fail(pik_raster_decoder *decoder, pik_status status, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
static inline pik_status pik_raster_fail(pik_raster_decoder *decoder, pik_status status, const char *format, ...) {
    if (decoder->failure.status != PIK_OK) return decoder->failure.status;
    if (decoder->ran_out_of_data && status == PIK_CORRUPT) status = PIK_TRUNCATED;
    decoder->failure.status = status;
    decoder->failure.library_code = -1;
    // A seek past the end (a directory offset out of the file) is reported as the end.
    size_t position = decoder->position;
    decoder->failure.offset = position != (size_t)-1 && position > decoder->size ? decoder->size : position;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(decoder->failure.message, PIK_MESSAGE_CAPACITY, format, arguments);
    va_end(arguments);
    // Library messages may end in a newline (libheif's do) or hold control characters.
    char *message = decoder->failure.message;
    for (char *c = message; *c; c++) {
        if ((unsigned char)*c < 0x20 || *c == 0x7F) *c = ' ';
    }
    for (size_t n = strlen(message); n > 0 && message[n - 1] == ' '; n--) message[n - 1] = '\0';
    return status;
}

/// The offset of a diagnostic from a library that does not say where it stopped.
#define PIK_OFFSET_UNKNOWN ((size_t)-1)

static inline void pik_raster_note(pik_raster_decoder *decoder, const char *message) {
    size_t position = decoder->position != PIK_OFFSET_UNKNOWN && decoder->position > decoder->size ? decoder->size
                                                                                                   : decoder->position;
    pik_diagnostic note = {.status = PIK_OK, .library_code = -1, .offset = position};
    pik_copy_message(&note, message);
    pik_add_note(decoder->notes, &decoder->note_count, &note);
}

/// Refuses a size above the limits, or zero, before anything is allocated for it.
static inline pik_status pik_raster_check_size(pik_raster_decoder *decoder, uint64_t width, uint64_t height) {
    if (width == 0 || height == 0) {
        return pik_raster_fail(decoder, PIK_CORRUPT, "the image is %llux%llu pixels", (unsigned long long)width,
                               (unsigned long long)height);
    }
    if (width > decoder->limits.max_width || height > decoder->limits.max_height ||
        width * height > decoder->limits.max_pixels) {
        return pik_raster_fail(decoder, PIK_LIMIT, "%llux%llu exceeds the limits", (unsigned long long)width,
                               (unsigned long long)height);
    }
    return PIK_OK;
}

#endif
