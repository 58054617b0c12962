// TIFF decoding through libtiff, over the bytes in memory, with the error and warning handlers
// of the one TIFF open (TIFFOpenOptions, libtiff 4.5): no process-wide handler is touched.
// libtiff reports errors by return codes; its JPEG codec catches libjpeg's longjmps itself.
// Only the first page (directory) is decoded.

#include "raster_internal.h"

#include <stdlib.h>
#include <string.h>
#include <tiffio.h>

typedef struct {
    TIFF *tiff;
    uint16_t photometric;
    /// Set while later pages are counted: what is wrong there is said in a note, since only the
    /// first page is used.
    int counting_pages;
} tiff_state;

/// The compressions a photo or a scan is stored with, each through a codec libtiff has long
/// carried. The rest (old-style JPEG, JBIG, LERC, zstd, LZMA, WebP, JPEG 2000, PixarLog, ...)
/// are refused before any of their code runs: rare in photos, and each a decoder more to attack.
static const struct {
    uint16_t code;
    const char *name;
} accepted_compressions[] = {
    {COMPRESSION_NONE, "none"},          {COMPRESSION_LZW, "LZW"},
    {COMPRESSION_PACKBITS, "PackBits"},  {COMPRESSION_ADOBE_DEFLATE, "Deflate"},
    {COMPRESSION_DEFLATE, "Deflate"},    {COMPRESSION_JPEG, "JPEG"},
    {COMPRESSION_CCITTRLE, "CCITT RLE"}, {COMPRESSION_CCITTFAX3, "CCITT Group 3"},
    {COMPRESSION_CCITTFAX4, "CCITT Group 4"},
};

static int compression_accepted(uint16_t code) {
    for (size_t i = 0; i < sizeof accepted_compressions / sizeof accepted_compressions[0]; i++) {
        if (accepted_compressions[i].code == code) return 1;
    }
    return 0;
}

/// A tile may be larger than the picture it covers (a small scan in 256x256 tiles), not more
/// than that: a 16-pixel-wide page with 65536x65536 tiles is a memory bomb, not a photo.
static int tile_side_fits(uint32_t tile, uint32_t side) {
    uint64_t rounded = ((uint64_t)side + 15) / 16 * 16;
    return tile > 0 && (tile <= rounded || tile <= 1024);
}

static tmsize_t on_read(thandle_t handle, void *out, tmsize_t length) {
    pik_raster_decoder *decoder = handle;
    size_t left = decoder->position < decoder->size ? decoder->size - decoder->position : 0;
    size_t count = length < 0 ? 0 : (size_t)length;
    if (count > left) {
        decoder->ran_out_of_data = 1;
        count = left;
    }
    memcpy(out, decoder->data + decoder->position, count);
    decoder->position += count;
    return (tmsize_t)count;
}

static tmsize_t on_write(thandle_t handle, void *in, tmsize_t length) {
    (void)handle, (void)in, (void)length;
    return 0;
}

static toff_t on_seek(thandle_t handle, toff_t offset, int whence) {
    pik_raster_decoder *decoder = handle;
    uint64_t base = whence == SEEK_CUR ? decoder->position : whence == SEEK_END ? decoder->size : 0;
    if (offset > UINT64_MAX - base) return (toff_t)-1;
    // Past the end is allowed, as for a file; the read there comes back short.
    decoder->position = (size_t)(base + offset);
    return base + offset;
}

static int on_close(thandle_t handle) {
    (void)handle;
    return 0;
}

static toff_t on_size(thandle_t handle) {
    return ((pik_raster_decoder *)handle)->size;
}

static int on_map(thandle_t handle, void **base, toff_t *size) {
    (void)handle, (void)base, (void)size;
    return 0;
}

static void on_unmap(thandle_t handle, void *base, toff_t size) {
    (void)handle, (void)base, (void)size;
}

