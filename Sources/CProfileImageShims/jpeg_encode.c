// JPEG encoding through libjpeg-turbo, into memory. The setjmp below catches every libjpeg error.
//
// The output goes into a buffer this shim owns, through a destination manager of its own:
// libjpeg's jpeg_mem_dest frees and replaces its buffer as it grows but tells the caller only in
// jpeg_finish_compress, so after an error mid-way the caller's pointer is stale (freeing it is a
// double free, and the live buffer leaks).

#include "CProfileImageShims.h"
#include "shim_internal.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

typedef struct {
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr error_manager;
    jmp_buf jump;
    struct jpeg_destination_mgr destination;
    pik_diagnostic failure;
    unsigned char *buffer;  // always the live output buffer (or NULL): freed on failure
    size_t capacity;
    size_t length;
    size_t fail_after;
    unsigned char *marker;
} pik_jpeg_encoder;

static pik_jpeg_encoder *encoder_of(j_compress_ptr cinfo) {
    // The compress struct is the first member, so the encoder starts at the same address.
    return (pik_jpeg_encoder *)cinfo;
}

static void init_destination(j_compress_ptr cinfo) {
    pik_jpeg_encoder *encoder = encoder_of(cinfo);
    // About what a q85 JPEG of the picture takes, so that most encodes never grow the buffer.
    size_t estimate = (size_t)cinfo->image_width * cinfo->image_height * (size_t)cinfo->input_components / 6 + 16384;
    encoder->capacity = estimate < 65536 ? 65536 : estimate;
    // The failure hook starts small, so that the buffer grows (and is reallocated) a few times
    // before the failure: the error path runs with a buffer that has moved.
    if (encoder->fail_after > 0) encoder->capacity = 4096;
    encoder->buffer = malloc(encoder->capacity);
    if (encoder->buffer == NULL) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 1);
    encoder->destination.next_output_byte = encoder->buffer;
    encoder->destination.free_in_buffer = encoder->capacity;
}

// Called when the buffer is full: doubles it.
static boolean empty_output_buffer(j_compress_ptr cinfo) {
    pik_jpeg_encoder *encoder = encoder_of(cinfo);
    size_t used = encoder->capacity;
    if (encoder->fail_after > 0 && used * 2 > encoder->fail_after) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 2);
    unsigned char *grown = realloc(encoder->buffer, used * 2);
    // On failure the old buffer is still ours, and still freed.
    if (grown == NULL) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 3);
    encoder->buffer = grown;
    encoder->capacity = used * 2;
    encoder->destination.next_output_byte = grown + used;
    encoder->destination.free_in_buffer = encoder->capacity - used;
    return TRUE;
}

static void term_destination(j_compress_ptr cinfo) {
    pik_jpeg_encoder *encoder = encoder_of(cinfo);
    encoder->length = encoder->capacity - encoder->destination.free_in_buffer;
}

static void on_encode_error(j_common_ptr cinfo) {
    pik_jpeg_encoder *encoder = (pik_jpeg_encoder *)cinfo;
    char buffer[JMSG_LENGTH_MAX];
    encoder->error_manager.format_message(cinfo, buffer);
    encoder->failure.status = encoder->error_manager.msg_code == JERR_OUT_OF_MEMORY ? PIK_OUT_OF_MEMORY : PIK_INTERNAL;
    encoder->failure.library_code = encoder->error_manager.msg_code;
    encoder->failure.offset = 0;
    pik_copy_message(&encoder->failure, buffer);
    longjmp(encoder->jump, 1);
}

static void on_encode_message(j_common_ptr cinfo) {
    (void)cinfo;
}

static void set_sampling(struct jpeg_compress_struct *cinfo, int subsampling) {
    if (cinfo->num_components < 3) return;
    int h = subsampling == 2 ? 1 : 2;
    int v = subsampling == 0 ? 2 : 1;
    cinfo->comp_info[0].h_samp_factor = h;
    cinfo->comp_info[0].v_samp_factor = v;
    for (int c = 1; c < cinfo->num_components; c++) {
        cinfo->comp_info[c].h_samp_factor = 1;
        cinfo->comp_info[c].v_samp_factor = 1;
    }
}

