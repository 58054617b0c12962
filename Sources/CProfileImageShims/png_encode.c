// PNG encoding through libpng, into memory. The setjmp below catches every libpng error.

#include "CProfileImageShims.h"
#include "shim_internal.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    png_structp png;
    png_infop info;
    pik_diagnostic failure;
    uint8_t *buffer;
    size_t length;
    size_t capacity;
    size_t fail_after;
} pik_png_encoder;

static void on_write_error(png_structp png, png_const_charp message) {
    pik_png_encoder *encoder = png_get_error_ptr(png);
    encoder->failure.status = strstr(message, "memory") ? PIK_OUT_OF_MEMORY : PIK_INTERNAL;
    encoder->failure.library_code = -1;
    encoder->failure.offset = 0;
    pik_copy_message(&encoder->failure, message);
    png_longjmp(png, 1);
}

static void on_write_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void on_write(png_structp png, png_bytep data, size_t length) {
    pik_png_encoder *encoder = png_get_io_ptr(png);
    if (encoder->length + length > encoder->capacity) {
        // The failure hook starts small, so that the buffer has grown before the failure.
        size_t capacity = encoder->capacity ? encoder->capacity : encoder->fail_after > 0 ? 4096 : 65536;
        while (capacity < encoder->length + length) capacity *= 2;
        if (encoder->fail_after > 0 && capacity > encoder->fail_after) {
            png_error(png, "Out of memory growing the output buffer (test limit)");
        }
        uint8_t *grown = realloc(encoder->buffer, capacity);
        if (grown == NULL) png_error(png, "Out of memory growing the output buffer");
        encoder->buffer = grown;
        encoder->capacity = capacity;
    }
    memcpy(encoder->buffer + encoder->length, data, length);
    encoder->length += length;
}

static void on_flush(png_structp png) {
    (void)png;
}

static pik_status encode(pik_png_encoder *encoder, const pik_pixels *image, const pik_png_settings *settings) {
    if (setjmp(png_jmpbuf(encoder->png))) return encoder->failure.status;
    png_structp png = encoder->png;
    png_infop info = encoder->info;
    png_set_write_fn(png, encoder, on_write, on_flush);
    png_set_compression_level(png, settings->compression_level);
    int color_type = image->channels == 1 ? PNG_COLOR_TYPE_GRAY
                   : image->channels == 4 ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB;
    png_set_IHDR(png, info, image->width, image->height, 8, color_type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (settings->icc != NULL && settings->icc_length > 0) {
        png_set_iCCP(png, info, "icc", PNG_COMPRESSION_TYPE_BASE, settings->icc, (png_uint_32)settings->icc_length);
    }
    if (settings->exif != NULL && settings->exif_length > 0) {
        png_set_eXIf_1(png, info, (png_uint_32)settings->exif_length, (png_bytep)settings->exif);
    }
    png_write_info(png, info);
    for (uint32_t y = 0; y < image->height; y++) {
        png_write_row(png, image->pixels + (size_t)y * image->stride);
    }
    png_write_end(png, NULL);
    return PIK_OK;
}

pik_status pik_png_encode(const pik_pixels *image, const pik_png_settings *settings, uint8_t **output,
                          size_t *output_length, pik_diagnostic *diagnostic) {
    pik_png_encoder *encoder = calloc(1, sizeof(pik_png_encoder));
    if (encoder == NULL) {
        *diagnostic = (pik_diagnostic){.status = PIK_OUT_OF_MEMORY, .library_code = -1};
        pik_copy_message(diagnostic, "Could not allocate the PNG encoder");
        return PIK_OUT_OF_MEMORY;
    }
    encoder->fail_after = settings->fail_after_bytes;
    encoder->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, encoder, on_write_error, on_write_warning);
    encoder->info = encoder->png ? png_create_info_struct(encoder->png) : NULL;
    pik_status status = PIK_OUT_OF_MEMORY;
    // Known before the destroy below, which clears the pointers (and so every error read as this).
    int allocated = encoder->info != NULL;
    if (allocated) status = encode(encoder, image, settings);
    png_destroy_write_struct(&encoder->png, &encoder->info);
    if (status == PIK_OK) {
        *output = encoder->buffer;
        *output_length = encoder->length;
        *diagnostic = (pik_diagnostic){.status = PIK_OK, .library_code = -1};
    } else {
        free(encoder->buffer);
        *output = NULL;
        *output_length = 0;
        *diagnostic = encoder->failure;
        diagnostic->status = status;
        if (!allocated) pik_copy_message(diagnostic, "Could not allocate the PNG encoder");
    }
    free(encoder);
    return status;
}