static int on_error(TIFF *tiff, void *user, const char *module, const char *format, va_list arguments) {
    (void)tiff;
    pik_raster_decoder *decoder = user;
    tiff_state *state = decoder->state;
    char message[PIK_MESSAGE_CAPACITY];
    vsnprintf(message, sizeof message, format, arguments);
    if (state != NULL && state->counting_pages) {
        char note[PIK_MESSAGE_CAPACITY];
        snprintf(note, sizeof note, "a later page is unreadable (only the first is used): %s", message);
        pik_raster_note(decoder, note);
        return 1;
    }
    // libtiff's refusal of a buffer over the limit it was given is the size limit, not damage.
    pik_status status = strstr(message, "Maximum single memory allocation") != NULL ? PIK_LIMIT : PIK_CORRUPT;
    pik_raster_fail(decoder, status, "%s: %s", module ? module : "libtiff", message);
    return 1;
}

static int on_warning(TIFF *tiff, void *user, const char *module, const char *format, va_list arguments) {
    (void)tiff;
    pik_raster_decoder *decoder = user;
    char message[PIK_MESSAGE_CAPACITY], note[PIK_MESSAGE_CAPACITY];
    vsnprintf(message, sizeof message, format, arguments);
    snprintf(note, sizeof note, "%s: %s", module ? module : "libtiff", message);
    pik_raster_note(decoder, note);
    return 1;
}

