// PNG decoding through libpng. Every libpng call that can fail runs under a setjmp taken in the
// same function; the error callback records the message and longjmps back to it.

#include "CProfileImageShims.h"
#include "shim_internal.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// The largest ancillary chunk read: ICC profiles, the largest in practice, stay far below it.
static const uint32_t chunk_limit = 16u << 20;

struct pik_png_decoder {
    png_structp png;
    png_infop info;
    const uint8_t *data;
    size_t size;
    size_t position;
    int ran_out_of_data;
    int passes;
    /// Rows of a non-interlaced image read so far by pik_png_read_rows.
    uint32_t rows_read;
    int strict;
    pik_diagnostic failure;
    pik_diagnostic notes[PIK_MAX_NOTES];
    int note_count;
    char read_failure[PIK_MESSAGE_CAPACITY];
};

static pik_status classify_message(const pik_png_decoder *decoder, const char *message) {
    if (decoder->ran_out_of_data) return PIK_TRUNCATED;
    if (strstr(message, "CRC error") || strstr(message, "incorrect data check")) return PIK_BAD_CHECKSUM;
    if (strstr(message, "Not enough image data")) return PIK_TRUNCATED;
    if (strstr(message, "exceeds user limit")) return PIK_LIMIT;
    if (strstr(message, "Insufficient memory") || strstr(message, "Out of memory") ||
        strstr(message, "out of memory")) {
        return PIK_OUT_OF_MEMORY;
    }
    return PIK_CORRUPT;
}

static void on_error(png_structp png, png_const_charp message) {
    pik_png_decoder *decoder = png_get_error_ptr(png);
    decoder->failure.status = classify_message(decoder, message);
    decoder->failure.library_code = -1;
    decoder->failure.offset = decoder->position;
    pik_copy_message(&decoder->failure, message);
    png_longjmp(png, 1);
}

// libpng reports a malformed ancillary chunk as a benign error, on read a warning, and skips the
// chunk: "bKGD: invalid", "gAMA: duplicate", "hIST: out of place", "iCCP: bad compression method",
// "eXIf: incorrect byte-order specifier", "PLTE: ignored in grayscale PNG"... The pixels are
// intact, but the file is damaged, and Django (through Pillow) and pngcheck refuse most of these.
// So under strict every report about a chunk ("XXXX: ...") is a refusal, but for what libpng
// reports as a plain warning about a well-formed file, keeping the chunk: its sRGB-profile notes
// for profiles in wide use ("known incorrect sRGB profile"), chunks that disagree with sRGB, and
// the ICC header oddities it accepts (an unusual profile class or rendering intent, a PCS
// illuminant other than D50). An ICC profile libpng finds broken (bad signature, tag table,
// length) is dropped by it: that is damage, refused. A few malformed chunks are reported as
// plain warnings without the prefix: those by phrase.
static int is_chunk_report(const char *message) {
    for (int i = 0; i < 4; i++) {
        char c = message[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return 0;
    }
    return message[4] == ':' && message[5] == ' ';
}

static int is_malformed_chunk(const char *message) {
    static const char *const harmless[] = {
        "known incorrect sRGB profile", "out-of-date sRGB profile", "Not recognizing known sRGB profile",
        "does not match sRGB", "intent outside defined range", "PCS illuminant is not D50",
        "unexpected DeviceLink ICC profile class", "unexpected NamedColor ICC profile class",
        "unrecognized ICC profile class",
        // Only a text chunk gets here with this (any other is refused before): skipped unread.
        "chunk data is too large",
    };
    static const char *const plain[] = {"malformed sPLT chunk", "sPLT chunk has bad length", "Ignoring invalid time value"};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        if (strstr(message, plain[i]) != NULL) return 1;
    }
    if (!is_chunk_report(message)) return 0;
    for (size_t i = 0; i < sizeof harmless / sizeof harmless[0]; i++) {
        if (strstr(message, harmless[i]) != NULL) return 0;
    }
    return 1;
}