static pik_status encode(pik_jpeg_encoder *encoder, const pik_pixels *image, const pik_jpeg_settings *settings) {
    if (setjmp(encoder->jump)) return encoder->failure.status;
    struct jpeg_compress_struct *cinfo = &encoder->cinfo;
    jpeg_create_compress(cinfo);
    encoder->fail_after = settings->fail_after_bytes;
    encoder->destination.init_destination = init_destination;
    encoder->destination.empty_output_buffer = empty_output_buffer;
    encoder->destination.term_destination = term_destination;
    cinfo->dest = &encoder->destination;
    cinfo->image_width = image->width;
    cinfo->image_height = image->height;
    cinfo->input_components = image->channels;
    cinfo->in_color_space = image->channels == 1 ? JCS_GRAYSCALE : image->channels == 4 ? JCS_EXT_RGBX : JCS_RGB;
    jpeg_set_defaults(cinfo);
    jpeg_set_quality(cinfo, settings->quality, TRUE);
    set_sampling(cinfo, settings->subsampling);
    cinfo->optimize_coding = settings->optimize_coding ? TRUE : FALSE;
    if (settings->progressive) jpeg_simple_progression(cinfo);
    jpeg_start_compress(cinfo, TRUE);
    if (settings->exif != NULL && settings->exif_length > 0 && settings->exif_length <= 65533 - 6) {
        encoder->marker = malloc(settings->exif_length + 6);
        if (encoder->marker == NULL) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 0);
        memcpy(encoder->marker, "Exif\0\0", 6);
        memcpy(encoder->marker + 6, settings->exif, settings->exif_length);
        jpeg_write_marker(cinfo, JPEG_APP0 + 1, encoder->marker, (unsigned int)(settings->exif_length + 6));
    }
    if (settings->icc != NULL && settings->icc_length > 0) {
        jpeg_write_icc_profile(cinfo, settings->icc, (unsigned int)settings->icc_length);
    }
    enum { batch = 16 };
    JSAMPROW rows[batch];
    while (cinfo->next_scanline < cinfo->image_height) {
        JDIMENSION count = cinfo->image_height - cinfo->next_scanline;
        if (count > batch) count = batch;
        for (JDIMENSION i = 0; i < count; i++) {
            // libjpeg never writes through input rows; the cast only satisfies its signature.
            rows[i] = (JSAMPROW)(image->pixels + (size_t)(cinfo->next_scanline + i) * image->stride);
        }
        jpeg_write_scanlines(cinfo, rows, count);
    }
    jpeg_finish_compress(cinfo);
    return PIK_OK;
}

pik_status pik_jpeg_encode(const pik_pixels *image, const pik_jpeg_settings *settings, uint8_t **output,
                           size_t *output_length, pik_diagnostic *diagnostic) {
    pik_jpeg_encoder *encoder = calloc(1, sizeof(pik_jpeg_encoder));
    if (encoder == NULL) {
        *diagnostic = (pik_diagnostic){.status = PIK_OUT_OF_MEMORY, .library_code = -1};
        pik_copy_message(diagnostic, "Could not allocate the JPEG encoder");
        return PIK_OUT_OF_MEMORY;
    }
    encoder->cinfo.err = jpeg_std_error(&encoder->error_manager);
    encoder->error_manager.error_exit = on_encode_error;
    encoder->error_manager.output_message = on_encode_message;
    pik_status status = encode(encoder, image, settings);
    jpeg_destroy_compress(&encoder->cinfo);
    free(encoder->marker);
    if (status == PIK_OK) {
        *output = encoder->buffer;
        *output_length = encoder->length;
        *diagnostic = (pik_diagnostic){.status = PIK_OK, .library_code = -1};
    } else {
        free(encoder->buffer);
        *output = NULL;
        *output_length = 0;
        *diagnostic = encoder->failure;
    }
    free(encoder);
    return status;
}

void pik_free(void *buffer) {
    free(buffer);
}