static pik_status tiff_read_header(pik_raster_decoder *decoder) {
    tiff_state *state = calloc(1, sizeof(tiff_state));
    if (state == NULL) return pik_raster_fail(decoder, PIK_OUT_OF_MEMORY, "out of memory");
    decoder->state = state;
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (options == NULL) return pik_raster_fail(decoder, PIK_OUT_OF_MEMORY, "out of memory");
    TIFFOpenOptionsSetErrorHandlerExtR(options, on_error, decoder);
    TIFFOpenOptionsSetWarningHandlerExtR(options, on_warning, decoder);
    // No single buffer (a strip, a tag) larger than a full page of 16-bit RGBA at the pixel limit.
    uint64_t pixels = decoder->limits.max_pixels;
    uint64_t most = pixels > ((uint64_t)INT64_MAX - (1u << 20)) / 8 ? (uint64_t)INT64_MAX : pixels * 8 + (1u << 20);
    TIFFOpenOptionsSetMaxSingleMemAlloc(options, (tmsize_t)most);
    state->tiff = TIFFClientOpenExt("input", "rm", decoder, on_read, on_write, on_seek, on_close, on_size, on_map,
                                    on_unmap, options);
    TIFFOpenOptionsFree(options);
    if (state->tiff == NULL) return pik_raster_fail(decoder, PIK_CORRUPT, "not a readable TIFF");
    TIFF *tiff = state->tiff;
    uint32_t width = 0, height = 0;
    uint16_t bits = 0, samples = 0, orientation = ORIENTATION_TOPLEFT, extra_count = 0, photometric = 0;
    uint16_t *extra = NULL;
    if (!TIFFGetField(tiff, TIFFTAG_IMAGEWIDTH, &width) || !TIFFGetField(tiff, TIFFTAG_IMAGELENGTH, &height)) {
        return pik_raster_fail(decoder, PIK_CORRUPT, "the first page has no width or height");
    }
    TIFFGetFieldDefaulted(tiff, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(tiff, TIFFTAG_SAMPLESPERPIXEL, &samples);
    TIFFGetFieldDefaulted(tiff, TIFFTAG_ORIENTATION, &orientation);
    TIFFGetFieldDefaulted(tiff, TIFFTAG_EXTRASAMPLES, &extra_count, &extra);
    if (!TIFFGetField(tiff, TIFFTAG_PHOTOMETRIC, &photometric)) {
        return pik_raster_fail(decoder, PIK_CORRUPT, "the first page has no PhotometricInterpretation");
    }
    state->photometric = photometric;
    uint16_t compression = COMPRESSION_NONE;
    TIFFGetFieldDefaulted(tiff, TIFFTAG_COMPRESSION, &compression);
    if (!compression_accepted(compression)) {
        return pik_raster_fail(decoder, PIK_UNSUPPORTED,
                               "the first page's compression (TIFF code %u) is not one photos and scans use", compression);
    }
    if (TIFFIsTiled(tiff)) {
        uint32_t tile_width = 0, tile_length = 0;
        TIFFGetField(tiff, TIFFTAG_TILEWIDTH, &tile_width);
        TIFFGetField(tiff, TIFFTAG_TILELENGTH, &tile_length);
        if (!tile_side_fits(tile_width, width) || !tile_side_fits(tile_length, height)) {
            return pik_raster_fail(decoder, PIK_CORRUPT, "tiles of %ux%u for a page of %ux%u", tile_width, tile_length,
                                   width, height);
        }
    }
    pik_raster_header *header = &decoder->header;
    header->width = width;
    header->height = height;
    header->bit_depth = bits;
    header->orientation = orientation >= 1 && orientation <= 8 ? orientation : 1;
    int has_alpha = extra_count > 0 && extra != NULL &&
                    (extra[0] == EXTRASAMPLE_ASSOCALPHA || extra[0] == EXTRASAMPLE_UNASSALPHA);
    int grey = photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_MINISWHITE;
    header->color_model = grey                                ? PIK_RASTER_MODEL_GRAY
                          : photometric == PHOTOMETRIC_PALETTE ? PIK_RASTER_MODEL_PALETTE
                          : photometric == PHOTOMETRIC_YCBCR   ? PIK_RASTER_MODEL_YCBCR
                          : photometric == PHOTOMETRIC_SEPARATED ? PIK_RASTER_MODEL_CMYK
                                                                 : PIK_RASTER_MODEL_RGB;
    header->channels = has_alpha ? 4 : grey ? 1 : 3;
    uint32_t icc_length = 0;
    void *icc = NULL;
    // libtiff converts CMYK to RGB by the naive formula: a CMYK profile could not describe that.
    if (photometric != PHOTOMETRIC_SEPARATED && TIFFGetField(tiff, TIFFTAG_ICCPROFILE, &icc_length, &icc)) {
        header->icc = icc;
        header->icc_length = icc_length;
    } else if (photometric == PHOTOMETRIC_SEPARATED && TIFFGetField(tiff, TIFFTAG_ICCPROFILE, &icc_length, &icc)) {
        pik_raster_note(decoder, "CMYK converted to RGB by the naive formula; its ICC profile is not applied");
    }
    char why[1024] = "";
    if (!TIFFRGBAImageOK(tiff, why)) return pik_raster_fail(decoder, PIK_UNSUPPORTED, "%s", why);
    // Counting the pages walks only their directory offsets (libtiff refuses loops).
    state->counting_pages = 1;
    tdir_t pages = TIFFNumberOfDirectories(tiff);
    state->counting_pages = 0;
    header->frames = pages > 0 ? (int)pages : 1;
    if (decoder->failure.status != PIK_OK) return decoder->failure.status;
    return PIK_OK;
}

/// One band of libtiff's RGBA raster into the picture's rows, alpha made straight again.
static void copy_band(const uint32_t *raster, uint32_t width, uint32_t rows, int channels, uint8_t *pixels, size_t stride) {
    for (uint32_t y = 0; y < rows; y++) {
        const uint32_t *in = raster + (size_t)y * width;
        uint8_t *out = pixels + (size_t)y * stride;
        for (uint32_t x = 0; x < width; x++, out += channels) {
            uint32_t abgr = in[x];
            if (channels == 1) {
                out[0] = (uint8_t)TIFFGetR(abgr);
                continue;
            }
            uint8_t r = (uint8_t)TIFFGetR(abgr), g = (uint8_t)TIFFGetG(abgr), b = (uint8_t)TIFFGetB(abgr);
            uint8_t a = (uint8_t)TIFFGetA(abgr);
            // libtiff premultiplies unassociated alpha into the raster; the pipeline wants it straight.
            if (channels == 4 && a != 0 && a != 255) {
                r = (uint8_t)(r * 255u / a > 255 ? 255 : r * 255u / a);
                g = (uint8_t)(g * 255u / a > 255 ? 255 : g * 255u / a);
                b = (uint8_t)(b * 255u / a > 255 ? 255 : b * 255u / a);
            }
            out[0] = r, out[1] = g, out[2] = b;
            if (channels == 4) out[3] = a;
        }
    }
}

static pik_status tiff_read_pixels(pik_raster_decoder *decoder, uint8_t *pixels, size_t stride) {
    tiff_state *state = decoder->state;
    uint32_t width = decoder->header.width, height = decoder->header.height;
    int channels = decoder->header.channels;
    char why[1024] = "";
    TIFFRGBAImage image;
    if (!TIFFRGBAImageBegin(&image, state->tiff, 1, why)) {
        return pik_raster_fail(decoder, PIK_UNSUPPORTED, "%s", why);
    }
    // Asking for the page's own orientation leaves the rows as stored, top row first: the
    // orientation is applied later, with the other formats' EXIF orientation.
    image.req_orientation = image.orientation;
    // The page is read a band at a time, a band being one strip or one row of tiles (libtiff
    // decodes those whole anyway), so that what is held beside the picture is one band's RGBA,
    // not a second copy of the page.
    uint32_t band = 0;
    if (TIFFIsTiled(state->tiff)) {
        TIFFGetField(state->tiff, TIFFTAG_TILELENGTH, &band);
    } else {
        TIFFGetFieldDefaulted(state->tiff, TIFFTAG_ROWSPERSTRIP, &band);
    }
    if (band == 0 || band > height) band = height;
    uint32_t *raster = malloc((size_t)width * (size_t)band * sizeof(uint32_t));
    if (raster == NULL) {
        TIFFRGBAImageEnd(&image);
        return pik_raster_fail(decoder, PIK_OUT_OF_MEMORY, "out of memory for %ux%u pixels", width, band);
    }
    for (uint32_t top = 0; top < height; top += band) {
        uint32_t rows = height - top < band ? height - top : band;
        image.row_offset = (int)top;
        image.col_offset = 0;
        int ok = TIFFRGBAImageGet(&image, raster, width, rows);
        if (!ok || decoder->failure.status != PIK_OK) {
            TIFFRGBAImageEnd(&image);
            free(raster);
            return pik_raster_fail(decoder, decoder->ran_out_of_data ? PIK_TRUNCATED : PIK_CORRUPT,
                                   "rows %u to %u of the page cannot be decoded", top, top + rows - 1);
        }
        copy_band(raster, width, rows, channels, pixels + (size_t)top * stride, stride);
    }
    TIFFRGBAImageEnd(&image);
    free(raster);
    return PIK_OK;
}

static void tiff_destroy(pik_raster_decoder *decoder) {
    tiff_state *state = decoder->state;
    if (state == NULL) return;
    if (state->tiff != NULL) TIFFClose(state->tiff);
    free(state);
}

static void tiff_version(char *buffer, size_t capacity) {
    // "LIBTIFF, Version 4.5.0\nCopyright ...": the number is the second word of the first line.
    const char *text = TIFFGetVersion();
    const char *number = strstr(text, "Version ");
    size_t length = 0;
    if (number != NULL) {
        number += 8;
        while (number[length] != '\0' && number[length] != '\n' && number[length] != ' ') length++;
    }
    snprintf(buffer, capacity, "libtiff %.*s", (int)length, number != NULL ? number : "?");
}

const pik_raster_codec pik_tiff_codec = {tiff_read_header, tiff_read_pixels, tiff_destroy, tiff_version};