// libpng 1.6 reports an ancillary chunk longer than the chunk_malloc_max limit as a benign error
// ("sPLT: chunk data is too large") and then goes on to allocate, and zero, a buffer of the
// declared length anyway: a 65-byte file claiming a 1.8 GB sPLT costs 1.8 GB and seconds (found by
// fuzzing). So that warning ends the decode under every policy, before the allocation; only the
// text chunks, which libpng skips unread in small pieces, are let through. The chunk's header has
// just been read, so its declared length and type are the 8 bytes before `position`.
static void refuse_oversized_chunk(pik_png_decoder *decoder, png_structp png, const char *message) {
    if (decoder->position < 8) return;
    const uint8_t *header = decoder->data + decoder->position - 8;
    uint32_t length = (uint32_t)header[0] << 24 | (uint32_t)header[1] << 16 | (uint32_t)header[2] << 8 | header[3];
    if (memcmp(header + 4, "tEXt", 4) == 0 || memcmp(header + 4, "zTXt", 4) == 0 || memcmp(header + 4, "iTXt", 4) == 0) {
        return;
    }
    size_t left = decoder->size - decoder->position;
    decoder->failure.library_code = -1;
    decoder->failure.offset = decoder->position;
    if (length > left) {
        decoder->failure.status = PIK_TRUNCATED;
        snprintf(decoder->failure.message, PIK_MESSAGE_CAPACITY,
                 "%s: a chunk declares %u bytes, and only %zu are left", message, length, left);
    } else {
        decoder->failure.status = PIK_RESOURCE_LIMIT;
        snprintf(decoder->failure.message, PIK_MESSAGE_CAPACITY,
                 "%s: an ancillary chunk of %u bytes, above the limit of %u", message, length, chunk_limit);
    }
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    pik_png_decoder *decoder = png_get_error_ptr(png);
    if (strstr(message, "chunk data is too large") != NULL) refuse_oversized_chunk(decoder, png, message);
    // A text chunk too large to keep is skipped all the same: a note, not a refusal.
    pik_diagnostic note = {.status = PIK_OK, .library_code = -1, .offset = decoder->position};
    pik_copy_message(&note, message);
    if (is_malformed_chunk(message) && decoder->strict) {
        decoder->failure = note;
        decoder->failure.status = PIK_CORRUPT;
        png_longjmp(png, 1);
    }
    pik_add_note(decoder->notes, &decoder->note_count, &note);
}

static void on_read(png_structp png, png_bytep out, size_t length) {
    pik_png_decoder *decoder = png_get_io_ptr(png);
    if (length > decoder->size - decoder->position) {
        decoder->ran_out_of_data = 1;
        snprintf(decoder->read_failure, sizeof decoder->read_failure,
                 "Unexpected end of PNG data: %zu more bytes needed, %zu left", length,
                 decoder->size - decoder->position);
        png_error(png, decoder->read_failure);
    }
    memcpy(out, decoder->data + decoder->position, length);
    decoder->position += length;
}

pik_png_decoder *pik_png_decoder_create(const uint8_t *data, size_t size, int strict, uint32_t max_width,
                                        uint32_t max_height) {
    pik_png_decoder *decoder = calloc(1, sizeof(pik_png_decoder));
    if (decoder == NULL) return NULL;
    decoder->data = data;
    decoder->size = size;
    decoder->strict = strict;
    decoder->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, decoder, on_error, on_warning);
    if (decoder->png == NULL) {
        free(decoder);
        return NULL;
    }
    decoder->info = png_create_info_struct(decoder->png);
    if (decoder->info == NULL) {
        png_destroy_read_struct(&decoder->png, NULL, NULL);
        free(decoder);
        return NULL;
    }
    png_set_read_fn(decoder->png, decoder, on_read);
    png_set_user_limits(decoder->png, max_width, max_height);
    png_set_chunk_malloc_max(decoder->png, chunk_limit);
    png_set_crc_action(decoder->png, PNG_CRC_ERROR_QUIT, strict ? PNG_CRC_ERROR_QUIT : PNG_CRC_WARN_DISCARD);
    // Text chunks are never used; skipping them unread (the CRC still checked) also defuses zTXt
    // and iTXt bombs. Every other ancillary chunk is read, so that a malformed one is found.
    static const png_byte ignored[] = "tEXt\0zTXt\0iTXt";
    png_set_keep_unknown_chunks(decoder->png, PNG_HANDLE_CHUNK_NEVER, ignored, (int)(sizeof ignored / 5));
    return decoder;
}

void pik_png_decoder_destroy(pik_png_decoder *decoder) {
    if (decoder == NULL) return;
    png_destroy_read_struct(&decoder->png, &decoder->info, NULL);
    free(decoder);
}

