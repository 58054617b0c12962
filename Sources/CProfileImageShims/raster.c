// The one entry point for every raster format but JPEG and PNG: a table per format, common
// bookkeeping here, so that each format's file holds only what talks to its library.

#include "raster_internal.h"

#include <stdlib.h>
#include <string.h>

static const pik_raster_codec *codec_for(pik_raster_format format) {
    switch (format) {
    case PIK_RASTER_WEBP: return &pik_webp_codec;
    case PIK_RASTER_HEIF: return &pik_heif_codec;
    case PIK_RASTER_GIF: return &pik_gif_codec;
    case PIK_RASTER_TIFF: return &pik_tiff_codec;
    case PIK_RASTER_BMP: return &pik_bmp_codec;
    }
    return NULL;
}

pik_raster_decoder *pik_raster_decoder_create(pik_raster_format format, const uint8_t *data, size_t size,
                                              const pik_raster_limits *limits, int strict) {
    if (codec_for(format) == NULL || limits == NULL) return NULL;
    pik_raster_decoder *decoder = calloc(1, sizeof(pik_raster_decoder));
    if (decoder == NULL) return NULL;
    decoder->format = format;
    decoder->data = data;
    decoder->size = size;
    decoder->limits = *limits;
    decoder->strict = strict;
    decoder->frames = 1;
    return decoder;
}

void pik_raster_decoder_destroy(pik_raster_decoder *decoder) {
    if (decoder == NULL) return;
    codec_for(decoder->format)->destroy(decoder);
    free(decoder);
}

static pik_status finish(pik_raster_decoder *decoder, pik_status status, pik_diagnostic *diagnostic) {
    if (status == PIK_OK) {
        *diagnostic = (pik_diagnostic){.status = PIK_OK, .library_code = -1};
        return PIK_OK;
    }
    if (decoder->failure.status == PIK_OK) pik_raster_fail(decoder, status, "failed without a message");
    *diagnostic = decoder->failure;
    return decoder->failure.status;
}

static pik_status misuse(pik_raster_decoder *decoder, pik_diagnostic *diagnostic, const char *message) {
    *diagnostic = (pik_diagnostic){.status = PIK_INTERNAL, .library_code = -1};
    pik_copy_message(diagnostic, message);
    (void)decoder;
    return PIK_INTERNAL;
}

pik_status pik_raster_read_header(pik_raster_decoder *decoder, pik_raster_header *header, pik_diagnostic *diagnostic) {
    memset(header, 0, sizeof *header);
    if (decoder->failure.status != PIK_OK) return finish(decoder, decoder->failure.status, diagnostic);
    if (decoder->header_read) return misuse(decoder, diagnostic, "pik_raster_read_header: called twice");
    pik_status status = codec_for(decoder->format)->read_header(decoder);
    if (status == PIK_OK) {
        status = pik_raster_check_size(decoder, decoder->header.width, decoder->header.height);
    }
    if (status == PIK_OK) {
        decoder->header_read = 1;
        if (decoder->header.frames < 1) decoder->header.frames = 1;
        decoder->frames = decoder->header.frames;
        *header = decoder->header;
    }
    return finish(decoder, status, diagnostic);
}

pik_status pik_raster_read_pixels(pik_raster_decoder *decoder, uint8_t *pixels, size_t stride,
                                  pik_diagnostic *diagnostic) {
    if (!decoder->header_read || decoder->pixels_read) {
        return misuse(decoder, diagnostic, "pik_raster_read_pixels: needs one successful header read first");
    }
    if (pixels == NULL || stride < (size_t)decoder->header.width * (size_t)decoder->header.channels) {
        return misuse(decoder, diagnostic, "pik_raster_read_pixels: no buffer, or rows shorter than the picture's");
    }
    decoder->pixels_read = 1;
    return finish(decoder, codec_for(decoder->format)->read_pixels(decoder, pixels, stride), diagnostic);
}

int pik_raster_frame_count(const pik_raster_decoder *decoder) {
    return decoder->frames;
}

int pik_raster_notes(const pik_raster_decoder *decoder, pik_diagnostic *notes, int capacity) {
    return pik_copy_notes(decoder->notes, decoder->note_count, notes, capacity);
}

void pik_raster_library_version(pik_raster_format format, char *buffer, size_t capacity) {
    if (buffer == NULL || capacity == 0) return;
    buffer[0] = '\0';
    const pik_raster_codec *codec = codec_for(format);
    if (codec != NULL) codec->version(buffer, capacity);
}