pik_status pik_png_read_header(pik_png_decoder *decoder, pik_png_header *header, pik_diagnostic *diagnostic) {
    memset(header, 0, sizeof *header);
    if (setjmp(png_jmpbuf(decoder->png))) {
        *diagnostic = decoder->failure;
        return decoder->failure.status;
    }
    png_structp png = decoder->png;
    png_infop info = decoder->info;
    png_read_info(png, info);

    header->width = png_get_image_width(png, info);
    header->height = png_get_image_height(png, info);
    header->bit_depth = png_get_bit_depth(png, info);
    header->color_type = png_get_color_type(png, info);
    header->interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
    header->has_transparency_chunk = png_get_valid(png, info, PNG_INFO_tRNS) != 0;

    png_charp icc_name = NULL;
    int compression = 0;
    png_bytep icc = NULL;
    png_uint_32 icc_length = 0;
    if (png_get_iCCP(png, info, &icc_name, &compression, &icc, &icc_length) == PNG_INFO_iCCP) {
        header->icc = icc;
        header->icc_length = icc_length;
    }
    png_bytep exif = NULL;
    png_uint_32 exif_length = 0;
    if (png_get_eXIf_1(png, info, &exif_length, &exif) == PNG_INFO_eXIf) {
        header->exif = exif;
        header->exif_length = exif_length;
    }

    // Normalise every colour type and depth to 8-bit grey, RGB or RGBA. Opaque grey stays one
    // channel (a third of the memory and work, and a grey output, as a grey JPEG gives); grey
    // with alpha, or with a tRNS key, becomes RGBA.
    int color_type = header->color_type;
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && header->bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (header->has_transparency_chunk) png_set_tRNS_to_alpha(png);
    if (header->bit_depth == 16) png_set_scale_16(png);
    if (color_type == PNG_COLOR_TYPE_GRAY_ALPHA || (color_type == PNG_COLOR_TYPE_GRAY && header->has_transparency_chunk)) {
        png_set_gray_to_rgb(png);
    }
    decoder->passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    header->channels = png_get_channels(png, info);
    *diagnostic = (pik_diagnostic){.status = PIK_OK, .library_code = -1};
    return PIK_OK;
}

pik_status pik_png_read_rows(pik_png_decoder *decoder, uint8_t *pixels, size_t stride, uint32_t count,
                             pik_diagnostic *diagnostic) {
    if (decoder->passes != 1) {
        *diagnostic = (pik_diagnostic){.status = PIK_INTERNAL, .library_code = -1};
        pik_copy_message(diagnostic, "pik_png_read_rows: an interlaced image must be read whole");
        return PIK_INTERNAL;
    }
    if (setjmp(png_jmpbuf(decoder->png))) {
        *diagnostic = decoder->failure;
        return decoder->failure.status;
    }
    png_uint_32 height = png_get_image_height(decoder->png, decoder->info);
    for (uint32_t done = 0; done < count && decoder->rows_read < height; done++) {
        png_read_row(decoder->png, pixels + (size_t)done * stride, NULL);
        decoder->rows_read++;
    }
    *diagnostic = (pik_diagnostic){.status = PIK_OK, .library_code = -1};
    return PIK_OK;
}

pik_status pik_png_read_pixels(pik_png_decoder *decoder, uint8_t *pixels, size_t stride,
                               pik_diagnostic *diagnostic) {
    if (setjmp(png_jmpbuf(decoder->png))) {
        *diagnostic = decoder->failure;
        return decoder->failure.status;
    }
    png_structp png = decoder->png;
    png_uint_32 height = png_get_image_height(png, decoder->info);
    // With interlace handling, each Adam7 pass fills in the rows left by the previous ones. A
    // non-interlaced image goes on from the rows pik_png_read_rows has read.
    if (decoder->passes == 1) {
        for (png_uint_32 y = decoder->rows_read; y < height; y++) {
            png_read_row(png, pixels + (size_t)(y - decoder->rows_read) * stride, NULL);
        }
        decoder->rows_read = height;
    } else {
        for (int pass = 0; pass < decoder->passes; pass++) {
            for (png_uint_32 y = 0; y < height; y++) png_read_row(png, pixels + (size_t)y * stride, NULL);
        }
    }
    // Reads the chunks after the image through IEND: with the info struct, each is parsed and
    // checked as the ones before the image were (without it, libpng checks only their CRCs).
    png_read_end(png, decoder->info);
    *diagnostic = (pik_diagnostic){.status = PIK_OK, .library_code = -1};
    return PIK_OK;
}

int pik_png_notes(const pik_png_decoder *decoder, pik_diagnostic *notes, int capacity) {
    return pik_copy_notes(decoder->notes, decoder->note_count, notes, capacity);
}

const char *pik_png_library_version(void) {
    return png_get_libpng_ver(NULL);
}
